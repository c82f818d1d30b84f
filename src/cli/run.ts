// `aio-requests run <file.http|folder>…`: sends each file's requests in order (or the named ones with what their
// chains need), checks their `?? …` assertions, and prints one line, one JSON line or one TAP test per request.
import { readFile, writeFile } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import { parseArgs } from 'node:util';
import { AioError } from '../core/errors';
import { junitXml } from '../core/report/junit';
import { TAP_HEADER, tapPlan, tapTestLines } from '../core/report/tap';
import { collectHttpFiles } from './http-files';
import { loadRunFiles } from './run-files';
import { jsonLine, pageCases, printCase } from './output';
import { cliPacing, outputChoice, parseDuration, parseSize } from './run-options';
import { DEFAULT_MAX_FILE_SIZE } from '../core/http/parser';
import { AuthHostList } from '../core/net/auth-hosts';
import { KnownSecrets } from '../core/known-secrets';
import type { TransportOptions } from '../core/run/run-context';
import { FileBatch, type BatchOutcome } from '../core/run/file-batch';
import { journeyLimitsLoader, type JourneyLimitsLoader } from '../core/traffic/journey-limits';
import { printable } from './terminal-text';
import type { RequestAuthenticator } from '../core/ims/types';
import type { CliCommand, CliIo } from './commands';
import { CREDENTIAL_OPTIONS_USAGE, loadCredentials, parseCredentialArgs, registerEnvironmentSecrets, type CredentialArgs } from './credentials-from-args';

const USAGE = `Usage: aio-requests run <file.http|folder>… [options]

Sends the requests of .http files (REST Client syntax; a folder means every .http/.rest file under it) in
order, checks their \`?? …\` assertions (httpYac syntax) and prints one line per request.

Options:
  --env NAME            environment from http-client.env.json / http-client.private.env.json
  --name REQ            run only this request (its # @name or title) and the requests it chains on; repeatable
  --auth-host HOST[:PORT]  also send Adobe headers to this host (besides *.adobe.io); repeatable
  --sandbox NAME        Experience Platform sandbox for requests that name none
  --output MODE         status (default): one line per request; headers: and the response headers;
                        body: only the response bodies on stdout (status lines go to stderr); exchange: the
                        request as sent (credentials masked) and the whole response
  --json                one JSON object per line instead of text, with the response headers and body
  --json-body-max SIZE  most of each body put in a JSON line (default 1MB; base64 for binary bodies)
  --reporter tap        TAP version 14 on stdout instead of text
  --junit FILE          also write a JUnit XML report (a testsuite per file, a testcase per request)
  --fail-on-status      exit 1 when a response status is 400 or above (a request asserting its own
                        status with ?? status … is judged by that assertion instead)
  --timeout TIME        deadline for each request, redirects and body included (e.g. 30s, 2m; default 5m);
                        a request's # @timeout wins
  --connect-timeout TIME  deadline for opening a connection (default 10s)
  --max-wait TIME       most time one request may spend in all waiting for 429 Retry-After before its
                        retries (default 15m); past it the 429 is reported and the run goes on
  --max-size SIZE       stop reading a response past this size (e.g. 500KB, 50MB; default 50MB)
  --max-file-size SIZE  refuse a .http file larger than this without parsing it (default 20MB)
  --max-resolved-size SIZE  most text one variable, and one request's URL, headers and body together,
                        may resolve to (default 10MB); a request over it is not sent
  --rate RATE           send at most RATE requests (e.g. 15/s, 100/min, 1000/h) in any window; a file's or a
                        request's # @rate wins
  --concurrency N       at most N requests in flight at once (# @concurrency wins); 1 to 1000
  --journey-url URL     Journey API base URL the deployed configs are read from (default
                        https://platform.adobe.io/journey/orchestration; "legacy" for the older path)
  --ignore-limits       do not read or apply deployed Journey capping/throttling limits (as # @no-limits
                        does for one request or file); a 429 is still waited out
  --journey-limits      accepted for older scripts and does nothing: Journey limits apply by default
  --allow-file-root DIR  also let body includes (< path) and .env be read under DIR (besides the file's
                        folder and the working directory); repeatable

With credentials, the active sandbox's deployed Journey capping and throttling configs are read once (when
the first request is sent) and every request they cover stays under its live limits: calls per period in
any sliding window and connections (capping), FIFO at maxThroughput (throttling). If they cannot be read,
one warning says why and the run goes on without them. Known Adobe limits (CJA: 12 calls / 6 s per user)
pace matching requests unless --rate or # @rate is given. A request with # @paginate [max=N] follows the
API's next pages and prints one line (one --json object) per page. Lines on stderr say which limits paced
the run, or why Journey limits did not.

A request to a host outside *.adobe.io and --auth-host hosts is not sent when it carries a secret of the
credentials or a token of this run; # @allow-secret NAME above one request lets it through.

Credentials (for requests to *.adobe.io and --auth-host hosts, and {{$aio.*}} variables):
${CREDENTIAL_OPTIONS_USAGE}

Exit status: 0 when every request got a response and passed its assertions, 1 when one could not be sent,
an assertion failed or a file holds no request (or, with --fail-on-status, a status was >= 400), 2 for bad
usage, refused credentials or a file over --max-file-size, 130 when interrupted.`;

