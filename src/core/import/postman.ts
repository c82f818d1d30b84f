// Postman collections (v2.0 / v2.1) → `.http` text, one file per collection, plus an `http-client.env.json`
// holding Adobe's hosts. Scripts are never run: each becomes a comment that says so. Secrets in collection
// variables are never written out.
import { AioError } from '../errors';
import { applyAdobePlaceholders, credentialRole, variableName, type UnsetVariable } from './adobe-placeholders';
import type { ImportedBody, ImportedPart, ImportedRequest } from './curl';
import { commentLine, requestBlock, slug, unsetComments } from './http-text';

import { MAX_COLLECTION_BYTES } from './limits';

export { MAX_COLLECTION_BYTES };
export const MAX_DEPTH = 16;
export const MAX_REQUESTS = 2_000;

/** Adobe's collection variables that are hosts and paths, with the values Adobe's docs give. */
export const ADOBE_ENVIRONMENT_DEFAULTS: Readonly<Record<string, string>> = {
  JO_HOST: 'https://platform.adobe.io',
  BASE_PATH: '/journey/orchestration',
  PLATFORM_URL: 'platform.adobe.io',
  PLATFORM_GATEWAY: 'https://platform.adobe.io',
  IMS: 'ims-na1.adobelogin.com',
};

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');

export interface PostmanConversion {
  /** File name (`journey-public-api.http`) → text. */
  files: Array<{ name: string; text: string }>;
  /** `http-client.env.json` content, when the collection uses Adobe's host variables. */
  environment?: string;
  requests: number;
  warnings: string[];
}

interface KeyValue {
  key: string;
  value: string;
  disabled: boolean;
  type?: string;
  src?: string;
  contentType?: string;
}

function keyValues(v: unknown): KeyValue[] {
  if (!Array.isArray(v)) return [];
  return v.filter(isObject).map((e) => {
    const kv: KeyValue = { key: str(e.key), value: str(e.value), disabled: e.disabled === true };
    if (typeof e.type === 'string') kv.type = e.type;
    if (typeof e.src === 'string') kv.src = e.src;
    else if (Array.isArray(e.src) && typeof e.src[0] === 'string') kv.src = e.src[0];
    if (typeof e.contentType === 'string') kv.contentType = e.contentType;
    return kv;
  });
}

const SECRET_LOOKING = /secret|password|passwd|token|private|credential/i;

