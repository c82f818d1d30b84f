// `aio-requests run <file.http|folder>…`: sends each file's requests in order (or the named ones with what their
// chains need), checks their `?? …` assertions, and prints one line, one JSON line or one TAP test per request.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve as resolvePath } from 'node:path';
import { parseArgs } from 'node:util';
import { AioError } from '../core/errors';
import { selectBlocks } from '../core/http/file-runner';
import type { HttpFile } from '../core/http/parse-types';
import { runHttpFileAsTests, type TestCaseResult, type TestSuiteResult } from '../core/testing/test-cases';
import { junitXml } from '../core/report/junit';
import { TAP_HEADER, tapPlan, tapTestLines } from '../core/report/tap';
import { collectHttpFiles, type HttpFileEntry } from './http-files';
import { jsonLine, OUTPUT_MODES, printCase, type OutputMode } from './output';
import { loadEnvironments, selectEnvironment } from '../core/http/environments';
import { DEFAULT_MAX_FILE_SIZE, fileSizeProblem, parseHttpFile } from '../core/http/parser';
import { AuthHostList } from '../core/net/auth-hosts';
import { HttpRunner } from '../core/http/runner';
import { confinedReader } from '../core/http/file-roots';
import { KnownSecrets } from '../core/known-secrets';
import type { AioVariableName } from '../core/http/variables';
import { printable } from './terminal-text';
import type { RequestOptions } from '../core/http/types';
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
  --allow-file-root DIR  also let body includes (< path) and .env be read under DIR (besides the file's
                        folder and the working directory); repeatable

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
      },
    });
  } catch (error) {
    throw new AioError('usage', `${(error as Error).message}\n${USAGE}`);
  }
}

/** `30s`, `2m`, `1500ms` or a bare number of milliseconds. */
export function parseDuration(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/i.exec(value);
  const ms = m ? Number(m[1]) * ({ ms: 1, s: 1000, m: 60_000 }[(m[2] ?? 'ms').toLowerCase() as 'ms' | 's' | 'm']) : NaN;
  if (!Number.isFinite(ms) || ms <= 0) throw new AioError('usage', `${flag} '${value}' is not a duration: write e.g. 30s, 2m or 1500ms.`);
  return ms;
}

/** `500KB`, `50MB`, `1GB` or a bare number of bytes. */
export function parseSize(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(value);
  const unit = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[(m?.[2] ?? 'b').toLowerCase() as 'b' | 'kb' | 'mb' | 'gb'];
  const bytes = m ? Math.floor(Number(m[1]) * unit) : NaN;
  if (!Number.isFinite(bytes) || bytes <= 0) throw new AioError('usage', `${flag} '${value}' is not a size: write e.g. 500KB or 50MB.`);
  return bytes;
}

/** Builds the authenticator from the credential options and AIO_* secrets, as `aio-requests token` does. */
async function authenticatorFrom(args: CredentialArgs, io: CliIo, knownSecrets: KnownSecrets): Promise<RequestAuthenticator> {
  const loaded = await loadCredentials(args, { env: io.env, cwd: io.cwd, knownSecrets });
  for (const warning of loaded.warnings) io.err(`warning: ${warning}\n`);
  return loaded.authenticator;
}

/** A file read and parsed before anything is sent. */
interface LoadedFile extends HttpFileEntry {
  file: HttpFile;
}

