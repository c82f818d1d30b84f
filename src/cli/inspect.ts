// `aio-requests inspect <file>...`: analyses config.zip, keys, certificates and workspace JSON exactly as the
// VS Code import does, and prints what it found with secrets masked. Exit 0 importable, 2 refused.
import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { analyzeFiles, MAX_INPUT_FILE_BYTES, type ImportAnalysis, type InputFile } from '../core/credentials/index';
import { AioError } from '../core/errors';
import type { CliCommand, CliIo } from './commands';
import { printable } from './terminal-text';

const USAGE = [
  'Usage: aio-requests inspect <file>... [--passphrase-env VAR] [--credential NAME] [--json]',
  '',
  'Analyses config.zip, private keys, certificates and workspace JSON as "Import Credentials…" does.',
  '  --passphrase-env VAR  read the passphrase of an encrypted key from environment variable VAR',
  '  --credential NAME     which credential of the workspace JSON, when it has several',
  '  --json                print the result as JSON',
  'Exit status: 0 importable (warnings allowed), 2 refused or bad usage.',
].join('\n');

interface InspectArgs {
  files: string[];
  passphraseEnv?: string;
  credential?: string;
  json: boolean;
}

function parseArgs(args: string[]): InspectArgs {
  const out: InspectArgs = { files: [], json: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--json') out.json = true;
    else if (arg === '--passphrase-env' || arg === '--credential') {
      const value = args[++i];
      if (!value) throw new AioError('usage', `${arg} needs a value.\n${USAGE}`);
      if (arg === '--passphrase-env') out.passphraseEnv = value;
      else out.credential = value;
    } else if (arg.startsWith('--')) throw new AioError('usage', `unknown option ${arg}.\n${USAGE}`);
    else out.files.push(arg);
  }
  if (out.files.length === 0) throw new AioError('usage', `give at least one file.\n${USAGE}`);
  return out;
}

/** Shows that a secret is there without showing it. */
export function maskSecret(value: string): string {
  return `*** (${value.length} characters)`;
}

async function readInputs(paths: string[], cwd: string): Promise<InputFile[]> {
  const files: InputFile[] = [];
  for (const path of paths) {
    const full = resolve(cwd, path);
    let size: number;
    try {
      const info = await stat(full);
      if (!info.isFile()) throw new AioError('usage', `${path} is not a file.`);
      size = info.size;
    } catch (error) {
      if (error instanceof AioError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'there is no such file' : code === 'EACCES' ? 'permission denied' : `the system said ${code ?? 'no'}`;
      throw new AioError('usage', `cannot read ${path}: ${why}. Check the path.`);
    }
    if (size > MAX_INPUT_FILE_BYTES) throw new AioError('usage', `${path} is ${size} bytes; credential files are a few KB. Refused.`);
    files.push({ name: basename(full), bytes: await readFile(full) });
  }
  return files;
}

function toJson(analysis: ImportAnalysis, refused: boolean): unknown {
  return {
    importable: !refused,
    files: analysis.files,
    key: analysis.key && {
      source: analysis.key.source,
      type: analysis.key.type,
      format: analysis.key.format,
      bits: analysis.key.bits,
      encrypted: analysis.key.encrypted,
      publicKeySha256: analysis.key.publicKeyFingerprint,
    },
    certificate: analysis.certificate && {
      source: analysis.certificate.source,
      encoding: analysis.certificate.encoding,
      ...analysis.certificate.summary,
      daysLeft: analysis.certificate.daysLeft,
    },
    keyMatchesCertificate: analysis.keyMatchesCertificate,
    workspace: analysis.workspace && {
      orgId: analysis.workspace.orgId,
      orgName: analysis.workspace.orgName,
      project: analysis.workspace.projectTitle,
      workspace: analysis.workspace.workspaceTitle,
      credentials: analysis.workspace.credentials.map((c) => ({ ...c, clientSecret: maskSecret(c.clientSecret) })),
    },
    credential: analysis.credential?.name,
    warnings: analysis.warnings,
    problems: analysis.problems,
    needs: analysis.needs,
  };
}

function toText(analysis: ImportAnalysis, refused: boolean, passphraseHint: string): string {
  const lines: string[] = [];
  for (const file of analysis.files) lines.push(`${file.name}: ${file.detail}`);
  const cert = analysis.certificate;
  if (cert) {
    lines.push(`certificate subject: ${cert.summary.subject}`);
    lines.push(`certificate valid:   ${cert.summary.validFrom.slice(0, 10)} to ${cert.summary.validTo.slice(0, 10)} (${cert.daysLeft} days left)`);
    lines.push(`certificate SHA-256: ${cert.summary.fingerprint256}`);
  }
  if (analysis.keyMatchesCertificate !== undefined) {
    lines.push(`key matches certificate: ${analysis.keyMatchesCertificate ? 'yes' : 'NO'}`);
  }
  const ws = analysis.workspace;
  if (ws) {
    lines.push(`IMS org: ${ws.orgId}${ws.orgName ? ` (${ws.orgName})` : ''}`);
    for (const c of ws.credentials) {
      const chosen = analysis.credential === c ? ' [selected]' : '';
      lines.push(`credential '${c.name}' (${c.kind === 'jwt' ? 'JWT service account' : 'OAuth Server-to-Server'})${chosen}`);
      lines.push(`  client id:         ${c.clientId}`);
      lines.push(`  client secret:     ${maskSecret(c.clientSecret)}`);
      lines.push(`  technical account: ${c.technicalAccountId}${c.technicalAccountEmail ? ` (${c.technicalAccountEmail})` : ''}`);
      if (c.metaScopes) lines.push(`  metascopes:        ${c.metaScopes.join(', ')}`);
      if (c.scopes) lines.push(`  scopes:            ${c.scopes.join(', ')}`);
    }
  }
  for (const need of analysis.needs) {
    if (need.kind === 'passphrase') lines.push(`needed: ${need.file} is encrypted; a passphrase is needed (${passphraseHint}).`);
    else lines.push(`choice: the workspace has several credentials (${need.choices.join(', ')}); the import asks which one (--credential NAME).`);
  }
  for (const warning of analysis.warnings) lines.push(`warning: ${warning}`);
  for (const problem of analysis.problems) lines.push(`refused: ${problem.message}`);
  const keyless = !refused && analysis.certificate !== undefined && analysis.key === undefined;
  lines.push(refused ? 'Result: refused.' : keyless ? 'Result: importable, but without a private key: no JWT can be signed until one is added.' : 'Result: importable.');
  // File names and subjects come from the files themselves: control characters are shown, not obeyed.
  return `${lines.map(printable).join('\n')}\n`;
}

export const inspectCommand: CliCommand = {
  summary: 'analyse config.zip, keys, certificates and workspace JSON as the import does',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const options = parseArgs(args);
    let passphrase: string | undefined;
    if (options.passphraseEnv) {
      passphrase = io.env[options.passphraseEnv];
      if (passphrase === undefined) throw new AioError('usage', `environment variable ${options.passphraseEnv} is not set.`);
    }
    const files = await readInputs(options.files, io.cwd);
    const analysis = await analyzeFiles(files, {
      ...(passphrase === undefined ? {} : { passphrase }),
      ...(options.credential === undefined ? {} : { credentialName: options.credential }),
    });
    const refused = !analysis.acceptable || analysis.needs.some((n) => n.kind === 'passphrase');
    if (options.json) io.out(`${JSON.stringify(toJson(analysis, refused), null, 2)}\n`);
    else io.out(toText(analysis, refused, 'pass --passphrase-env VAR'));
    return refused ? 2 : 0;
  },
};