/** URL in string or object form; `:name` path variables take their value or become `{{name}}`. */
function urlOf(url: unknown): string {
  if (typeof url === 'string') return url;
  if (!isObject(url)) return '';
  let out = str(url.raw);
  if (!out) {
    const protocol = str(url.protocol);
    const host = Array.isArray(url.host) ? url.host.map(str).join('.') : str(url.host);
    const port = str(url.port);
    const path = Array.isArray(url.path) ? url.path.map((p) => (isObject(p) ? str(p.value) : str(p))).join('/') : str(url.path);
    const query = keyValues(url.query).filter((q) => !q.disabled).map((q) => (q.value === '' && q.key !== '' ? q.key : `${q.key}=${q.value}`));
    out = `${protocol ? `${protocol}://` : ''}${host}${port ? `:${port}` : ''}${path ? `/${path}` : ''}${query.length ? `?${query.join('&')}` : ''}`;
  } else if (isObject(url) && Array.isArray(url.query)) {
    // `raw` may still hold parameters the user disabled in Postman.
    for (const q of keyValues(url.query).filter((x) => x.disabled)) {
      out = out.replace(new RegExp(`([?&])${q.key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}=[^&#]*&?`), '$1').replace(/[?&]$/, '');
    }
  }
  const vars = new Map(keyValues(isObject(url) ? url.variable : undefined).map((v) => [v.key, v.value]));
  return out.replace(/(^|\/):([A-Za-z_][\w-]{0,63})(?=\/|\?|#|$)/g, (_m, slash: string, name: string) => `${slash}${vars.get(name) || `{{${variableName(name)}}}`}`);
}

function encodeFormValue(value: string): string {
  // Variables stay as written; the rest is encoded as Postman would.
  return value.split(/(\{\{[^{}]*\}\})/).map((piece, i) => (i % 2 === 1 ? piece : encodeURIComponent(piece))).join('');
}

interface Scope {
  auth?: Json;
  path: string[];
}

function authHeaders(auth: Json | undefined, headers: Array<[string, string]>, notes: string[]): string | undefined {
  if (!auth) return undefined;
  const type = str(auth.type);
  const params = new Map(keyValues(auth[type]).map((p) => [p.key, p.value]));
  switch (type) {
    case '': case 'noauth': case 'inherit':
      return undefined;
    case 'bearer':
      headers.push(['Authorization', `Bearer ${params.get('token') ?? ''}`]);
      return undefined;
    case 'basic':
      headers.push(['Authorization', `Basic ${Buffer.from(`${params.get('username') ?? ''}:${params.get('password') ?? ''}`).toString('base64')}`]);
      if (/\{\{/.test(`${params.get('username')}${params.get('password')}`)) notes.push('Basic auth used Postman variables; set the Authorization header by hand.');
      return undefined;
    case 'apikey': {
      const key = params.get('key') ?? 'x-api-key';
      const value = params.get('value') ?? '';
      if (params.get('in') === 'query') return `${encodeURIComponent(key)}=${value}`;
      headers.push([key, value]);
      return undefined;
    }
    default:
      notes.push(`Postman '${type}' authorization is not converted; the profile's Adobe headers apply to adobe.io hosts.`);
      return undefined;
  }
}

function bodyOf(body: unknown, headers: Array<[string, string]>, notes: string[]): ImportedBody | undefined {
  if (!isObject(body) || body.disabled === true) return undefined;
  const mode = str(body.mode);
  const setType = (type: string): void => {
    if (!headers.some(([n]) => n.toLowerCase() === 'content-type')) headers.push(['Content-Type', type]);
  };
  switch (mode) {
    case 'raw': {
      const text = str(body.raw);
      if (text === '') return undefined;
      const language = isObject(body.options) && isObject(body.options.raw) ? str(body.options.raw.language) : '';
      if (language === 'json') setType('application/json');
      if (language === 'xml') setType('application/xml');
      return { kind: 'text', text };
    }
    case 'urlencoded': {
      const fields = keyValues(body.urlencoded).filter((f) => !f.disabled);
      setType('application/x-www-form-urlencoded');
      return { kind: 'text', text: fields.map((f) => `${encodeFormValue(f.key)}=${encodeFormValue(f.value)}`).join('&') };
    }
    case 'formdata': {
      const parts: ImportedPart[] = keyValues(body.formdata)
        .filter((f) => !f.disabled)
        .map((f) => {
          const part: ImportedPart = f.type === 'file' ? { name: f.key, value: f.src ?? '', file: true } : { name: f.key, value: f.value };
          if (f.contentType) part.contentType = f.contentType;
          return part;
        });
      return { kind: 'multipart', parts };
    }
    case 'file': {
      const src = isObject(body.file) ? str(body.file.src) : '';
      if (!src) {
        notes.push('The Postman body was a file that the collection does not name; add `< ./path` as the body.');
        return undefined;
      }
      return { kind: 'file', path: src };
    }
    case 'graphql': {
      const gql = isObject(body.graphql) ? body.graphql : {};
      let variables: unknown = undefined;
      const rawVars = str(gql.variables);
      if (rawVars.trim()) {
        try {
          variables = JSON.parse(rawVars);
        } catch {
          notes.push('The GraphQL variables were not JSON and were left out.');
        }
      }
      setType('application/json');
      return { kind: 'text', text: JSON.stringify(variables === undefined ? { query: str(gql.query) } : { query: str(gql.query), variables }, null, 2) };
    }
    default:
      if (mode) notes.push(`Postman body mode '${mode}' is not converted.`);
      return undefined;
  }
}

function scriptComments(events: unknown): string[] {
  if (!Array.isArray(events)) return [];
  const out: string[] = [];
  for (const e of events.filter(isObject)) {
    const exec = isObject(e.script) ? e.script.exec : undefined;
    const lines = Array.isArray(exec) ? exec.map(str) : [str(exec)];
    const count = lines.filter((l) => l.trim() !== '').length;
    if (count === 0) continue;
    const which = str(e.listen) === 'prerequest' ? 'pre-request script' : 'test script';
    out.push(commentLine(`Postman ${which} (${count} line${count === 1 ? '' : 's'}) is not run here.${/ACCESS_TOKEN|access_token/.test(lines.join('\n')) ? ' Tokens come from the active profile instead.' : ''}`));
  }
  return out;
}

interface Collected {
  blocks: string[][];
  variables: Map<string, string>;
  unset: Map<string, UnsetVariable>;
  env: Map<string, string>;
  taken: Set<string>;
  warnings: string[];
  count: number;
}

function collectVariables(list: unknown, into: Collected, where: string): void {
  for (const v of keyValues(list)) {
    if (v.disabled || !v.key) continue;
    const name = variableName(v.key);
    if (credentialRole(v.key)) continue; // the profile supplies these
    if (name in ADOBE_ENVIRONMENT_DEFAULTS) {
      into.env.set(name, v.value || ADOBE_ENVIRONMENT_DEFAULTS[name]!);
      continue;
    }
    if (SECRET_LOOKING.test(v.key) && v.value !== '') {
      into.warnings.push(`The ${where} variable '${v.key}' looks secret; its value was not written. Set it where you keep secrets (http-client.private.env.json).`);
      continue;
    }
    if (v.value === '') {
      // Empty in the export: a script fills it at run time (an id from a create call). Left for the user to set.
      into.unset.set(name, { name, hint: `empty in the ${where}; a Postman script used to fill it (e.g. from an earlier response).` });
      continue;
    }
    if (into.variables.has(name) && into.variables.get(name) !== v.value) into.warnings.push(`The variable '${v.key}' has different values in ${where} and elsewhere; the last one is kept.`);
    into.variables.set(name, v.value);
  }
}

function convertRequest(item: Json, scope: Scope, into: Collected): void {
  const title = [...scope.path, str(item.name) || 'Request'].join(' / ');
  const raw = typeof item.request === 'string' ? { url: item.request, method: 'GET' } : isObject(item.request) ? item.request : undefined;
  if (!raw) {
    into.warnings.push(`'${title}' has no request and was skipped.`);
    return;
  }
  const notes: string[] = [];
  const comments = scriptComments(item.event);
  const headers: Array<[string, string]> = [];
  const disabled: string[] = [];
  const headerList = typeof raw.header === 'string' ? raw.header.split(/\r?\n/).filter(Boolean).map((l) => ({ key: l.split(':')[0]!.trim(), value: l.slice(l.indexOf(':') + 1).trim(), disabled: false })) : keyValues(raw.header);
  for (const h of headerList) {
    if (!h.key) continue;
    if (h.disabled) disabled.push(`${h.key}: ${h.value}`);
    else headers.push([h.key, h.value]);
  }
  for (const d of disabled) comments.push(commentLine(`Disabled in Postman, not sent: ${d}`));
  const auth = isObject(raw.auth) && str(raw.auth.type) !== 'inherit' ? raw.auth : scope.auth;
  const authQuery = authHeaders(auth, headers, notes);
  let url = urlOf(raw.url);
  if (!url) {
    into.warnings.push(`'${title}' has no URL and was skipped.`);
    return;
  }
  if (authQuery) url += (url.includes('?') ? '&' : '?') + authQuery;
  const body = bodyOf(raw.body, headers, notes);
  const request: ImportedRequest = { method: (str(raw.method) || 'GET').toUpperCase(), url, headers, notes, ...(body ? { body } : {}) };
  const converted = applyAdobePlaceholders(request);
  for (const u of converted.unset) into.unset.set(u.name, u);
  const description = isObject(raw.description) ? str(raw.description.content) : str(raw.description);
  if (description.trim()) comments.unshift(commentLine(description.split(/\r?\n/).find((l) => l.trim()) ?? ''));
  into.blocks.push(requestBlock({ title, name: slug(str(item.name) || title, into.taken), comments, request: converted.request }));
}

function walk(items: unknown, scope: Scope, into: Collected, depth: number): void {
  if (!Array.isArray(items)) return;
  if (depth > MAX_DEPTH) throw new AioError('import-too-large', `The collection nests folders more than ${MAX_DEPTH} deep; export a smaller part of it.`);
  for (const item of items) {
    if (!isObject(item)) continue;
    if (Array.isArray(item.item)) {
      collectVariables(item.variable, into, `folder '${str(item.name)}'`);
      const auth = isObject(item.auth) && str(item.auth.type) !== 'inherit' ? item.auth : scope.auth;
      walk(item.item, { path: [...scope.path, str(item.name) || 'Folder'], ...(auth ? { auth } : {}) }, into, depth + 1);
      continue;
    }
    if (++into.count > MAX_REQUESTS) throw new AioError('import-too-large', `The collection has more than ${MAX_REQUESTS} requests; export a folder at a time.`);
    convertRequest(item, scope, into);
  }
}

/** Variables the blocks reference that nothing defines: the env file gets Adobe's defaults for the known ones. */
function referencedEnv(text: string, into: Collected): void {
  for (const [name, value] of Object.entries(ADOBE_ENVIRONMENT_DEFAULTS)) {
    if (!into.env.has(name) && new RegExp(`\\{\\{\\s*${name}\\s*\\}\\}`).test(text)) into.env.set(name, value);
  }
}

/** Converts a Postman collection (v2.0 or v2.1 JSON). Throws AioError('import-invalid') for anything else. */
export function postmanToHttp(input: string | Uint8Array): PostmanConversion {
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size > MAX_COLLECTION_BYTES) throw new AioError('import-too-large', `The collection is ${size} bytes; at most ${MAX_COLLECTION_BYTES} are read. Export a folder at a time.`);
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('utf8');
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new AioError('import-invalid', 'The file is not JSON; export the collection from Postman as Collection v2.1.');
  }
  if (!isObject(data) || !isObject(data.info) || !Array.isArray(data.item)) {
    if (isObject(data) && Array.isArray(data.values)) throw new AioError('import-invalid', 'This is a Postman environment, not a collection; use "Import Postman Environment…" (it becomes a credential profile).');
    throw new AioError('import-invalid', 'This is not a Postman collection (no info and item); export it from Postman as Collection v2.1.');
  }
  const schema = str(data.info.schema);
  if (schema && !/collection\/v2\.[01]/.test(schema)) throw new AioError('import-invalid', `Only Postman collections v2.0 and v2.1 are read (this one says ${schema}); re-export it as v2.1.`);
  const into: Collected = { blocks: [], variables: new Map(), unset: new Map(), env: new Map(), taken: new Set(), warnings: [], count: 0 };
  collectVariables(data.variable, into, 'collection');
  const auth = isObject(data.auth) ? data.auth : undefined;
  walk(data.item, { path: [], ...(auth ? { auth } : {}) }, into, 0);
  const collectionName = str(data.info.name) || 'Postman collection';
  const bodyText = into.blocks.map((b) => b.join('\n')).join('\n\n');
  referencedEnv(bodyText, into);
  const unset = [...into.unset.values()].filter((u) => !into.variables.has(u.name) && !into.env.has(u.name));
  // Variables referenced in `{{…}}` but defined nowhere: listed so the user knows what to set.
  const known = new Set([...into.variables.keys(), ...into.env.keys(), ...unset.map((u) => u.name)]);
  const undefinedRefs = new Set<string>();
  for (const m of bodyText.matchAll(/\{\{\s*([A-Za-z_][\w.-]{0,63})\s*\}\}/g)) {
    const name = m[1]!;
    if (!known.has(name) && !name.includes('.')) undefinedRefs.add(name);
  }
  const head = [
    commentLine(`Converted from the Postman collection '${collectionName}' by aio-requests. Adobe credentials come from the active profile.`),
    ...(into.env.size ? [commentLine('Hosts and paths (JO_HOST, BASE_PATH…) are in http-client.env.json next to this file.')] : []),
    ...unsetComments(unset),
    ...[...undefinedRefs].map((n) => commentLine(`Set {{${n}}} before sending: the collection uses it but does not define it.`)),
    ...[...into.variables].map(([k, v]) => `@${k} = ${v.replace(/[\r\n]+/g, ' ')}`),
  ];
  const fileText = `${[...head, '', bodyText].join('\n').replace(/\n+$/, '')}\n`;
  const out: PostmanConversion = { files: [{ name: `${slug(collectionName)}.http`, text: fileText }], requests: into.count, warnings: into.warnings };
  if (into.env.size) out.environment = `${JSON.stringify({ $shared: Object.fromEntries(into.env) }, null, 2)}\n`;
  return out;
}
