// One parse per `.http` document version, shared by every feature (CodeLens, diagnostics, symbols, completion,
// hover, folding, Send Request): the first feature to ask parses, the others get the same HttpFile. A new version
// is re-parsed from the last one: only the `###` sections the edits touched are read again.
import * as vscode from 'vscode';
import type { HttpFile } from '../../core/http/parse-types';
import { httpLanguage } from './http-language';

interface Entry {
  version: number;
  file: HttpFile;
}

export class HttpFileStore implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly subscription: vscode.Disposable;
  private readonly requestsDropped = new vscode.EventEmitter<vscode.Uri>();
  /** How many requests each parse listed when it was made (before any refusal). */
  private readonly listed = new WeakMap<HttpFile, number>();
  /** Reading a file's details refused it (too dense for its size): the requests listed first are gone. */
  readonly onDidDropRequests = this.requestsDropped.event;

  constructor() {
    this.subscription = vscode.workspace.onDidCloseTextDocument((document) => this.entries.delete(document.uri.toString()));
  }

  /** The parsed file for this version of `document`; parsed now if no feature has asked for this version yet. */
  get(document: Pick<vscode.TextDocument, 'uri' | 'version' | 'getText'>): HttpFile {
    const key = document.uri.toString();
    const entry = this.entries.get(key);
    if (entry && entry.version === document.version) return entry.file;
    const text = document.getText();
    const file = entry ? httpLanguage().reparseHttpFile(entry.file, text) : httpLanguage().parseHttpFile(text);
    this.listed.set(file, file.blocks.length);
    this.entries.set(key, { version: document.version, file });
    return file;
  }

  /**
   * The parse of this version of `document` with its details read (problems, variable uses): a step at a time, other
   * work in between, while `keepGoing` says the version is still current.
   */
  async withDetails(document: Pick<vscode.TextDocument, 'uri' | 'version' | 'getText'>, keepGoing: () => boolean): Promise<HttpFile> {
    const file = this.get(document);
    await httpLanguage().readDetailsInSteps(file, () => new Promise<void>((resolve) => setImmediate(resolve)), keepGoing);
    // Whoever read the details (a hover may have, meanwhile): requests listed at first and gone now were refused.
    const listed = this.listed.get(file) ?? 0;
    if (listed > 0 && file.blocks.length === 0) {
      this.listed.delete(file);
      this.requestsDropped.fire(document.uri);
    }
    return file;
  }

  /** How many documents have a parse kept (tests check that closing a document drops it). */
  get size(): number {
    return this.entries.size;
  }

  dispose(): void {
    this.subscription.dispose();
    this.requestsDropped.dispose();
    this.entries.clear();
  }
}
