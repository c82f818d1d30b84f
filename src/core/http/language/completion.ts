// Completion for `.http` files: methods, headers (Adobe's first), MIME types, directives and the variables in
// scope inside `{{`, including the JSON keys of a named request's last response.

import type { HttpFile, Position } from '../parse-types';
import { blockAtLine } from '../parser';
import { AIO_VARIABLES, SYSTEM_VARIABLE_NAMES } from '../variable-names';
import type { LanguageContext } from './context';

export type CompletionKind = 'method' | 'header' | 'value' | 'variable' | 'directive' | 'property' | 'module';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  /** What replaces the word before the cursor; the label when undefined. */
  insertText?: string;
  detail?: string;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** Adobe's headers first: they are what users of this extension type most. */
const HEADERS: ReadonlyArray<[name: string, detail: string]> = [
  ['x-api-key', 'Adobe: the client id (added for allow-listed hosts)'],
  ['x-gw-ims-org-id', 'Adobe: the IMS organization id'],
  ['x-sandbox-name', 'Adobe: the Experience Platform sandbox'],
  ['x-request-id', 'Adobe: a request id for support'],
  ['Authorization', 'Credentials; added from the profile for Adobe hosts'],
  ['Accept', 'Media types the response may use'],
  ['Content-Type', 'Media type of the body'],
  ['Cache-Control', 'Caching directives'],
  ['If-Match', 'Conditional on an ETag'],
  ['If-None-Match', 'Conditional on an ETag'],
  ['Accept-Encoding', 'Content codings the response may use'],
  ['Accept-Language', 'Preferred languages'],
  ['User-Agent', 'The client'],
  ['Cookie', 'Cookies'],
  ['Prefer', 'Preferences (e.g. return=representation)'],
];

/** Values offered after a known header name; Adobe headers point at the profile's variables. */
const HEADER_VALUES: Readonly<Record<string, readonly string[]>> = {
  'x-api-key': ['{{$aio.apiKey}}'],
  'x-gw-ims-org-id': ['{{$aio.orgId}}'],
  'x-sandbox-name': ['{{$aio.sandbox}}'],
  'x-request-id': ['{{$guid}}'],
  authorization: ['Bearer {{$aio.accessToken}}'],
  'cache-control': ['no-cache', 'no-store', 'max-age=0'],
};

const MIME_TYPES = [
  'application/json', 'application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain', 'application/xml',
  'text/csv', 'application/octet-stream', 'application/vnd.adobe.xed+json', 'application/vnd.adobe.xed-full+json',
  'application/merge-patch+json', 'application/json-patch+json',
];

const DIRECTIVES: ReadonlyArray<[key: string, detail: string]> = [
  ['name', 'Name this request so others can chain on its response'],
  ['profile', 'The credential profile that signs this request'],
  ['sandbox', 'The Experience Platform sandbox for this request'],
  ['no-auth', 'Send without Adobe headers'],
  ['timeout', 'Total deadline, e.g. 30s'],
  ['note', 'Ask before sending'],
  ['prompt', 'Ask a variable\'s value before sending'],
  ['no-redirect', 'Do not follow redirects'],
  ['no-cookie-jar', 'Do not send or store cookies'],
  ['allow-secret', 'Let this request carry a secret to a host outside the allow-list'],
  ['rate', 'Pace sends, e.g. 15/s (file-wide before the first request)'],
  ['concurrency', 'Most requests in flight at once, e.g. 4'],
  ['no-limits', 'Ignore the deployed Journey limits'],
  ['paginate', 'Follow the next pages, e.g. max=10'],
];

const SYSTEM_DETAILS: Readonly<Record<string, string>> = {
  $guid: 'A new UUID per send', $uuid: 'A new UUID per send', $isoTimestamp: 'The time of sending, ISO 8601',
  $timestamp: 'Seconds since the epoch [offset unit]', $randomInt: 'A random integer: min max',
  $datetime: 'rfc1123|iso8601|"format" [offset unit]', $localDatetime: 'Local time: rfc1123|iso8601|"format"',
  $processEnv: 'An environment variable of the process: NAME', $dotenv: 'A variable from .env next to the file: NAME',
};

