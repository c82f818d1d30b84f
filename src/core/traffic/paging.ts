// Follows an API's own paging from a first URL: Campaign Standard's `next.href`, CJA's `page` + `lastPage` /
// `totalPages`, or a generic `Link: <…>; rel="next"` header. Pure: the caller supplies how a URL is sent.

export type PagingStyle = 'next-href' | 'page-number' | 'link-header';

export interface PageAnswer {
  status: number;
  /** Header names in any case. */
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The parsed JSON body, or undefined when it was not JSON. */
  json?: unknown;
}

export interface Page<R extends PageAnswer> {
  url: string;
  /** 0-based page index in this run. */
  index: number;
  response: R;
}

export interface FollowOptions {
  /** Which style to follow; by default the first one the answer shows (next.href, then Link, then page numbers). */
  style?: PagingStyle;
  /** Most pages to fetch, the first included (default 50). */
  maxPages?: number;
  signal?: AbortSignal;
}

export type PagingStop = 'last-page' | 'max-pages' | 'error-status' | 'repeated-url' | 'cancelled';

export interface FollowResult<R extends PageAnswer> {
  pages: Array<Page<R>>;
  /** Why paging stopped. */
  stop: PagingStop;
  /** The style that was followed, once one was seen. */
  style?: PagingStyle;
}

export const DEFAULT_MAX_PAGES = 50;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function header(headers: PageAnswer['headers'], name: string): string[] {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name || value === undefined) continue;
    return typeof value === 'string' ? [value] : [...value];
  }
  return [];
}

/** The `rel="next"` target of Link headers (RFC 8288), resolved against the page's URL. */
export function linkNext(headers: PageAnswer['headers'], base: string): string | undefined {
  for (const value of header(headers, 'link')) {
    for (const m of value.matchAll(/<([^>]*)>((?:\s*;\s*[^;,]+)*)/g)) {
      const rel = /;\s*rel\s*=\s*"?([^";,]+)"?/i.exec(m[2] ?? '')?.[1];
      if (rel && rel.toLowerCase().split(/\s+/).includes('next')) return resolve(m[1]!, base);
    }
  }
  return undefined;
}

/** An absolute target is kept exactly as the server wrote it (Adobe: follow `next.href` as given). */
function resolve(target: string, base: string): string | undefined {
  if (URL.canParse(target)) return target;
  try {
    return new URL(target, base).toString();
  } catch {
    return undefined;
  }
}

/** Campaign's `next.href`, used as given (resolved only when relative). */
function hrefNext(json: unknown, base: string): string | undefined {
  if (!isObject(json) || !isObject(json.next) || typeof json.next.href !== 'string' || json.next.href === '') return undefined;
  return resolve(json.next.href, base);
}

const isPageNumbered = (json: unknown): json is Record<string, unknown> =>
  isObject(json) && (typeof json.lastPage === 'boolean' || typeof json.totalPages === 'number');

/** CJA: the same URL with `page` one higher, unless the answer says this was the last page. */
function numberNext(json: unknown, url: string): string | undefined {
  if (!isPageNumbered(json)) return undefined;
  if (json.lastPage === true) return undefined;
  const parsed = new URL(url);
  const asked = Number(parsed.searchParams.get('page') ?? 0);
  const current = typeof json.number === 'number' ? json.number : Number.isFinite(asked) ? asked : 0;
  if (typeof json.totalPages === 'number' && current + 1 >= json.totalPages) return undefined;
  if (Array.isArray(json.content) && json.content.length === 0) return undefined;
  parsed.searchParams.set('page', String(current + 1));
  return parsed.toString();
}

/** The style an answer shows, in order of how specific it is. */
export function detectStyle(answer: PageAnswer, url: string): PagingStyle | undefined {
  if (hrefNext(answer.json, url) !== undefined) return 'next-href';
  if (linkNext(answer.headers, url) !== undefined) return 'link-header';
  if (isPageNumbered(answer.json)) return 'page-number';
  return undefined;
}

export function nextPageUrl(style: PagingStyle, answer: PageAnswer, url: string): string | undefined {
  switch (style) {
    case 'next-href':
      return hrefNext(answer.json, url);
    case 'link-header':
      return linkNext(answer.headers, url);
    case 'page-number':
      return numberNext(answer.json, url);
  }
}

/** Fetches the first page and every next one, in order, until the last page, `maxPages`, an error status or cancel. */
export async function followPages<R extends PageAnswer>(
  firstUrl: string,
  send: (url: string, index: number) => Promise<R>,
  options: FollowOptions = {},
): Promise<FollowResult<R>> {
  const max = Math.max(1, options.maxPages ?? DEFAULT_MAX_PAGES);
  const pages: Array<Page<R>> = [];
  const seen = new Set<string>();
  let style = options.style;
  let url = firstUrl;
  for (;;) {
    if (options.signal?.aborted) return { pages, stop: 'cancelled', style };
    seen.add(url);
    const response = await send(url, pages.length);
    pages.push({ url, index: pages.length, response });
    if (response.status < 200 || response.status >= 300) return { pages, stop: 'error-status', style };
    style ??= detectStyle(response, url);
    const next = style ? nextPageUrl(style, response, url) : undefined;
    if (next === undefined) return { pages, stop: 'last-page', style };
    if (seen.has(next)) return { pages, stop: 'repeated-url', style };
    if (pages.length >= max) return { pages, stop: 'max-pages', style };
    url = next;
  }
}
