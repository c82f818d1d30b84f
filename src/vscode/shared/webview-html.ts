import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

// The page every webview of ours starts from: a strict CSP (nothing but our own script, by nonce, and our own
// stylesheet), one script and one stylesheet from dist/webview/, and an empty #root the script fills.

export interface WebviewPage {
  /** dist/webview/<name>.js and dist/webview/<name>.css. */
  name: string;
  title: string;
  /** Text shown until the script renders (a text node, never markup). */
  waiting: string;
}

/** The webview's local resource root: dist/webview. */
export function webviewRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

const escapeText = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: WebviewPage): string {
  const nonce = randomBytes(16).toString('base64');
  const root = webviewRoot(extensionUri);
  const script = webview.asWebviewUri(vscode.Uri.joinPath(root, `${page.name}.js`));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(root, `${page.name}.css`));
  const csp = [`default-src 'none'`, `style-src ${webview.cspSource}`, `script-src 'nonce-${nonce}' ${webview.cspSource}`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>${escapeText(page.title)}</title>
</head>
<body>
<main id="root" aria-live="polite"><p>${escapeText(page.waiting)}</p></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
