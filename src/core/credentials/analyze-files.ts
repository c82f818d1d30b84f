// One analysis of whatever files the user handed over (config.zip, workspace JSON, key, certificate, several
// at once), shared by the VS Code import and `aio-requests inspect`, so both accept and refuse the same things.
import { isAioError, type AioErrorCode } from '../errors';
import type { Clock } from '../ports';
import { systemClock } from '../ports';
import { IMS_HOSTS, type ImsEnvironment } from './profile';
import type { ProfileDraft } from './profile-validation';
import type { ProfileSecrets } from './profile-service';
import { readConfigZip } from './config-zip';
import { analyzePrivateKey, looksLikePrivateKey, type PrivateKeyAnalysis } from './private-key';
import { analyzeCertificate, certificateMatchesKey, looksLikeCertificate, type CertificateAnalysis } from './certificate';
import { looksLikeJson, readWorkspaceJson, type WorkspaceCredential, type WorkspaceJson } from './workspace-json';
import { looksLikePostmanEnvironment, readPostmanEnvironment } from './postman-environment';

export interface InputFile {
  /** What to call the file in messages (its base name). */
  name: string;
  bytes: Uint8Array;
}

/** No credential file is anywhere near this big; larger inputs are refused before parsing. */
export const MAX_INPUT_FILE_BYTES = 1024 * 1024;

export interface AnalyzeOptions {
  passphrase?: string;
  /** Which workspace credential to use when the JSON has several. */
  credentialName?: string;
  clock?: Clock;
}

export type FileKind = 'config-zip' | 'private-key' | 'certificate' | 'workspace-json';

export interface AnalyzedFile {
  name: string;
  kind: FileKind;
  /** One line for display: format, bits, subject…; never secret. */
  detail: string;
}

export interface ImportProblem {
  code: AioErrorCode;
  message: string;
}

export type ImportNeed =
  | { kind: 'passphrase'; file: string }
  | { kind: 'credential'; choices: string[] };

export interface ImportAnalysis {
  files: AnalyzedFile[];
  key?: PrivateKeyAnalysis & { source: string };
  certificate?: CertificateAnalysis & { source: string };
  /** Set when both a key and a certificate were analysed. */
  keyMatchesCertificate?: boolean;
  workspace?: WorkspaceJson;
  /** The workspace credential to import (chosen by name, or the only one). */
  credential?: WorkspaceCredential;
  warnings: string[];
  /** Reasons to refuse; any one refuses the whole import. */
  problems: ImportProblem[];
  /** What the caller must still ask the user for before a profile can be built. */
  needs: ImportNeed[];
  /** No problems. (Needs may remain: ask, then analyse again.) */
  acceptable: boolean;
}

interface Candidate {
  name: string;
  bytes: Buffer;
}

function isZip(file: Candidate): boolean {
  const b = file.bytes;
  return (b[0] === 0x50 && b[1] === 0x4b) || /\.zip$/i.test(file.name);
}

function problemOf(error: unknown, fallbackCode: AioErrorCode): ImportProblem {
  if (isAioError(error)) return { code: error.code, message: error.message };
  return { code: fallbackCode, message: error instanceof Error ? error.message : String(error) };
}

const KEY_FORMAT_LABEL: Record<string, string> = {
  pkcs8: 'PKCS#8',
  pkcs1: 'PKCS#1',
  'encrypted-pkcs8': 'encrypted PKCS#8',
  'encrypted-pkcs1': 'encrypted PKCS#1',
};

