// A response body that would run script if it were ever parsed as markup: shared by the suite that serves it
// and the scenario that checks the webview stayed inert. Every payload sets window.__pwned and opens a dialog.
export const HOSTILE_PATH = '/hostile';
/** A JSON body of about 45 MB, for "Open in Editor". */
export const BIG_PATH = '/big.json';
/** A 302 → 302 → 200 chain: each path redirects to the next; the last is echoed. */
export const REDIRECT_CHAIN: readonly string[] = ['/redirect/first', '/redirect/second', '/echo?case=redirected'];
export const HOSTILE_BODY = [
  '<h1>hostile page</h1>',
  '<script>window.__pwned = "script"; alert("script")</script>',
  '<img src="x" onerror="window.__pwned = \'img\'; alert(\'img\')">',
  '"><svg onload="window.__pwned = \'svg\'; alert(\'svg\')">',
  '<a href="javascript:window.__pwned = \'link\'; alert(\'link\')">click me</a>',
].join('\n');
