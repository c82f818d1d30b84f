// New and Edit open a `*.capping.json` / `*.throttling.json` document (so the contributed JSON schema gives
// completion and squiggles); Apply (CodeLens and command) validates it locally, then creates or updates.
import * as vscode from 'vscode';
import { AioError } from '../../core/errors';
import type { ConfigIssue } from '../../core/journey/validation';
import type { ConfigKind } from '../../core/journey/types';
import type { ExtensionDeps } from '../deps';
import type { EndpointsModel } from './endpoints-view';
import { describeIssues, errorsOf, parseConfigText, validateCappingConfig, validateThrottlingConfig } from '../../core/journey/validation';

const KIND_OF_NAME = /\.(capping|throttling)\.json$/;

export const TEMPLATES: Record<ConfigKind, Record<string, unknown>> = {
  capping: {
    url: 'https://api.example.org/data/*',
    methods: ['GET'],
    services: { dataSource: { maxHttpConnections: 50, rating: { maxCallsCount: 500, periodInMs: 1000 } } },
  },
  throttling: { name: 'throttling-external', urlPattern: 'https://api.example.org/actions/*', methods: ['POST'], maxThroughput: 1000 },
};

export function kindOfDocument(uri: vscode.Uri): ConfigKind | undefined {
  return KIND_OF_NAME.exec(uri.path)?.[1] as ConfigKind | undefined;
}

/** Writes the config into a scratch file named for its kind and opens it. */
export async function openConfigDocument(deps: ExtensionDeps, kind: ConfigKind, name: string, body: Record<string, unknown>): Promise<vscode.TextEditor> {
  const dir = vscode.Uri.joinPath(deps.context.globalStorageUri, 'endpoint-configs');
  await vscode.workspace.fs.createDirectory(dir);
  const uri = vscode.Uri.joinPath(dir, `${name.replace(/[^A-Za-z0-9._-]+/g, '-')}.${kind}.json`);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`${JSON.stringify(body, null, 2)}\n`));
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document);
}

/** The range of a field's key in the document (its last segment), or the first line. */
function rangeOf(document: vscode.TextDocument, field: string): vscode.Range {
  const key = field.split('.').pop()?.replace(/\[\d+\]$/, '');
  if (key) {
    const at = document.getText().indexOf(`"${key}"`);
    if (at >= 0) return new vscode.Range(document.positionAt(at), document.positionAt(at + key.length + 2));
  }
  return document.lineAt(0).range;
}

function diagnosticsOf(document: vscode.TextDocument, issues: readonly ConfigIssue[]): vscode.Diagnostic[] {
  return issues.map((issue) => {
    const d = new vscode.Diagnostic(rangeOf(document, issue.field), issue.message, issue.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
    d.code = issue.code;
    d.source = 'Journey config';
    return d;
  });
}

/** Apply: the document's config, checked locally, sent to the active profile's sandbox (the CodeLens names it). */
export class ConfigDocuments implements vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection('journey-configs');

  constructor(
    private readonly model: EndpointsModel,
    /** The extension's global storage: documents under it are the view's own scratch files. */
    private readonly storage: vscode.Uri,
  ) {}

  /** Validates the document locally, then creates (no `uid`) or updates (with `uid`) the config. */
  async apply(arg: unknown): Promise<void> {
    const uri = typeof arg === 'string' ? vscode.Uri.parse(arg) : arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    const kind = uri ? kindOfDocument(uri) : undefined;
    if (!uri || !kind) throw new AioError('usage', 'Open a *.capping.json or *.throttling.json document to apply it.');
    const scratch = uri.toString().startsWith(vscode.Uri.joinPath(this.storage, 'endpoint-configs').toString());
    if (!vscode.workspace.isTrusted && !scratch) {
      throw new AioError('usage', 'This folder is not trusted, so its files are not sent to Adobe. Trust the folder (Manage Workspace Trust), or use New Capping Config… / Edit Config from the Endpoints view.');
    }
    const document = await vscode.workspace.openTextDocument(uri);
    const profile = await this.model.activeProfile();
    const sandbox = profile.sandbox;
    const parsed = parseConfigText(kind, document.getText());
    const issues = 'issue' in parsed ? [parsed.issue] : kind === 'capping' ? validateCappingConfig(parsed.value, 'create') : validateThrottlingConfig(parsed.value);
    this.diagnostics.set(uri, diagnosticsOf(document, issues));
    const errors = errorsOf(issues);
    if (errors.length > 0 || 'issue' in parsed) {
      void vscode.window.showErrorMessage(`Not applied: the ${kind} config has ${errors.length === 1 ? 'a problem' : `${errors.length} problems`}. ${describeIssues(errors)}`);
      return;
    }
    const body = parsed.value as Record<string, unknown> & { uid?: unknown };
    const uid = typeof body.uid === 'string' && body.uid !== '' ? body.uid : undefined;
    const client = this.model.client(sandbox, profile);
    const resource = (kind === 'capping' ? client.capping : client.throttling) as unknown as {
      create(p: unknown): Promise<{ config: { uid: string } }>;
      update(uid: string, p: unknown): Promise<{ config: { uid: string } }>;
    };
    const saved = uid ? await resource.update(uid, body) : await resource.create(body);
    const savedUid = saved.config?.uid ?? uid ?? '';
    if (!uid && savedUid) {
      // Later Applies of this document update the config just created.
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(0, 0, document.lineCount, 0), `${JSON.stringify({ uid: savedUid, ...body }, null, 2)}\n`);
      await vscode.workspace.applyEdit(edit);
    }
    // Applied is kept: the document on disk says what was sent.
    if (document.isDirty) await document.save();
    this.model.refresh();
    void vscode.window.showInformationMessage(`${uid ? 'Updated' : 'Created'} ${kind} config ${savedUid} in sandbox ${sandbox}. Deploy it from the Endpoints view to make it live.`);
  }

  dispose(): void {
    this.diagnostics.dispose();
  }
}