export interface CompletionInput {
  file: HttpFile;
  /** Text of the cursor's line. */
  lineText: string;
  /** Text of another line of the document (for the header/body boundary). */
  lineAt: (line: number) => string;
  position: Position;
  ctx: LanguageContext;
}

export function completionsAt(input: CompletionInput): CompletionEntry[] {
  const { lineText, position } = input;
  const before = lineText.slice(0, position.character);
  const open = before.lastIndexOf('{{');
  if (open >= 0 && before.indexOf('}}', open) < 0) return variableCompletions(input, before.slice(open + 2).trimStart());
  const directive = /^\s*(?:#|\/\/)\s*@([\w-]*)$/.exec(before);
  if (directive) return DIRECTIVES.map(([key, detail]) => ({ label: key, kind: 'directive', detail }));
  const place = placeOf(input);
  if (place === 'request-line' && /^\s*[A-Za-z]*$/.test(before)) {
    return METHODS.map((m) => ({ label: m, kind: 'method', insertText: `${m} ` }));
  }
  if (place === 'headers') {
    const colon = before.indexOf(':');
    if (colon < 0) {
      if (!/^\s*[\w-]*$/.test(before)) return [];
      return HEADERS.map(([name, detail]) => ({ label: name, kind: 'header', insertText: `${name}: `, detail }));
    }
    const header = before.slice(0, colon).trim().toLowerCase();
    if (header === 'content-type' || header === 'accept') return MIME_TYPES.map((m) => ({ label: m, kind: 'value' }));
    return (HEADER_VALUES[header] ?? []).map((v) => ({ label: v, kind: 'value' }));
  }
  return [];
}

/** Character where the text a completion replaces starts: the word being typed (a header value: all of it). */
export function completionReplaceStart(lineText: string, character: number): number {
  const before = lineText.slice(0, character);
  const open = before.lastIndexOf('{{');
  const inVariable = open >= 0 && before.indexOf('}}', open) < 0;
  const word = inVariable ? /[\w$-]/ : /[\w-]/;
  if (!inVariable && !/^\s*(?:#|\/\/)/.test(before)) {
    const colon = before.indexOf(':');
    // A header value (MIME types hold `/`, `+` and `.`): from after the colon and its spaces.
    if (colon > 0 && /^\s*[\w-]+$/.test(before.slice(0, colon)) && !/^\s*[A-Za-z]+\s/.test(before)) {
      let start = colon + 1;
      while (start < character && (before[start] === ' ' || before[start] === '\t')) start++;
      return start;
    }
  }
  let start = character;
  while (start > 0 && word.test(before[start - 1])) start--;
  return start;
}

/** Whether the cursor's line is where a request line or a header goes. */
function placeOf({ file, position, lineAt }: CompletionInput): 'request-line' | 'headers' | 'other' {
  const block = blockAtLine(file, position.line);
  if (!block) return 'request-line';
  const requestLine = block.request.range;
  if (position.line <= requestLine.start.line) return 'request-line';
  if (position.line <= requestLine.end.line) return 'other';
  // Headers run from the request line to the first blank line.
  for (let line = requestLine.end.line + 1; line < position.line; line++) {
    if (lineAt(line).trim() === '') return 'other';
  }
  return 'headers';
}

function variableCompletions(input: CompletionInput, typed: string): CompletionEntry[] {
  const { file, ctx, position } = input;
  if (typed.startsWith('$aio.')) return AIO_VARIABLES.map((n) => ({ label: n, kind: 'variable', detail: `From the credential profile` }));
  const chain = /^([\w-]+)\.(response|request)\.(body|headers)\.(.*)$/.exec(typed);
  if (chain) return chainCompletions(ctx, chain[1], chain[2] as 'response' | 'request', chain[3] as 'body' | 'headers', chain[4]);
  const named = /^([\w-]+)\.([\w.]*)$/.exec(typed);
  if (named && file.blocks.some((b) => b.name === named[1])) {
    const rest = named[2];
    const steps = rest.split('.');
    const options = steps.length === 1 ? ['response', 'request'] : steps.length === 2 ? ['body', 'headers'] : [];
    return options.map((o) => ({ label: o, kind: 'property' }));
  }
  const out: CompletionEntry[] = [];
  const seen = new Set<string>();
  const add = (label: string, detail: string, kind: CompletionKind = 'variable'): void => {
    if (seen.has(label)) return;
    seen.add(label);
    out.push({ label, kind, detail });
  };
  for (let i = file.variables.length - 1; i >= 0; i--) add(file.variables[i].name, `File variable (line ${file.variables[i].range.start.line + 1})`);
  const block = blockAtLine(file, position.line);
  if (block) for (const p of block.prompts) add(p.name, 'Asked when sending (@prompt)');
  const envs = ctx.environments;
  if (envs) {
    const wanted = envs.selected !== undefined ? [envs.selected, '$shared'] : Object.keys(envs.sets);
    for (const env of wanted) for (const name of Object.keys(envs.sets[env] ?? {})) add(name, `Environment ${env}`);
  }
  for (const b of file.blocks) if (b.name !== undefined && b.index !== block?.index) add(`${b.name}.response.body.$`, `Chain on request ${b.name}`, 'property');
  for (const name of SYSTEM_VARIABLE_NAMES) add(name, SYSTEM_DETAILS[name] ?? 'System variable');
  for (const name of AIO_VARIABLES) add(`$aio.${name}`, 'From the credential profile');
  return out;
}

const decoder = new TextDecoder();

/** Keys at the JSON path typed so far (`$.results[0].`), or header names, from the named request's last result. */
function chainCompletions(ctx: LanguageContext, name: string, side: 'response' | 'request', part: 'body' | 'headers', path: string): CompletionEntry[] {
  const result = ctx.lastResponses?.get(ctx.fileUri, name);
  if (!result) return [];
  if (part === 'headers') {
    const headers = side === 'response' ? result.response?.headers ?? [] : result.request.headers;
    return [...new Set(headers.map(([h]) => h))].map((h) => ({ label: h, kind: 'property' }));
  }
  const text = side === 'response' ? (result.response ? decoder.decode(result.response.body) : undefined) : result.request.body;
  if (text === undefined) return [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return [];
  }
  if (!path.startsWith('$')) return path === '' ? [{ label: '$', kind: 'property', detail: 'The JSON body' }] : [];
  // The path up to the last `.` is complete; what follows it is the key being typed.
  const done = path.slice(0, path.lastIndexOf('.') + 1);
  const value = walk(json, done.slice(1));
  return describeKeys(value);
}

/** Follows `.key`, `[n]` and `['key']` steps from the root; undefined when a step does not exist. */
function walk(root: unknown, path: string): unknown {
  let value = root;
  const step = /\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]/y;
  let rest = path.endsWith('.') ? path.slice(0, -1) : path;
  while (rest !== '') {
    step.lastIndex = 0;
    const m = step.exec(rest);
    if (!m || value === null || typeof value !== 'object') return undefined;
    const key = m[1] ?? m[3] ?? Number(m[2]);
    value = (value as Record<string | number, unknown>)[key];
    rest = rest.slice(m[0].length);
  }
  return value;
}

function describeKeys(value: unknown): CompletionEntry[] {
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return [{ label: 'length', kind: 'property', detail: `${value.length} items` }];
  return Object.entries(value as Record<string, unknown>).map(([key, v]) => ({
    label: key, kind: 'property', detail: Array.isArray(v) ? `array of ${v.length}` : v === null ? 'null' : typeof v,
  }));
}
