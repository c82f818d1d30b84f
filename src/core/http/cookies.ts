// The cookie jar of one run. tough-cookie does the RFC 6265 matching (domain, path, expiry, Secure,
// public suffixes); it is loaded only when a response first sets a cookie, so runs without cookies skip it.
import type * as Tough from 'tough-cookie';

export class RunCookieJar {
  private jar: Tough.CookieJar | undefined;

  /** The `Cookie` header value for `url`, or undefined when the jar holds nothing for it. */
  cookieHeader(url: URL): string | undefined {
    if (!this.jar) return undefined;
    const value = this.jar.getCookieStringSync(url.href);
    return value === '' ? undefined : value;
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
        this.jar.setCookieSync(value, url.href, { ignoreError: true });
      } catch {
        // A cookie the jar refuses is simply not kept, as a browser would do.
      }
    }
  }
}
