import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { bodyFileName, bodyText, curlFor, type Exchange } from '../../core/http/exchange';
import type { ProfileRepository } from '../../core/credentials/profile';
import type { TokenService } from '../../core/ims/token-service';
import type { Logger } from '../../core/ports';
import { parseFromWebview, type BodyAction, type FromWebview, type ResponseModel } from '../../webview/protocol';
import { RENDER_LIMIT_BYTES, toResponseModel } from './response-model';

/** What re-send and re-run call: Send wires it (it knows how to find the request in its file again). */
export type ResendHandler = (request: { fileUri?: vscode.Uri; exchange: Exchange }) => unknown;

interface PanelState {
  panel: vscode.WebviewPanel;
  fileUri?: vscode.Uri;
  exchange: Exchange;
  bodyKept: boolean;
  model: ResponseModel;
  rendered?: Extract<FromWebview, { type: 'rendered' }>;
}

export interface ResponsePanelsDeps {
  extensionUri: vscode.Uri;
  /** Where "Open in Editor" writes bodies (cleared at start-up). */
  storageUri: vscode.Uri;
  logger: Logger;
  profileRepository: ProfileRepository;
  tokens: TokenService;
}

const NO_FILE = 'aio-requests:no-file';

/** One response webview per `.http` file, beside the editor, reused for every send from that file. */
export class ResponsePanels implements vscode.Disposable {
  private readonly panels = new Map<string, PanelState>();
  private readonly renderWaiters = new Map<string, Array<(rendered: Extract<FromWebview, { type: 'rendered' }>) => void>>();
  private resendHandler: ResendHandler | undefined;
  private readonly bodiesDir: vscode.Uri;

  constructor(private readonly deps: ResponsePanelsDeps) {
    this.bodiesDir = vscode.Uri.joinPath(deps.storageUri, 'response-bodies');
    void vscode.workspace.fs.delete(this.bodiesDir, { recursive: true }).then(undefined, () => undefined);
  }

  /** Send provides this; until then the view's Re-send button is disabled. */
  setResendHandler(handler: ResendHandler | undefined): void {
    this.resendHandler = handler;
    for (const state of this.panels.values()) this.post(state, toResponseModel(state.exchange, { canResend: !!handler, bodyKept: state.bodyKept }));
  }

  get resend(): ResendHandler | undefined {
    return this.resendHandler;
  }

