// The cookie jar of one run. tough-cookie does the RFC 6265 matching (domain, path, expiry, Secure,
// public suffixes); it is loaded only when a response first sets a cookie, so runs without cookies skip it.
// tough-cookie ignores ports and (but for Secure) schemes, so each cookie also remembers the origin that set
// it and goes back to that origin only: another port or scheme of the same host may be another service.
import type * as Tough from 'tough-cookie';

function identity(cookie: Tough.Cookie): string {
  return `${cookie.domain ?? ''};${cookie.path ?? ''};${cookie.key}`;
}

export class RunCookieJar {
  private jar: Tough.CookieJar | undefined;
  /** The origin (scheme, host, port) of the response that set each cookie. */
  private readonly origins = new Map<string, string>();

  /** The `Cookie` header value for `url`, or undefined when the jar holds nothing for it. */
  cookieHeader(url: URL): string | undefined {
    if (!this.jar) return undefined;
    const cookies = this.jar.getCookiesSync(url.href).filter((c) => this.origins.get(identity(c)) === url.origin);
    return cookies.length === 0 ? undefined : cookies.map((c) => c.cookieString()).join('; ');
  }

  /** Stores the response's `Set-Cookie` values; malformed or foreign-domain cookies are ignored. */
  store(url: URL, setCookies: readonly string[]): void {
    if (setCookies.length === 0) return;
    if (!this.jar) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { CookieJar } = require('tough-cookie') as typeof Tough;
      this.jar = new CookieJar();
    }
    for (const value of setCookies) {
      try {
        const cookie = this.jar.setCookieSync(value, url.href, { ignoreError: true });
        if (cookie) this.origins.set(identity(cookie), url.origin);
      } catch {
        // A cookie the jar refuses is simply not kept, as a browser would do.
      }
    }
  }
}