/** Default of --json-body-max. */
const JSON_BODY_MAX = 1024 * 1024;

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        env: { type: 'string' },
        name: { type: 'string', multiple: true },
        'auth-host': { type: 'string', multiple: true },
        sandbox: { type: 'string' },
        json: { type: 'boolean' },
        output: { type: 'string' },
        'json-body-max': { type: 'string' },
        reporter: { type: 'string' },
        junit: { type: 'string' },
        'fail-on-status': { type: 'boolean' },
        timeout: { type: 'string' },
        'connect-timeout': { type: 'string' },
        'max-wait': { type: 'string' },
        'max-size': { type: 'string' },
        'allow-file-root': { type: 'string', multiple: true },
        'max-file-size': { type: 'string' },
        'max-resolved-size': { type: 'string' },
        rate: { type: 'string' },
        concurrency: { type: 'string' },
        'ignore-limits': { type: 'boolean' },
        'journey-limits': { type: 'boolean' },
        'journey-url': { type: 'string' },
      },
    });
  } catch (error) {
    throw new AioError('usage', `${(error as Error).message}\n${USAGE}`);
  }
}

/** Builds the authenticator from the credential options and AIO_* secrets, as `aio-requests token` does. */
async function authenticatorFrom(args: CredentialArgs, io: CliIo, knownSecrets: KnownSecrets): Promise<{ authenticator: RequestAuthenticator; profile: { orgId?: string; sandbox?: string; clientId?: string; imsHost?: string } }> {
  const loaded = await loadCredentials(args, { env: io.env, cwd: io.cwd, knownSecrets });
  for (const warning of loaded.warnings) io.err(`warning: ${warning}\n`);
  return loaded;
}