/** Analyses every file; never throws for bad input — problems, warnings and needs are data. */
export async function analyzeFiles(files: InputFile[], options: AnalyzeOptions = {}): Promise<ImportAnalysis> {
  const clock = options.clock ?? systemClock;
  const out: ImportAnalysis = { files: [], warnings: [], problems: [], needs: [], acceptable: false };
  const keys: Candidate[] = [];
  const certs: Candidate[] = [];
  const jsons: Candidate[] = [];

  const classify = (file: Candidate, insideZip: boolean): void => {
    const text = file.bytes.toString('utf8');
    let known = false;
    if (!insideZip && looksLikeJson(file.bytes)) {
      jsons.push(file);
      known = true;
    }
    if (!known && looksLikePrivateKey(text)) {
      keys.push(file);
      known = true;
    }
    if (looksLikeCertificate(file.bytes) && (!known || text.includes('-----BEGIN CERTIFICATE-----'))) {
      certs.push(file);
      known = true;
    }
    if (!known) {
      out.problems.push({
        code: 'file-unrecognised',
        message: insideZip
          ? `${file.name} is not a certificate or private key; a config.zip holds only certificate_pub.crt and private.key.`
          : `${file.name} is not a config.zip, workspace JSON, private key or certificate.`,
      });
    }
  };

  for (const input of files) {
    const file: Candidate = { name: input.name, bytes: Buffer.from(input.bytes) };
    if (file.bytes.length > MAX_INPUT_FILE_BYTES) {
      out.problems.push({ code: 'file-too-large', message: `${file.name} is ${file.bytes.length} bytes; credential files are a few KB. Refused.` });
    } else if (isZip(file)) {
      try {
        const zip = await readConfigZip(file.bytes, file.name);
        out.files.push({
          name: file.name,
          kind: 'config-zip',
          detail: `zip with ${zip.entries.map((e) => e.name).join(', ')}${zip.folder ? ` in folder ${zip.folder}/` : ''}${zip.ignored.length ? ` (ignored ${zip.ignored.length} macOS entr${zip.ignored.length === 1 ? 'y' : 'ies'})` : ''}`,
        });
        for (const entry of zip.entries) classify({ name: `${file.name} › ${entry.name}`, bytes: entry.bytes }, true);
      } catch (error) {
        out.problems.push(problemOf(error, 'zip-refused'));
      }
    } else {
      classify(file, false);
    }
  }

  if (keys.length > 1) {
    out.problems.push({ code: 'too-many-keys', message: `Several private keys were given (${keys.map((k) => k.name).join(', ')}); give exactly one.` });
  } else if (keys[0]) {
    const source = keys[0].name;
    try {
      const key = analyzePrivateKey(keys[0].bytes, options.passphrase ? { passphrase: options.passphrase, label: source } : { label: source });
      out.key = { ...key, source };
      out.files.push({ name: source, kind: 'private-key', detail: `RSA ${key.bits}-bit private key, ${KEY_FORMAT_LABEL[key.format]}` });
    } catch (error) {
      if (isAioError(error, 'passphrase-needed')) {
        out.needs.push({ kind: 'passphrase', file: source });
        out.files.push({ name: source, kind: 'private-key', detail: 'encrypted private key (passphrase needed)' });
      } else {
        out.problems.push(problemOf(error, 'key-invalid'));
      }
    }
  }

  if (certs.length > 1) {
    out.problems.push({ code: 'too-many-certificates', message: `Several certificates were given (${certs.map((c) => c.name).join(', ')}); give exactly one.` });
  } else if (certs[0]) {
    const source = certs[0].name;
    try {
      const cert = analyzeCertificate(certs[0].bytes, { clock, label: source });
      out.certificate = { ...cert, source };
      out.files.push({
        name: source,
        kind: 'certificate',
        detail: `X.509 certificate (${cert.encoding.toUpperCase()}), subject ${cert.summary.subject}, valid until ${cert.summary.validTo.slice(0, 10)}`,
      });
      if (cert.warning) out.warnings.push(cert.warning);
    } catch (error) {
      out.problems.push(problemOf(error, 'certificate-invalid'));
    }
  }

  if (out.key && out.certificate) {
    out.keyMatchesCertificate = certificateMatchesKey(out.certificate, out.key.keyObject);
    if (!out.keyMatchesCertificate) {
      out.problems.push({
        code: 'certificate-key-mismatch',
        message: `The certificate ${out.certificate.source} does not belong to the private key ${out.key.source}; use the two files from the same config.zip.`,
      });
    }
  }

  if (jsons.length > 1) {
    out.problems.push({ code: 'too-many-workspaces', message: `Several workspace JSON files were given (${jsons.map((j) => j.name).join(', ')}); give one.` });
  } else if (jsons[0]) {
    try {
      // The Console's "Download for Postman" environment holds the same credential: one import path for both.
      const postman = looksLikePostmanEnvironment(jsons[0].bytes.toString('utf8'));
      const ws = postman ? readPostmanEnvironment(jsons[0].bytes, jsons[0].name) : readWorkspaceJson(jsons[0].bytes, jsons[0].name);
      out.workspace = ws;
      out.files.push({
        name: jsons[0].name,
        kind: 'workspace-json',
        detail: `${postman ? 'Postman environment' : 'workspace JSON'}, org ${ws.orgId}, credentials: ${ws.credentials.map((c) => `${c.name} (${c.kind === 'jwt' ? 'JWT' : 'OAuth S2S'})`).join(', ')}`,
      });
      if (ws.skipped.length) out.warnings.push(`Ignored credentials of other kinds: ${ws.skipped.join(', ')}.`);
      if (options.credentialName !== undefined) {
        const wanted = options.credentialName.trim().toLowerCase();
        const found = ws.credentials.find((c) => c.name.toLowerCase() === wanted);
        if (found) out.credential = found;
        else {
          out.problems.push({
            code: 'credential-not-found',
            message: `${jsons[0].name} has no credential named '${options.credentialName}' (found: ${ws.credentials.map((c) => c.name).join(', ')}).`,
          });
        }
      } else if (ws.credentials.length === 1) {
        out.credential = ws.credentials[0];
      } else {
        // With a key at hand, a single JWT credential is the obvious one.
        const jwt = ws.credentials.filter((c) => c.kind === 'jwt');
        if (keys.length > 0 && jwt.length === 1) out.credential = jwt[0];
        else out.needs.push({ kind: 'credential', choices: ws.credentials.map((c) => c.name) });
      }
    } catch (error) {
      out.problems.push(problemOf(error, 'workspace-invalid'));
    }
  }

  if (out.certificate && keys.length === 0) {
    out.warnings.push(`${out.certificate.source} is a certificate without its private key: a profile made from it would have no key and cannot sign a JWT until you add the private.key created with it (from the same config.zip).`);
  } else if (out.credential?.kind === 'jwt' && keys.length === 0) {
    out.warnings.push(`The credential '${out.credential.name}' is a JWT service account: it also needs the private key from config.zip.`);
  }
  if (out.credential?.kind === 'oauth-s2s' && keys.length > 0) {
    out.warnings.push(`The credential '${out.credential.name}' is OAuth Server-to-Server: the private key is not needed and will not be stored.`);
  }
  if (files.length === 0) out.problems.push({ code: 'no-files', message: 'No file was given.' });
  out.acceptable = out.problems.length === 0;
  return out;
}