  /** Shows `exchange` in the panel of `fileUri` (creating it beside the editor), without taking focus. */
  show(fileUri: vscode.Uri | undefined, exchange: Exchange, options: { bodyKept?: boolean } = {}): void {
    const key = fileUri?.toString() ?? NO_FILE;
    const bodyKept = options.bodyKept ?? true;
    const model = toResponseModel(exchange, { canResend: !!this.resendHandler, bodyKept });
    let state = this.panels.get(key);
    if (state) {
      Object.assign(state, { exchange, bodyKept, model, rendered: undefined });
      // The response first: a title change or a reveal makes the workbench lay out before it forwards the message.
      this.post(state, model);
      const title = this.title(fileUri, exchange);
      if (state.panel.title !== title) state.panel.title = title;
      if (!state.panel.visible) state.panel.reveal(undefined, true);
      return;
    }
    const root = vscode.Uri.joinPath(this.deps.extensionUri, 'dist', 'webview');
    const panel = vscode.window.createWebviewPanel(
      'aioRequests.response',
      this.title(fileUri, exchange),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [root], enableFindWidget: true },
    );
    state = { panel, fileUri, exchange, bodyKept, model };
    const current = state;
    this.panels.set(key, current);
    panel.webview.html = this.html(panel.webview, root);
    panel.onDidDispose(() => {
      this.panels.delete(key);
      this.renderWaiters.delete(key);
    });
    panel.webview.onDidReceiveMessage((data: unknown) => void this.receive(current, data));
  }

  /** What the webview of `fileUri` last said it rendered (tests and the bench wait on it). */
  rendered(fileUri: vscode.Uri | undefined): Extract<FromWebview, { type: 'rendered' }> | undefined {
    return this.panels.get(fileUri?.toString() ?? NO_FILE)?.rendered;
  }

  /** Resolves when the webview of `fileUri` next reports a render (the bench times Send → rendered with it). */
  nextRender(fileUri: vscode.Uri | undefined): Promise<Extract<FromWebview, { type: 'rendered' }>> {
    const key = fileUri?.toString() ?? NO_FILE;
    return new Promise((resolve) => this.renderWaiters.set(key, [...(this.renderWaiters.get(key) ?? []), resolve]));
  }

  /** The last model posted to the panel of `fileUri` (tests check it holds no secret). */
  lastModel(fileUri: vscode.Uri | undefined): ResponseModel | undefined {
    return this.panels.get(fileUri?.toString() ?? NO_FILE)?.model;
  }

  dispose(): void {
    for (const state of [...this.panels.values()]) state.panel.dispose();
  }

  private title(fileUri: vscode.Uri | undefined, exchange: Exchange): string {
    const file = fileUri ? fileUri.path.split('/').pop() : undefined;
    const status = exchange.response ? `${exchange.response.status}` : exchange.error ? exchange.error.kind : '';
    return `Response${file ? `: ${file}` : ''}${status ? ` (${status})` : ''}`;
  }

  private post(state: PanelState, model: ResponseModel): void {
    state.model = model;
    void state.panel.webview.postMessage({ type: 'show', model });
  }

  private async receive(state: PanelState, data: unknown): Promise<void> {
    const message = parseFromWebview(data);
    if (!message) {
      this.deps.logger.warn('The response view sent a message of an unknown shape; ignored.');
      return;
    }
    if (message.type === 'ready') return this.post(state, state.model);
    if (message.type === 'rendered') {
      if (message.exchangeId !== state.exchange.id) return;
      state.rendered = message;
      const key = state.fileUri?.toString() ?? NO_FILE;
      const waiters = this.renderWaiters.get(key);
      this.renderWaiters.delete(key);
      for (const resolve of waiters ?? []) resolve(message);
      return;
    }
    // Only the exchange on screen can be acted on: a stale message from an older render is ignored.
    if (message.exchangeId !== state.exchange.id) return;
    try {
      await this.act(message.action, state);
    } catch (error) {
      this.deps.logger.error(error instanceof Error ? error : String(error));
      void vscode.window.showErrorMessage(`${message.action}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async act(action: BodyAction, state: PanelState): Promise<void> {
    const { exchange, fileUri } = state;
    const body = exchange.response?.body;
    const bodyMissing = (): void => void vscode.window.showInformationMessage(state.bodyKept ? 'This response has no body.' : 'The body of this response is not kept in the history; send the request again to see it.');
    switch (action) {
      case 'copyBody': {
        if (!body || (body.text === undefined && body.bytes === undefined)) return bodyMissing();
        if (body.text === undefined) {
          void vscode.window.showInformationMessage('The body is binary: use Save Body to keep it.');
          return;
        }
        await vscode.env.clipboard.writeText(bodyText(body)!);
        void vscode.window.setStatusBarMessage('Response body copied', 3000);
        return;
      }
      case 'saveBody': {
        if (!body || (body.text === undefined && body.bytes === undefined)) return bodyMissing();
        const name = bodyFileName(exchange.response!.headers, body);
        const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? (fileUri ? vscode.Uri.joinPath(fileUri, '..') : undefined);
        const target = await vscode.window.showSaveDialog({ defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined, title: 'Save Response Body' });
        if (!target) return;
        await vscode.workspace.fs.writeFile(target, body.bytes ?? new TextEncoder().encode(bodyText(body)));
        void vscode.window.showInformationMessage(`Saved the response body to ${vscode.workspace.asRelativePath(target)}.`);
        return;
      }
      case 'openBody': {
        if (!body || body.text === undefined) {
          if (body?.bytes) void vscode.window.showInformationMessage('The body is binary: use Save Body to keep it.');
          else bodyMissing();
          return;
        }
        // Masking a big body's secrets takes a moment (about 1.5 s for 30 MB): say so.
        const text = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Preparing the response body' }, async () => bodyText(body)!);
        await this.openInEditor(exchange, text);
        return;
      }
      case 'copyCurl':
        return this.copyCurl(exchange);
      case 'resend': {
        if (!this.resendHandler) {
          void vscode.window.showInformationMessage('Sending requests is not available in this version.');
          return;
        }
        await this.resendHandler({ fileUri, exchange });
        return;
      }
    }
  }

  /**
   * Writes the body to a file in the extension's storage and opens it. A file, not an untitled document: the
   * workbench reads it from disk (no 50 MB string through the extension-host channel), large-file optimisations
   * apply, and hot exit has nothing to back up. Small JSON is pretty-printed first.
   */
  private async openInEditor(exchange: Exchange, text: string): Promise<void> {
    const body = exchange.response!.body;
    let content = text;
    if (body.kind === 'json' && body.size <= RENDER_LIMIT_BYTES) {
      try {
        content = `${JSON.stringify(JSON.parse(text), null, 2)}\n`;
      } catch {
        // not valid JSON: shown as received
      }
    }
    const name = bodyFileName([], body).replace(/^response/, `response-${exchange.id.slice(0, 8)}`);
    const uri = vscode.Uri.joinPath(this.bodiesDir, name);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Active });
  }

  private async copyCurl(exchange: Exchange): Promise<void> {
    const carriesToken = exchange.request.headers.some(([n]) => n.toLowerCase() === 'authorization');
    const masked = { label: 'Copy as cURL', description: carriesToken ? 'the access token masked' : undefined, withToken: false };
    const picks = carriesToken && exchange.auth?.profileId ? [masked, { label: 'Copy as cURL with Access Token', description: 'puts a live token on the clipboard', withToken: true }] : [masked];
    const pick = picks.length === 1 ? masked : await vscode.window.showQuickPick(picks, { title: 'Copy as cURL' });
    if (!pick) return;
    let token: string | undefined;
    if (pick.withToken) {
      const profile = await this.deps.profileRepository.get(exchange.auth!.profileId!);
      if (!profile) throw new Error('The profile this request used no longer exists.');
      token = (await this.deps.tokens.getToken(profile)).accessToken;
    }
    await vscode.env.clipboard.writeText(curlFor(exchange.request, token));
    if (token) void vscode.window.showWarningMessage('A cURL command with a live access token is on the clipboard: do not paste it into chats, tickets or files.');
    else void vscode.window.setStatusBarMessage('cURL command copied (token masked)', 3000);
  }

  private html(webview: vscode.Webview, root: vscode.Uri): string {
    const nonce = randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(root, 'response.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(root, 'response.css'));
    // One script (ours, by nonce), our stylesheet, images only as data: URIs of bytes we already hold (nothing is
    // fetched, so a body cannot make the view call out; SVG is shown as text, never as an image).
    const csp = [`default-src 'none'`, `img-src data:`, `style-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>Response</title>
</head>
<body>
<main id="root" aria-live="polite"><p>Waiting for the response…</p></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
  }
}
