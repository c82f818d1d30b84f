// Which hosts receive Adobe credentials implicitly, and which of them want `x-sandbox-name`.

/** The hosts that always receive Adobe headers (over HTTPS only). */
export const DEFAULT_AUTH_HOSTS: readonly string[] = ['*.adobe.io'];

/** Adobe hosts whose APIs scope data by sandbox (Experience Platform and Journey Optimizer). */
const SANDBOX_HOSTS = /^(platform|journey|platform-[a-z0-9-]+)\.adobe\.io$/;

export interface HostPattern {
  /** Lower-case host, or the suffix after `*.` for a wildcard. */
  host: string;
  wildcard: boolean;
  /** Undefined matches any port. */
  port?: number;
  /** Whether plain `http:` is accepted (only for hosts the caller listed explicitly). */
  allowHttp: boolean;
}

/** Parses `host`, `host:port`, `*.suffix`, `[::1]:port`; returns undefined for a malformed entry. */
export function parseHostPattern(text: string, allowHttp: boolean): HostPattern | undefined {
  const trimmed = text.trim().toLowerCase();
  const match = /^(\*\.)?(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/.exec(trimmed);
  if (!match || match[2].length === 0) return undefined;
  const port = match[3] === undefined ? undefined : Number(match[3]);
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  return { host: match[2], wildcard: match[1] !== undefined, port, allowHttp };
}

function effectivePort(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

export function matchesHostPattern(url: URL, pattern: HostPattern): boolean {
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && pattern.allowHttp)) return false;
  const host = url.hostname.toLowerCase();
  const hostOk = pattern.wildcard ? host.endsWith(`.${pattern.host}`) : host === pattern.host;
  return hostOk && (pattern.port === undefined || pattern.port === effectivePort(url));
}

/**
 * The auth allow-list: `*.adobe.io` over HTTPS plus the hosts the caller names (user settings, `--auth-host`),
 * which may use plain HTTP because the user listed them on purpose (local emulators, gateways).
 */
export class AuthHostList {
  private readonly defaults: HostPattern[];
  private readonly extra: HostPattern[];

  constructor(extraHosts: readonly string[] = []) {
    this.defaults = DEFAULT_AUTH_HOSTS.map((h) => parseHostPattern(h, false)).filter((p): p is HostPattern => p !== undefined);
    this.extra = extraHosts.map((h) => parseHostPattern(h, true)).filter((p): p is HostPattern => p !== undefined);
  }

  /** Entries of `hosts` that are not valid host patterns, for a message to the user. */
  static invalid(hosts: readonly string[]): string[] {
    return hosts.filter((h) => parseHostPattern(h, true) === undefined);
  }

  allows(url: URL): boolean {
    return this.defaults.some((p) => matchesHostPattern(url, p)) || this.isExtra(url);
  }

  /**
   * Whether to add `x-sandbox-name`: Platform and Journey hosts need it, other Adobe APIs (Campaign, …) do
   * not; a caller-listed host stands in for those APIs (emulator, gateway), so it gets it too.
   */
  wantsSandbox(url: URL): boolean {
    return SANDBOX_HOSTS.test(url.hostname.toLowerCase()) || this.isExtra(url);
  }

  private isExtra(url: URL): boolean {
    return this.extra.some((p) => matchesHostPattern(url, p));
  }
}
