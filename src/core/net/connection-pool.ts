// The core's one dispatcher setup, used by the `.http` runner and the IMS client: a keep-alive undici Agent, behind
// a proxy when one is configured, with TLS verification turned off only for the hosts the user listed.
import { Agent, buildConnector, EnvHttpProxyAgent, type Dispatcher } from 'undici';
import { timedConnector } from './connection-timing';
import { proxyConfig, type ProxySettings } from './proxy-config';

export interface PoolOptions {
  connectTimeoutMs: number;
  proxy?: ProxySettings;
  /** Where HTTPS_PROXY, HTTP_PROXY and NO_PROXY are read from (both cases); process.env when omitted. */
  env?: NodeJS.ProcessEnv;
  /** Hosts (`host` or `host:port`) whose certificates are not verified. */
  insecureTlsHosts?: readonly string[];
  /**
   * Most connections per origin (a run's concurrency): a request finishing and the next starting at once then
   * reuse a socket instead of opening one more. Unbounded when omitted.
   */
  connections?: number;
}

export class ConnectionPool {
  /** Keyed by TLS verification and HTTP/2 wish: at most four pools, created on first use. */
  private readonly pools = new Map<string, Dispatcher>();
  private readonly insecure: Set<string>;
  /** The proxy every pool goes through, or undefined when requests go direct. */
  readonly proxy: ReturnType<typeof proxyConfig>;

  constructor(private readonly options: PoolOptions) {
    this.insecure = new Set((options.insecureTlsHosts ?? []).map((h) => h.trim().toLowerCase()).filter((h) => h !== ''));
    this.proxy = proxyConfig(options);
  }

  /**
   * The dispatcher for `url`: the shared pool, the unverified one for a host listed as insecure, and for a
   * request line that says `HTTP/2`, a pool that offers h2 by ALPN (HTTPS only; the server may still pick 1.1).
   */
  for(url: URL, http2 = false): Dispatcher {
    const host = url.hostname.toLowerCase();
    const insecure = url.protocol === 'https:' && this.insecure.size > 0 && (this.insecure.has(host) || this.insecure.has(url.host.toLowerCase()));
    const h2 = http2 && url.protocol === 'https:';
    const key = `${insecure ? 'insecure' : 'verified'}${h2 ? '-h2' : ''}`;
    let pool = this.pools.get(key);
    if (!pool) {
      pool = this.create(!insecure, h2);
      this.pools.set(key, pool);
    }
    return pool;
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.close()));
  }

  /** Closes every socket at once, in-flight requests included. */
  async destroy(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.destroy()));
  }

  private create(verifyTls: boolean, allowH2: boolean): Dispatcher {
    const connect = { timeout: this.options.connectTimeoutMs, rejectUnauthorized: verifyTls };
    const common = { keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000, connect, headersTimeout: 0, bodyTimeout: 0, allowH2, ...(this.options.connections ? { connections: this.options.connections } : {}) };
    const proxy = this.proxy;
    // Direct connections record their DNS/TCP/TLS times (connection-timing.ts); a function connector gets no
    // defaults from undici, so it is built here with the same options.
    if (!proxy) return new Agent({ ...common, connect: timedConnector(buildConnector({ ...connect, allowH2 })) });
    return new EnvHttpProxyAgent({
      ...common,
      httpProxy: proxy.httpProxy,
      httpsProxy: proxy.httpsProxy,
      noProxy: proxy.noProxy ?? '',
      requestTls: { rejectUnauthorized: verifyTls },
      proxyTls: { rejectUnauthorized: proxy.strictSSL },
      // Through an http:// proxy, plain-http targets are forwarded in absolute form, as curl and browsers do (many
      // proxies refuse CONNECT to port 80); undici still tunnels them through an https:// proxy.
      proxyTunnel: false,
    });
  }
}
