// `aio-requests run <file.http>`: sends a file's requests in order (or the named ones with what their chains
// need) and prints one line, or one JSON line, per request.
import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve as resolvePath } from 'node:path';
import { parseArgs } from 'node:util';
import { AioError } from '../core/errors';
import { runHttpFile, selectBlocks, type BlockRun } from '../core/http/file-runner';
import { loadEnvironments, selectEnvironment } from '../core/http/environments';
import { DEFAULT_MAX_FILE_SIZE, fileSizeProblem, parseHttpFile } from '../core/http/parser';
import { AuthHostList } from '../core/http/auth-hosts';
import { HttpRunner } from '../core/http/runner';
import { confinedReader } from '../core/http/file-roots';
import { KnownSecrets } from '../core/known-secrets';
import type { AioVariableName } from '../core/http/variables';
import { printable } from './terminal-text';
import type { RequestOptions } from '../core/http/types';
import type { RequestAuthenticator } from '../core/ims/types';
import type { CliCommand, CliIo } from './commands';
import { CREDENTIAL_OPTIONS_USAGE, loadCredentials, parseCredentialArgs, registerEnvironmentSecrets, type CredentialArgs } from './credentials-from-args';

const USAGE = `Usage: aio-requests run <file.http> [options]

Sends the requests of a .http file (REST Client syntax) in order and prints one line per request.

Options:
  --env NAME            environment from http-client.env.json / http-client.private.env.json
  --name REQ            run only this request (its # @name or title) and the requests it chains on; repeatable
  --auth-host HOST[:PORT]  also send Adobe headers to this host (besides *.adobe.io); repeatable
  --sandbox NAME        Experience Platform sandbox for requests that name none
  --json                one JSON object per line instead of text
  --fail-on-status      exit 1 when a response status is 400 or above
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

Exit status: 0 when every request got a response, 1 when one could not be sent or the file holds no
request (or, with --fail-on-status, a status was >= 400), 2 for bad usage, refused credentials or a
file over --max-file-size, 130 when interrupted.`;

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

function label(run: BlockRun): string {
  return run.block.name ?? run.block.title ?? `#${run.block.index + 1}`;
}

function textLine(run: BlockRun): string {
  const { request, response, error } = run.result;
  const head = printable(`${label(run)}  ${request.method} ${request.url}`);
  if (!response) return `${head}  ✗ ${error?.kind}: ${printable(error?.message ?? '')}\n`;
  const status = `${response.status}${response.statusText ? ` ${printable(response.statusText)}` : ''}`;
  const waited = response.timings.waitedMs ? ` (+${Math.round(response.timings.waitedMs / 1000)} s Retry-After)` : '';
  const note = error ? `  ✗ ${error.kind}: ${printable(error.message)}` : '';
  return `${head}  ${status}  ${formatMs(response.timings.totalMs)}${waited}  ${formatSize(response.body.byteLength)}${note}\n`;
}

function jsonLine(run: BlockRun): string {
  const { request, response, error } = run.result;
  return `${JSON.stringify({
    name: run.block.name ?? null,
    title: run.block.title ?? null,
    method: request.method,
    url: request.url,
    status: response?.status ?? null,
    statusText: response?.statusText ?? null,
    timeMs: response ? Math.round(response.timings.totalMs * 10) / 10 : null,
    firstByteMs: response ? Math.round(response.timings.firstByteMs * 10) / 10 : null,
    size: response?.body.byteLength ?? null,
    error: error ? { kind: error.kind, message: error.message, ...(error.variables ? { variables: error.variables } : {}) } : null,
  })}\n`;
}

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

async function run(args: string[], io: CliIo): Promise<number> {
  const { credentials, rest } = parseCredentialArgs(args);
  const { values, positionals } = parse(rest);
  if (positionals.length !== 1) throw new AioError('usage', `Name one .http file.\n${USAGE}`);
  const authHosts = values['auth-host'] ?? [];
  const badHosts = AuthHostList.invalid(authHosts);
  if (badHosts.length > 0) throw new AioError('usage', `--auth-host '${badHosts[0]}' is not a host or host:port.`);

  const filePath = resolvePath(io.cwd, positionals[0]);
  const maxFileSize = parseSize('--max-file-size', values['max-file-size']) ?? DEFAULT_MAX_FILE_SIZE;
  const maxResolvedSize = parseSize('--max-resolved-size', values['max-resolved-size']);
  let text: string;
  try {
    // The size is checked before reading: a file over the limit is never loaded or parsed.
    const tooLarge = fileSizeProblem((await stat(filePath)).size, maxFileSize);
    if (tooLarge) {
      io.err(`aio-requests run: ${positionals[0]}: ${tooLarge}\n`);
      return 2;
    }
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    throw new AioError('file-not-found', `Cannot read ${filePath}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
  const file = parseHttpFile(text);
  // Problems inside a request stop that request with its own message; those outside any request are shown here.
  for (const problem of file.problems) {
    if (problem.blockIndex === undefined && problem.severity === 'error') io.err(`${positionals[0]}:${problem.range.start.line + 1}: ${problem.message}\n`);
  }
  if (file.blocks.length === 0) {
    io.err(`aio-requests run: ${positionals[0]} holds no request (a request starts with a line such as \`GET https://…\`).\n`);
    return 1;
  }
  const { unknown } = selectBlocks(file, values.name);
  if (unknown.length > 0) {
    const known = file.blocks.map((b) => b.name ?? b.title).filter((n) => n !== undefined);
    throw new AioError('usage', `No request named ${unknown.map((n) => `'${n}'`).join(', ')} in ${positionals[0]}.${known.length ? ` Known: ${known.join(', ')}.` : ''}`);
  }

  // Includes and .env stay inside the file's folder, the working directory and the roots the user added.
  const readBytes = confinedReader((path: string) => readFile(path), {
    roots: [dirname(filePath), io.cwd, ...(values['allow-file-root'] ?? []).map((dir) => resolvePath(io.cwd, dir))],
    howToAllow: 'To allow it, run with --allow-file-root DIR naming a folder that holds it.',
  });
  const environments = await loadEnvironments({ filePath, workspaceRoot: io.cwd, readFile: readBytes });
  const environment = selectEnvironment(environments, values.env);

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
  const print = values.json ? jsonLine : textLine;
  // Lines are batched (flushed at most every 100 ms and at the end): a terminal still sees progress, and a
  // 1,000-request run does not pay for 1,000 writes.
  let pending = '';
  let lastFlush = performance.now();
  const flush = (): void => {
    if (pending !== '') io.out(pending);
    pending = '';
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
  let failed = false;
  let notSent = 0;
  try {
    await runHttpFile(file, runner, {
      names: values.name,
      signal: controller.signal,
      context: { filePath, workspaceRoot: io.cwd, readFile: readBytes, processEnv: io.env, environment, aioVariable, authHosts, maxResolvedSize },
      onResult: (done) => {
        const { response, error } = done.result;
        if (!response || error || (failOnStatus && response.status >= 400)) failed = true;
        if (!values.json && !done.sent && error?.kind === 'aborted') {
          notSent++;
          return;
        }
        pending += print(done);
        if (pending.length > 65_536 || performance.now() - lastFlush >= 100) flush();
      },
    });
  } finally {
    if (notSent > 0) pending += `${notSent} request${notSent === 1 ? '' : 's'} not sent: interrupted\n`;
    flush();
    process.removeListener('SIGINT', onInterrupt);
    await runner.close();
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
