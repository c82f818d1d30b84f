// Reads a curl command as docs pages and browsers write it into one request. Options that change what is sent
// are applied; options that only change how curl behaves locally are listed as notes, never silently dropped.
import { AioError } from '../errors';
import { shellWords } from './shell-words';

export interface ImportedPart {
  name: string;
  /** Text value, or a file path when `file` is set. */
  value: string;
  file?: boolean;
  contentType?: string;
  filename?: string;
}

export type ImportedBody =
  | { kind: 'text'; text: string }
  /** A file sent as the body (`-d @file`, `--data-binary @file`, `-T file`). */
  | { kind: 'file'; path: string }
  | { kind: 'multipart'; parts: ImportedPart[] };

export interface ImportedRequest {
  title?: string;
  method: string;
  url: string;
  headers: Array<[string, string]>;
  body?: ImportedBody;
  /** What the user should know about the conversion, one line each. */
  notes: string[];
}

// Options that take a value; anything else starting with `-` is a flag.
const SHORT_WITH_VALUE = new Set('XHdFuAbeoTmxEcDrwKtzCPQYyU'.split(''));
const LONG_WITH_VALUE = new Set([
  'request', 'header', 'data', 'data-ascii', 'data-raw', 'data-binary', 'data-urlencode', 'json', 'form', 'form-string',
  'user', 'url', 'user-agent', 'cookie', 'referer', 'output', 'upload-file', 'max-time', 'connect-timeout', 'proxy',
  'cert', 'key', 'cacert', 'capath', 'retry', 'retry-delay', 'retry-max-time', 'write-out', 'cookie-jar', 'dump-header',
  'oauth2-bearer', 'limit-rate', 'resolve', 'connect-to', 'config', 'range', 'time-cond', 'proxy-user', 'interface',
  'max-redirs', 'expect100-timeout', 'key-type', 'cert-type', 'pass', 'ciphers', 'dns-servers', 'max-filesize',
  'aws-sigv4', 'variable', 'url-query', 'stderr', 'trace', 'trace-ascii', 'unix-socket', 'abstract-unix-socket',
  'preproxy', 'noproxy', 'proxy-header', 'happy-eyeballs-timeout-ms', 'keepalive-time', 'local-port', 'quote',
  'mail-from', 'mail-rcpt', 'socks5', 'socks5-hostname', 'socks4', 'socks4a', 'tls-max', 'netrc-file', 'hostpubmd5',
]);
const SHORT_TO_LONG: Record<string, string> = {
  X: 'request', H: 'header', d: 'data', F: 'form', u: 'user', A: 'user-agent', b: 'cookie', e: 'referer', o: 'output',
  T: 'upload-file', m: 'max-time', x: 'proxy', E: 'cert', c: 'cookie-jar', D: 'dump-header', r: 'range', w: 'write-out',
  K: 'config', G: 'get', I: 'head', k: 'insecure', L: 'location', s: 'silent', S: 'show-error', v: 'verbose', i: 'include',
  f: 'fail', g: 'globoff', N: 'no-buffer', Z: 'parallel', z: 'time-cond', O: 'remote-name', J: 'remote-header-name',
  '#': 'progress-bar', q: 'disable', n: 'netrc', '4': 'ipv4', '6': 'ipv6', '0': 'http1.0', '1': 'tlsv1', '2': 'sslv2', '3': 'sslv3',
  t: 'telnet-option', C: 'continue-at', P: 'ftp-port', Q: 'quote', Y: 'speed-limit', y: 'speed-time', U: 'proxy-user',
};
// Flags that change nothing about the request itself: accepted without a note.
const QUIET_FLAGS = new Set(['silent', 'show-error', 'verbose', 'include', 'fail', 'fail-with-body', 'globoff', 'no-buffer', 'progress-bar', 'disable', 'location', 'http1.1', 'http2', 'no-progress-meter', 'ipv4', 'ipv6']);

interface Data {
  kind: 'data' | 'raw' | 'binary' | 'urlencode' | 'json';
  value: string;
}

export { looksLikeCurl } from './limits';

