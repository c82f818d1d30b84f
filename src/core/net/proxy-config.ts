// Which proxy a request goes through: VS Code's `http.proxy` settings when given, else HTTPS_PROXY/HTTP_PROXY
// and NO_PROXY from the environment. Free of undici so that it costs nothing at activation.

export interface ProxySettings {
  /** VS Code's `http.proxy`; overrides HTTPS_PROXY/HTTP_PROXY. */
  url?: string;
  /** VS Code's `http.proxyStrictSSL`: verify the proxy's own certificate (default true). */
  strictSSL?: boolean;
  /** VS Code's `http.noProxy`: hosts reached directly. */
  noProxy?: readonly string[];
}

/** Where the proxy configuration comes from. */
export interface ProxySource {
  proxy?: ProxySettings;
  /** Where HTTPS_PROXY, HTTP_PROXY and NO_PROXY are read from (both cases); process.env when omitted. */
  env?: NodeJS.ProcessEnv;
}

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name] ?? env[name.toLowerCase()];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** Resolved proxy configuration, or undefined when every request goes direct. */
export function proxyConfig(options: ProxySource): { httpProxy?: string; httpsProxy?: string; noProxy?: string; strictSSL: boolean } | undefined {
  const env = options.env ?? process.env;
  const explicit = options.proxy?.url?.trim() || undefined;
  const httpsProxy = explicit ?? envValue(env, 'HTTPS_PROXY') ?? envValue(env, 'HTTP_PROXY');
  const httpProxy = explicit ?? envValue(env, 'HTTP_PROXY');
  if (!httpsProxy && !httpProxy) return undefined;
  const noProxyList = options.proxy?.noProxy?.length ? options.proxy.noProxy.join(',') : envValue(env, 'NO_PROXY');
  return { httpProxy, httpsProxy, noProxy: noProxyList, strictSSL: options.proxy?.strictSSL !== false };
}

/**
 * The proxy URL when a refused connection (ECONNREFUSED) was to the proxy rather than to `target`: the error
 * carries the refused port, which is the proxy's when requests go through one.
 */
export function refusingProxy(error: unknown, target: URL, proxy: ReturnType<typeof proxyConfig>): string | undefined {
  const viaProxy = proxy && (target.protocol === 'https:' ? proxy.httpsProxy : proxy.httpProxy);
  if (!viaProxy) return undefined;
  let proxyUrl: URL;
  try {
    proxyUrl = new URL(viaProxy);
  } catch {
    return undefined;
  }
  const portOf = (u: URL): number => Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const { port, address } = e as { port?: unknown; address?: unknown };
    if (typeof port !== 'number') continue;
    if (port !== portOf(proxyUrl)) return undefined;
    // Same port on both sides: the address decides.
    return port !== portOf(target) || address === proxyUrl.hostname ? viaProxy : undefined;
  }
  return undefined;
}