/** Parses `--output`, `--reporter` and their combinations with `--json`. */
function outputChoice(values: { output?: string; reporter?: string; json?: boolean }): { mode: OutputMode; tap: boolean } {
  const mode = (values.output ?? 'status') as OutputMode;
  if (!(OUTPUT_MODES as readonly string[]).includes(mode)) throw new AioError('usage', `--output '${values.output}' is not an output mode: use ${OUTPUT_MODES.join(', ')}.`);
  if (values.reporter !== undefined && values.reporter !== 'tap' && values.reporter !== 'text') {
    throw new AioError('usage', `--reporter '${values.reporter}' is not a reporter: use tap (or --json, or --junit FILE).`);
  }
  const tap = values.reporter === 'tap';
  if (tap && values.json) throw new AioError('usage', '--reporter tap and --json both choose what stdout carries: pick one.');
  if ((tap || values.json) && values.output !== undefined && mode !== 'status') {
    throw new AioError('usage', `--output ${mode} prints text; it cannot be combined with ${tap ? '--reporter tap' : '--json'} (--json lines carry the headers and body already).`);
  }
  return { mode, tap };
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

  const maxFileSize = parseSize('--max-file-size', values['max-file-size']) ?? DEFAULT_MAX_FILE_SIZE;
  const maxResolvedSize = parseSize('--max-resolved-size', values['max-resolved-size']);
  const entries = await collectHttpFiles(io.cwd, positionals);
  // Every file is read and parsed before anything is sent: a bad one stops the run before it starts.
  const files: LoadedFile[] = [];
  let noRequests = false;
  for (const entry of entries) {
    let text: string;
    try {
      // The size is checked before reading: a file over the limit is never loaded or parsed.
      const tooLarge = fileSizeProblem((await stat(entry.path)).size, maxFileSize);
      if (tooLarge) {
        io.err(`aio-requests run: ${entry.display}: ${tooLarge}\n`);
        return 2;
      }
      text = await readFile(entry.path, 'utf8');
    } catch (error) {
      throw new AioError('file-not-found', `Cannot read ${entry.path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
    }
    const file = parseHttpFile(text);
    // Problems inside a request stop that request with its own message; those outside any request are shown here,
    // and so are assertions and handlers that will not be checked (in CI, a check silently skipped is a lie).
    for (const problem of file.problems) {
      const unchecked = problem.code === 'assertion-unsupported' || problem.code === 'script-unsupported';
      if ((problem.blockIndex === undefined && problem.severity === 'error') || unchecked) {
        io.err(`${entry.display}:${problem.range.start.line + 1}: ${unchecked ? 'warning: ' : ''}${problem.message}\n`);
      }
    }
    if (file.blocks.length === 0) {
      io.err(`aio-requests run: ${entry.display} holds no request (a request starts with a line such as \`GET https://…\`).\n`);
      noRequests = true;
      continue;
    }
    files.push({ ...entry, file });
  }
  if (files.length === 0) return 1;
  if (values.name) {
    // With several files a name may live in any of them; it must live in one.
    const unknown = values.name.filter((name) => files.every(({ file }) => selectBlocks(file, [name]).unknown.length > 0));
    if (unknown.length > 0) {
      const known = files.flatMap(({ file }) => file.blocks.map((b) => b.name ?? b.title)).filter((n) => n !== undefined);
      const where = files.length === 1 ? files[0].display : `${files.length} files`;
      throw new AioError('usage', `No request named ${unknown.map((n) => `'${n}'`).join(', ')} in ${where}.${known.length ? ` Known: ${known.join(', ')}.` : ''}`);
    }
  }

  const totalTimeoutMs = parseDuration('--timeout', values.timeout);
  const connectTimeoutMs = parseDuration('--connect-timeout', values['connect-timeout']);
  const maxWaitMs = parseDuration('--max-wait', values['max-wait']);
  const maxResponseBytes = parseSize('--max-size', values['max-size']);

  // Every secret this run knows, from the environment and the credentials, and every token it mints.
  const knownSecrets = new KnownSecrets();
  registerEnvironmentSecrets(knownSecrets, io.env);
  let authenticator: RequestAuthenticator | undefined;
  // Credentials come from flags, or from AIO_* variables alone (CI).
  if (Object.keys(credentials).length > 0 || io.env.AIO_CLIENT_ID?.trim()) {
    try {
      authenticator = await authenticatorFrom(credentials, io, knownSecrets);
    } catch (error) {
      // Refused credentials are refused input, as for `aio-requests token`: exit 2 with the reason.
      if (!(error instanceof AioError) || error.code === 'usage') throw error;
      io.err(`aio-requests run: ${error.message}\n`);
      return 2;
    }
  }
  const sandbox = values.sandbox;
  const aioVariable = authenticator
    ? async (name: AioVariableName, options: RequestOptions): Promise<string | undefined> => {
        const auth = await authenticator.authenticate(options.profile, { sandbox: options.sandbox ?? sandbox });
        return auth.variables[name];
      }
    : undefined;

  const controller = new AbortController();
  const onInterrupt = (): void => controller.abort();
  process.once('SIGINT', onInterrupt);
  const failOnStatus = values['fail-on-status'] === true;
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
  const runner = new HttpRunner({
    authenticator,
    authHosts,
    knownSecrets,
    sandbox,
    env: io.env,
    // Like a request's # @timeout, --timeout also bounds the wait for headers and the pauses in a body.
    totalTimeoutMs,
    headersTimeoutMs: totalTimeoutMs,
    bodyTimeoutMs: totalTimeoutMs,
    connectTimeoutMs,
    maxWaitMs,
    maxResponseBytes,
    onWait: ({ ms, url }) => {
      flush();
      io.err(`waiting ${Math.ceil(ms / 1000)} s before retrying ${printable(url)} (429 Retry-After)\n`);
    },
  });
  let failed = noRequests;
  let notSent = 0;
  let tapCount = 0;
  const suites: TestSuiteResult[] = [];
  const several = files.length > 1;
  if (tap) pending += TAP_HEADER;
  try {
    for (const entry of files) {
      if (controller.signal.aborted) break;
      const filePath = entry.path;
      // Includes and .env stay inside the file's folder, the working directory and the roots the user added.
      const readBytes = confinedReader((path: string) => readFile(path), {
        roots: [dirname(filePath), io.cwd, ...(values['allow-file-root'] ?? []).map((dir) => resolvePath(io.cwd, dir))],
        howToAllow: 'To allow it, run with --allow-file-root DIR naming a folder that holds it.',
      });
      const environments = await loadEnvironments({ filePath, workspaceRoot: io.cwd, readFile: readBytes });
      const environment = selectEnvironment(environments, values.env);
      const names = values.name?.filter((name) => selectBlocks(entry.file, [name]).unknown.length === 0);
      if (values.name && names?.length === 0) continue;
      if (several && !values.json && !tap) pending += `${entry.display}\n`;
      const onCase = (testCase: TestCaseResult): void => {
        if (testCase.status === 'failed' || testCase.status === 'errored') failed = true;
        const { run: done } = testCase;
        if (tap) {
          pending += tapTestLines(++tapCount, testCase, several ? entry.display : undefined);
        } else if (values.json) {
          pending += jsonLine(testCase, entry.display, jsonBodyMax);
        } else if (!done.sent && done.result.error?.kind === 'aborted') {
          notSent++;
          return;
        } else {
          const printed = printCase(testCase, { mode, terminal: io.terminal === true });
          pending += printed.out;
          pendingErr += printed.err;
        }
        if (pending.length + pendingErr.length > 65_536 || performance.now() - lastFlush >= 100) flush();
      };
      suites.push(await runHttpFileAsTests(entry.display, entry.file, runner, {
        names,
        signal: controller.signal,
        context: { filePath, workspaceRoot: io.cwd, readFile: readBytes, processEnv: io.env, environment, aioVariable, authHosts, maxResolvedSize },
        failOnStatus,
        onCase,
      }));
    }
  } finally {
    if (notSent > 0) pending += `${notSent} request${notSent === 1 ? '' : 's'} not sent: interrupted\n`;
    if (tap) pending += tapPlan(tapCount);
    flush();
    process.removeListener('SIGINT', onInterrupt);
    await runner.close();
  }
  if (values.junit !== undefined) {
    const target = resolvePath(io.cwd, values.junit);
    try {
      await writeFile(target, junitXml(suites));
    } catch (error) {
      io.err(`aio-requests run: cannot write the JUnit report to ${target}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.\n`);
      return controller.signal.aborted ? 130 : 1;
    }
  }
  // 130: the shell's code for "ended by Ctrl-C".
  if (controller.signal.aborted) return 130;
  return failed ? 1 : 0;
}

export const runCommand: CliCommand = {
  summary: 'send the requests of a .http file',
  usage: USAGE,
  run,
};