export interface DraftDefaults {
  environment?: ImsEnvironment;
  imsHost?: string;
  sandbox?: string;
  name?: string;
  /** The passphrase the analysis was given, stored beside an encrypted key. */
  passphrase?: string;
}

/**
 * What an acceptable analysis contributes to a profile: known fields and secrets. The caller asks for the
 * rest (`missing`) and then calls `ProfileService.create`.
 */
export function draftFromAnalysis(
  analysis: ImportAnalysis,
  defaults: DraftDefaults = {},
): { draft: Partial<ProfileDraft>; secrets: ProfileSecrets; missing: Array<keyof ProfileDraft | 'clientSecret' | 'privateKey'> } {
  const environment = defaults.environment ?? (/-stg\d*\./.test(analysis.workspace?.imsHost ?? '') ? 'stage' : 'prod');
  const draft: Partial<ProfileDraft> = {
    environment,
    imsHost: defaults.imsHost ?? analysis.workspace?.imsHost ?? IMS_HOSTS[environment],
    sandbox: defaults.sandbox ?? 'prod',
  };
  const secrets: ProfileSecrets = {};
  const c = analysis.credential;
  const ws = analysis.workspace;
  if (ws) draft.orgId = ws.orgId;
  if (c) {
    draft.kind = c.kind;
    draft.clientId = c.clientId;
    draft.technicalAccountId = c.technicalAccountId;
    if (c.technicalAccountEmail) draft.technicalAccountEmail = c.technicalAccountEmail;
    if (c.metaScopes) draft.metaScopes = c.metaScopes;
    if (c.scopes) draft.scopes = c.scopes;
    secrets.clientSecret = c.clientSecret;
    const title = [ws?.projectTitle, ws?.workspaceTitle].filter(Boolean).join(' / ');
    draft.name = defaults.name ?? ((ws?.credentials.length ?? 0) > 1 || !title ? [title, c.name].filter(Boolean).join(' – ') : title);
    draft.source = [title, c.name].filter(Boolean).join(' / ');
  } else if (analysis.key) {
    draft.kind = 'jwt';
  }
  if (defaults.name && !draft.name) draft.name = defaults.name;
  if (analysis.key && draft.kind === 'jwt') {
    secrets.privateKey = analysis.key.pem;
    if (analysis.key.encrypted && defaults.passphrase) secrets.passphrase = defaults.passphrase;
  }
  if (analysis.certificate && draft.kind === 'jwt') draft.certificate = analysis.certificate.summary;
  const missing: Array<keyof ProfileDraft | 'clientSecret' | 'privateKey'> = [];
  for (const field of ['name', 'kind', 'clientId', 'orgId', 'technicalAccountId'] as const) if (!draft[field]) missing.push(field);
  if (draft.kind === 'jwt' && !draft.metaScopes) missing.push('metaScopes');
  if (draft.kind === 'oauth-s2s' && !draft.scopes) missing.push('scopes');
  if (!secrets.clientSecret) missing.push('clientSecret');
  if (draft.kind === 'jwt' && !secrets.privateKey) missing.push('privateKey');
  return { draft, secrets, missing };
}
