import * as vscode from 'vscode';
import { webviewHtml, webviewRoot } from '../shared/webview-html';
import { parseFromSimulateWebview, type SimulationViewModel, type ToSimulateWebview } from '../../webview/simulate/protocol';

/** Shows one simulation in a new webview panel; the model is sent when the page says it is ready. */
export function showSimulationPanel(extensionUri: vscode.Uri, model: SimulationViewModel): vscode.WebviewPanel {
  const panel = vscode.window.createWebviewPanel('aioRequests.simulation', `Simulation: ${model.title}`.slice(0, 80), vscode.ViewColumn.Active, {
    enableScripts: true,
    localResourceRoots: [webviewRoot(extensionUri)],
  });
  panel.webview.html = webviewHtml(panel.webview, extensionUri, { name: 'simulate', title: 'Traffic simulation', waiting: 'Computing…' });
  const listener = panel.webview.onDidReceiveMessage((message: unknown) => {
    if (!parseFromSimulateWebview(message)) return;
    const result: ToSimulateWebview = { type: 'result', model };
    void panel.webview.postMessage(result);
  });
  panel.onDidDispose(() => listener.dispose());
  return panel;
}
