// `aio-requests import curl|postman`: converts Adobe's examples (a curl command from a docs page, a Postman
// collection) into `.http` text, printed or written next to each other. Existing files are never overwritten.
import { readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AioError } from '../core/errors';
import { curlToHttp } from '../core/import/http-text';
import { MAX_COMMAND_CHARS } from '../core/import/shell-words';
import { MAX_COLLECTION_BYTES, postmanToHttp } from '../core/import/postman';
import { PUBLIC_ENV_FILE } from '../core/http/environments';
import type { CliCommand, CliIo } from './commands';

const USAGE = [
  'Usage: aio-requests import curl [FILE|-]',
  '       aio-requests import postman FILE [-o DIR] [--force]',
  '',
  'curl:     reads one or more curl commands (from FILE, or standard input) and prints them as .http requests.',
  '          Adobe placeholders (<ACCESS_TOKEN>, {API_KEY}, $ACCESS_TOKEN, {{IMS_ORG}}…) become profile variables.',
  'postman:  converts a Postman collection (v2.0/v2.1) to one .http file; with -o DIR writes it there together',
  '          with http-client.env.json (Adobe hosts such as JO_HOST and BASE_PATH). --force replaces existing files.',
  'Scripts in the collection are not run; each becomes a comment.',
].join('\n');

/** The CLI's io, plus standard input (tests pass text; the real CLI reads the process's stdin). */
export interface ImportIo extends CliIo {
  readStdin?: () => Promise<string>;
}

async function processStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > MAX_COMMAND_CHARS) throw new AioError('import-too-large', `Standard input is over ${MAX_COMMAND_CHARS} bytes; a curl command is a few KB.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readLimited(path: string, cwd: string, max: number): Promise<Buffer> {
  const full = resolve(cwd, path);
  let size: number;
  try {
    size = (await stat(full)).size;
  } catch {
    throw new AioError('usage', `${path} cannot be read; check the path.`);
  }
  if (size > max) throw new AioError('import-too-large', `${path} is ${size} bytes; at most ${max} are read.`);
  return readFile(full);
}

async function importCurl(args: string[], io: ImportIo): Promise<number> {
  if (args.length > 1) throw new AioError('usage', `import curl takes one FILE or -.\n${USAGE}`);
  const source = args[0];
  const text = source === undefined || source === '-'
    ? await (io.readStdin ?? processStdin)()
    : (await readLimited(source, io.cwd, MAX_COMMAND_CHARS)).toString('utf8');
  const result = curlToHttp(text);
  io.out(result.text);
  for (const u of result.unset) io.err(`note: set {{${u.name}}} before sending: ${u.hint}\n`);
  return 0;
}

async function importPostman(args: string[], io: ImportIo): Promise<number> {
  let file: string | undefined;
  let dir: string | undefined;
  let force = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-o' || a === '--out') {
      dir = args[++i];
      if (!dir) throw new AioError('usage', `${a} needs a folder.\n${USAGE}`);
    } else if (a === '--force') force = true;
    else if (a.startsWith('-')) throw new AioError('usage', `unknown option ${a}.\n${USAGE}`);
    else if (file === undefined) file = a;
    else throw new AioError('usage', `import postman takes one FILE.\n${USAGE}`);
  }
  if (!file) throw new AioError('usage', `give the collection file.\n${USAGE}`);
  const result = postmanToHttp(await readLimited(file, io.cwd, MAX_COLLECTION_BYTES));
  for (const w of result.warnings) io.err(`warning: ${w}\n`);
  if (dir === undefined) {
    for (const f of result.files) io.out(f.text);
    if (result.environment) io.err(`note: the requests use Adobe host variables; with -o DIR, ${PUBLIC_ENV_FILE} is written with:\n${result.environment}`);
    return 0;
  }
  const target = resolve(io.cwd, dir);
  await mkdir(target, { recursive: true });
  const writes = [...result.files.map((f) => ({ path: join(target, f.name), text: f.text }))];
  if (result.environment) writes.push({ path: join(target, PUBLIC_ENV_FILE), text: result.environment });
  if (!force) {
    for (const w of writes) {
      const exists = await stat(w.path).then(() => true, () => false);
      if (exists) throw new AioError('usage', `${w.path} already exists; nothing was written. Use --force to replace it, or another -o folder.`);
    }
  }
  for (const w of writes) await writeFile(w.path, w.text);
  io.out(`${writes.map((w) => `wrote ${w.path}`).join('\n')}\n${result.requests} request${result.requests === 1 ? '' : 's'} converted.\n`);
  return 0;
}

export const importCommand: CliCommand = {
  summary: 'convert a curl command or a Postman collection to .http requests',
  usage: USAGE,
  async run(args, io) {
    const [kind, ...rest] = args;
    if (kind === 'curl') return importCurl(rest, io);
    if (kind === 'postman') return importPostman(rest, io);
    throw new AioError('usage', `say what to import: curl or postman.\n${USAGE}`);
  },
};
