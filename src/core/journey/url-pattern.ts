// Endpoint URL patterns as capping and throttling configs write them: `*` wildcards in the path only.
// Normalised so that configs written differently for the same endpoint group together, and compiled
// once into a matcher for concrete request URLs.

export type UrlPatternProblem = 'malformed' | 'wildcard-host';

export interface UrlPattern {
  /** Lower-case scheme, lower-case host, port only when not the scheme's default, path without trailing slash. */
  normalized: string;
  scheme: 'http' | 'https';
  host: string;
  /** Undefined for the scheme's default port. */
  port?: number;
  /** Path (and query, when the pattern has one) as written; `/` for none. */
  path: string;
}

const DEFAULT_PORT: Record<string, number> = { http: 80, https: 443 };
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$|^\[[0-9a-f:.]+\]$/;

/** Parses a pattern; on failure, says whether it is malformed or has a wildcard where none is allowed. */
export function parseUrlPattern(text: string): { pattern: UrlPattern } | { problem: UrlPatternProblem } {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^#]*)$/.exec(text.trim());
  if (!m) return { problem: 'malformed' };
  const scheme = m[1].toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return { problem: 'malformed' };
  const authority = m[2].toLowerCase();
  if (authority.includes('*')) return { problem: 'wildcard-host' };
  const hostPort = /^(\[[^\]]+\]|[^:@]+)(?::(\d{1,5}))?$/.exec(authority);
  if (!hostPort || !HOST.test(hostPort[1])) return { problem: 'malformed' };
  let port = hostPort[2] === undefined ? undefined : Number(hostPort[2]);
  if (port !== undefined && (port < 1 || port > 65535)) return { problem: 'malformed' };
  if (port === DEFAULT_PORT[scheme]) port = undefined;
  let path = m[3] || '/';
  if (path.startsWith('?')) path = `/${path}`;
  if (/\s/.test(path)) return { problem: 'malformed' };
  // `/a/` and `/a` name the same endpoint; the root keeps its slash.
  const query = path.indexOf('?');
  const pathname = query < 0 ? path : path.slice(0, query);
  const trimmed = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
  path = query < 0 ? trimmed : `${trimmed}${path.slice(query)}`;
  const host = hostPort[1];
  const normalized = `${scheme}://${host}${port === undefined ? '' : `:${port}`}${path === '/' ? '' : path}`;
  return { pattern: { normalized, scheme, host, port, path } };
}

/** The grouping key of a pattern: its normalised form, or the trimmed text when it does not parse. */
export function endpointKey(text: string): string {
  const parsed = parseUrlPattern(text);
  return 'pattern' in parsed ? parsed.pattern.normalized : text.trim();
}

/** A concrete request URL split once, so that many patterns can be tried against it cheaply. */
export interface RequestTarget {
  scheme: string;
  host: string;
  /** Undefined for the scheme's default port. */
  port?: number;
  /** Path without a trailing slash (the root keeps its slash). */
  path: string;
  search: string;
}

export function requestTarget(url: URL): RequestTarget {
  const scheme = url.protocol.slice(0, -1);
  const port = url.port === '' ? undefined : Number(url.port);
  const pathname = url.pathname;
  return {
    scheme,
    host: url.hostname.toLowerCase(),
    port: port === DEFAULT_PORT[scheme] ? undefined : port,
    path: pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname,
    search: url.search,
  };
}

export interface CompiledUrlPattern {
  pattern: UrlPattern;
  /** Whether a concrete request falls under the pattern. */
  matches(target: RequestTarget): boolean;
}

/** Compiles a pattern; `*` matches any run of characters, and a trailing `/*` also matches the bare prefix. */
export function compileUrlPattern(text: string): CompiledUrlPattern | undefined {
  const parsed = parseUrlPattern(text);
  if (!('pattern' in parsed)) return undefined;
  const { pattern } = parsed;
  const withQuery = pattern.path.includes('?');
  let source = pattern.path;
  let tail = '';
  if (source.endsWith('/*')) {
    source = source.slice(0, -2);
    tail = '(?:/.*)?';
  }
  const body = source
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const regex = new RegExp(`^${body}${tail}$`);
  return {
    pattern,
    matches(target: RequestTarget): boolean {
      if (target.host !== pattern.host || target.scheme !== pattern.scheme || target.port !== pattern.port) return false;
      return regex.test(withQuery ? target.path + target.search : target.path);
    },
  };
}