async function run(args: string[], io: CliIo): Promise<number> {
  const { credentials, rest } = parseCredentialArgs(args);
  const { values, positionals } = parse(rest);
  if (positionals.length === 0) throw new AioError('usage', `Name a .http file or a folder of them.\n${USAGE}`);
  const authHosts = values['auth-host'] ?? [];
  const badHosts = AuthHostList.invalid(authHosts);
  if (badHosts.length > 0) throw new AioError('usage', `--auth-host '${badHosts[0]}' is not a host or host:port.`);
  const { mode, tap } = outputChoice(values);
  const jsonBodyMax = parseSize('--json-body-max', values['json-body-max']) ?? JSON_BODY_MAX;
  const pacing = cliPacing(values);
  const maxFileSize = parseSize('--max-file-size', values['max-file-size']) ?? DEFAULT_MAX_FILE_SIZE;
  const maxResolvedSize = parseSize('--max-resolved-size', values['max-resolved-size']);
  const totalTimeoutMs = parseDuration('--timeout', values.timeout);
  const connectTimeoutMs = parseDuration('--connect-timeout', values['connect-timeout']);
  const maxWaitMs = parseDuration('--max-wait', values['max-wait']);
  const maxResponseBytes = parseSize('--max-size', values['max-size']);
  const loaded = await loadRunFiles(await collectHttpFiles(io.cwd, positionals), maxFileSize, io);
  if ('exit' in loaded) return loaded.exit;
  if (loaded.files.length === 0) return 1;

  // Every secret this run knows, from the environment and the credentials, and every token it mints.
  const knownSecrets = new KnownSecrets();
  registerEnvironmentSecrets(knownSecrets, io.env);
  let authenticator: RequestAuthenticator | undefined;
  let journey: JourneyLimitsLoader | undefined;
  // Credentials come from flags, or from AIO_* variables alone (CI).
  if (Object.keys(credentials).length > 0 || io.env.AIO_CLIENT_ID?.trim()) {
    try {
      const loadedCredentials = await authenticatorFrom(credentials, io, knownSecrets);
      authenticator = loadedCredentials.authenticator;
      const { orgId, sandbox } = loadedCredentials.profile;
      // Journey limits by default: read lazily, on the first request that is not opted out.
      if (!pacing.noLimits) {
        const { clientId, imsHost } = loadedCredentials.profile;
        journey = journeyLimitsLoader({ authenticator, authHosts, sandbox: values.sandbox ?? sandbox ?? 'prod', orgId, journeyUrl: values['journey-url'], env: io.env, credentialKey: `${clientId}@${orgId}@${imsHost}`, onWarning: (line) => io.err(`warning: ${line}\n`) });
      }
    } catch (error) {
      // Refused credentials are refused input, as for `aio-requests token`: exit 2 with the reason.
      if (!(error instanceof AioError) || error.code === 'usage') throw error;
      io.err(`aio-requests run: ${error.message}\n`);
      return 2;
    }
  }

  // Lines are batched (flushed at most every 100 ms and at the end): a terminal still sees progress, and a
  // 1,000-request run does not pay for 1,000 writes.
  let pending = '';
  let pendingErr = '';
  let lastFlush = performance.now();
  const flush = (): void => {
    if (pendingErr !== '') io.err(pendingErr);
    if (pending !== '') io.out(pending);
    pending = '';
    pendingErr = '';
    lastFlush = performance.now();
  };
  const transport: TransportOptions = {
    // Like a request's # @timeout, --timeout also bounds the wait for headers and the pauses in a body.
    totalTimeoutMs,
    headersTimeoutMs: totalTimeoutMs,
    bodyTimeoutMs: totalTimeoutMs,
    connectTimeoutMs,
    maxWaitMs,
    maxResponseBytes,
    // Only JSON lines show connection timings; text output never asks undici which socket carried a request.
    connectionTimings: values.json === true,
    // Only `--output exchange` prints the request's headers and body.
    requestDetails: mode === 'exchange',
    onWait: ({ ms, url }) => {
      flush();
      io.err(`waiting ${Math.ceil(ms / 1000)} s before retrying ${printable(url)} (429 Retry-After)\n`);
    },
  };
  const batch = await FileBatch.plan({
    files: loaded.files,
    names: values.name,
    workspaceRoot: io.cwd,
    readFile: (path: string) => readFile(path),
    extraFileRoots: (values['allow-file-root'] ?? []).map((dir) => resolvePath(io.cwd, dir)),
    howToAllow: 'To allow it, run with --allow-file-root DIR naming a folder that holds it.',
    processEnv: io.env,
    environmentName: values.env,
    authHosts,
    sandbox: values.sandbox,
    authenticator,
    knownSecrets,
    transport,
    maxResolvedSize,
    pacing,
    journey,
    failOnStatus: values['fail-on-status'] === true,
  });

  const onInterrupt = (): void => batch.cancel();
  process.once('SIGINT', onInterrupt);
  let notSent = 0;
  let tapCount = 0;
  const several = batch.files.length > 1;
  if (tap) pending += TAP_HEADER;
  let outcome: BatchOutcome;
  try {
    outcome = await batch.run({
      // Only a JUnit report needs every case at the end; printed cases are let go as the run goes.
      keepCases: values.junit !== undefined,
      onFile: (entry) => {
        if (several && !values.json && !tap) pending += `${entry.display}\n`;
      },
      onCase: (testCase, entry) => {
        const { run: done } = testCase;
        if (tap) {
          pending += tapTestLines(++tapCount, testCase, several ? entry.display : undefined);
        } else if (!done.sent && done.result.error?.kind === 'aborted' && !values.json) {
          notSent++;
          return;
        } else {
          // `# @paginate`: one line (one JSON object) per page.
          for (const page of pageCases(testCase)) {
            if (values.json) {
              pending += jsonLine(page, entry.display, jsonBodyMax);
            } else {
              const printed = printCase(page, { mode, terminal: io.terminal === true });
              pending += printed.out;
              pendingErr += printed.err;
            }
          }
        }
        if (pending.length + pendingErr.length > 65_536 || performance.now() - lastFlush >= 100) flush();
      },
    });
  } finally {
    if (notSent > 0) pending += `${notSent} request${notSent === 1 ? '' : 's'} not sent: interrupted\n`;
    if (tap) pending += tapPlan(tapCount);
    flush();
    process.removeListener('SIGINT', onInterrupt);
  }
  // Which limits shaped the run (Journey configs, Adobe's known limits, directives), on stderr so stdout stays data.
  for (const line of outcome.pacing) io.err(`${line}\n`);
  if (values.junit !== undefined) {
    const target = resolvePath(io.cwd, values.junit);
    try {
      await writeFile(target, junitXml(outcome.suites));
    } catch (error) {
      io.err(`aio-requests run: cannot write the JUnit report to ${target}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.\n`);
      return outcome.cancelled ? 130 : 1;
    }
  }
  // 130: the shell's code for "ended by Ctrl-C".
  if (outcome.cancelled) return 130;
  return outcome.failed || loaded.noRequests ? 1 : 0;
}

export const runCommand: CliCommand = {
  summary: 'send the requests of a .http file',
  usage: USAGE,
  run,
};