/** The commands in `text`: each starts at a line beginning with `curl` (or `-X` for the Campaign page's form). */
export function splitCommands(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let current: string[] | undefined;
  for (const line of lines) {
    if (/^\s*(?:\$\s+)?curl(?:\.exe)?(?:\s|$)/i.test(line) || (/^\s*-X\s*[A-Za-z]+\s/.test(line) && !current)) {
      if (current) out.push(current.join('\n'));
      current = [line];
    } else if (current) {
      current.push(line);
    }
  }
  if (current) out.push(current.join('\n'));
  return out;
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

function hasHeader(headers: Array<[string, string]>, name: string): boolean {
  const lower = name.toLowerCase();
  return headers.some(([n]) => n.toLowerCase() === lower);
}

/** `--data-urlencode` forms: `content`, `=content`, `name=content`, `@file`, `name@file`. */
function urlencodeData(value: string, notes: string[]): string {
  const at = value.indexOf('@');
  const eq = value.indexOf('=');
  if (at >= 0 && (eq < 0 || at < eq)) {
    notes.push(`--data-urlencode ${value}: the file's content is not read here; put it in the body by hand.`);
    return at === 0 ? '' : `${value.slice(0, at)}=`;
  }
  if (eq < 0) return encodeURIComponent(value);
  const name = value.slice(0, eq);
  const content = encodeURIComponent(value.slice(eq + 1));
  return name === '' ? content : `${name}=${content}`;
}

/** `-F name=value`, `name=@file;type=…;filename=…`, `name=<file` (content as text). */
function formPart(value: string, literal: boolean): ImportedPart {
  const eq = value.indexOf('=');
  const name = eq < 0 ? value : value.slice(0, eq);
  let rest = eq < 0 ? '' : value.slice(eq + 1);
  if (literal) return { name, value: rest };
  const part: ImportedPart = { name, value: rest };
  const file = rest.startsWith('@') || rest.startsWith('<');
  if (file) {
    rest = rest.slice(1);
    part.file = true;
  }
  // `;type=` and `;filename=` follow the value; a value without them keeps its semicolons.
  const segments = rest.split(';');
  const params = segments.slice(1).filter((s) => /^\s*(type|filename|headers|encoder)=/.test(s));
  if (params.length === segments.length - 1) {
    part.value = segments[0]!;
    for (const p of params) {
      const [key, ...v] = p.trim().split('=');
      const val = v.join('=').replace(/^"(.*)"$/, '$1');
      if (key === 'type') part.contentType = val;
      if (key === 'filename') part.filename = val;
    }
  } else {
    part.value = rest;
  }
  return part;
}

/** Parses one curl command (the words after an optional `curl`). Throws AioError('import-invalid') with what to fix. */
export function parseCurl(command: string): ImportedRequest {
  const words = shellWords(command.trim().replace(/^\$\s+/, ''));
  if (words.length === 0) throw new AioError('import-invalid', 'Nothing to convert: paste a curl command.');
  const first = words[0]!;
  if (/^(?:.*[\\/])?curl(?:\.exe)?$/i.test(first)) words.shift();
  else if (!first.startsWith('-') && !/^https?:\/\//i.test(first)) {
    throw new AioError('import-invalid', `This is not a curl command (it starts with '${first.slice(0, 40)}'); paste a command that starts with curl.`);
  }
  const notes: string[] = [];
  const headers: Array<[string, string]> = [];
  const data: Data[] = [];
  const parts: ImportedPart[] = [];
  const urls: string[] = [];
  let method: string | undefined;
  let get = false;
  let head = false;
  let user: string | undefined;
  let upload: string | undefined;
  let endOfOptions = false;

  const apply = (long: string, value: string | undefined): void => {
    const v = value ?? '';
    switch (long) {
      case 'request': method = v.toUpperCase(); break;
      case 'header': {
        const colon = v.indexOf(':');
        if (colon <= 0) {
          // `-H 'Name;'` sends an empty header, `-H 'Name:'` removes one: neither matters here.
          if (!v.endsWith(';')) notes.push(`Header '${v}' has no value and was left out.`);
          else headers.push([v.slice(0, -1).trim(), '']);
          break;
        }
        const hv = v.slice(colon + 1).trim();
        if (hv === '') break;
        headers.push([v.slice(0, colon).trim(), hv]);
        break;
      }
      case 'data': case 'data-ascii': data.push({ kind: 'data', value: v }); break;
      case 'data-raw': data.push({ kind: 'raw', value: v }); break;
      case 'data-binary': data.push({ kind: 'binary', value: v }); break;
      case 'data-urlencode': data.push({ kind: 'urlencode', value: v }); break;
      case 'json': data.push({ kind: 'json', value: v }); break;
      case 'form': parts.push(formPart(v, false)); break;
      case 'form-string': parts.push(formPart(v, true)); break;
      case 'user': user = v; break;
      case 'url': urls.push(v); break;
      case 'get': get = true; break;
      case 'head': head = true; break;
      case 'user-agent': headers.push(['User-Agent', v]); break;
      case 'referer': headers.push(['Referer', v]); break;
      case 'cookie':
        if (v.includes('=')) headers.push(['Cookie', v]);
        else notes.push(`-b ${v}: cookies from a file are not read; add a Cookie header if the request needs one.`);
        break;
      case 'oauth2-bearer': headers.push(['Authorization', `Bearer ${v}`]); break;
      case 'upload-file': upload = v; break;
      case 'compressed': notes.push('--compressed: responses are decompressed anyway; nothing to set.'); break;
      case 'insecure': notes.push('-k (--insecure) is not obeyed: certificates are still verified. To trust a test host, add it to the aioRequests.insecureTlsHosts setting.'); break;
      case 'config': throw new AioError('import-invalid', '-K/--config reads options from a file; paste the options themselves.');
      case 'output': case 'dump-header': case 'cookie-jar': case 'write-out': case 'remote-name': case 'remote-header-name':
        notes.push(`--${long}: where curl writes its output does not apply; the response is shown instead.`);
        break;
      case 'max-time': notes.push(`--max-time ${v}: use '# @timeout ${v}s' if the request needs a timeout.`); break;
      case 'proxy': notes.push('--proxy: the proxy comes from your settings (http.proxy / HTTPS_PROXY), not from the command.'); break;
      default:
        if (!QUIET_FLAGS.has(long)) notes.push(`--${long}${value === undefined ? '' : ` ${value}`} is not converted.`);
    }
  };

  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (endOfOptions || !w.startsWith('-') || w === '-') {
      urls.push(w);
      continue;
    }
    if (w === '--') {
      endOfOptions = true;
      continue;
    }
    if (w.startsWith('--')) {
      const long = w.slice(2);
      if (long === 'compressed' || long === 'insecure' || !LONG_WITH_VALUE.has(long)) {
        apply(long, undefined);
        continue;
      }
      if (i + 1 >= words.length) throw new AioError('import-invalid', `${w} needs a value; the command ends after it.`);
      apply(long, words[++i]);
      continue;
    }
    // Short options may be bundled (`-sSL`) and a value may be attached (`-XPOST`, `-H'…'`).
    for (let j = 1; j < w.length; j++) {
      const letter = w[j]!;
      const long = SHORT_TO_LONG[letter] ?? letter;
      if (SHORT_WITH_VALUE.has(letter)) {
        let value = w.slice(j + 1);
        if (value === '') {
          if (i + 1 >= words.length) throw new AioError('import-invalid', `-${letter} needs a value; the command ends after it.`);
          value = words[++i]!;
        }
        apply(long, value);
        break;
      }
      apply(long, undefined);
    }
  }

  if (urls.length === 0) throw new AioError('import-invalid', 'The command has no URL; curl needs one (e.g. https://platform.adobe.io/…).');
  if (urls.length > 1) notes.push(`Only the first URL is used; also given: ${urls.slice(1).join(', ')}.`);
  let url = urls[0]!;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) url = `https://${url}`;
  url = url.replace(/ /g, '%20');

  let body: ImportedBody | undefined;
  if (user !== undefined && !hasHeader(headers, 'authorization')) {
    headers.push(['Authorization', `Basic ${base64(user.includes(':') ? user : `${user}:`)}`]);
    if (/[<{$]/.test(user)) notes.push(`-u ${user}: the placeholders were encoded as written; put base64 of user:password after Basic by hand.`);
  }
  if (data.length > 0 && parts.length > 0) throw new AioError('import-invalid', 'The command mixes -d and -F; curl refuses that too. Keep one kind.');
  if (data.length > 0) {
    const fileData = data.find((d) => d.kind !== 'raw' && d.kind !== 'urlencode' && d.value.startsWith('@'));
    const joined = data
      .map((d) => (d.kind === 'urlencode' ? urlencodeData(d.value, notes) : d.kind === 'data' && !d.value.startsWith('@') ? d.value.replace(/[\r\n]/g, '') : d.value))
      .join('&');
    if (get) {
      url += (url.includes('?') ? '&' : '?') + joined;
    } else if (fileData && data.length === 1) {
      const path = fileData.value.slice(1);
      body = { kind: 'file', path: path === '-' ? 'stdin' : path };
      if (path === '-') notes.push('The body came from standard input; put it in the body by hand.');
    } else {
      body = { kind: 'text', text: joined };
    }
    if (!get && data.some((d) => d.kind === 'json')) {
      if (!hasHeader(headers, 'content-type')) headers.push(['Content-Type', 'application/json']);
      if (!hasHeader(headers, 'accept')) headers.push(['Accept', 'application/json']);
    } else if (!get && !hasHeader(headers, 'content-type')) {
      // curl's own default for -d; keeping it explicit means the server sees the same request.
      headers.push(['Content-Type', 'application/x-www-form-urlencoded']);
    }
  } else if (parts.length > 0) {
    body = { kind: 'multipart', parts };
  } else if (upload !== undefined) {
    body = { kind: 'file', path: upload };
  }
  const finalMethod = method ?? (head ? 'HEAD' : get ? 'GET' : upload !== undefined ? 'PUT' : body ? 'POST' : 'GET');
  return { method: finalMethod, url, headers, ...(body ? { body } : {}), notes };
}
