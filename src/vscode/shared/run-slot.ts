// The window's one EditorRunContexts, shared by Send Request and the Testing view: one results store and cookie jar,
// so a Send chained on a request a test run got uses that response (a test run still re-sends what its requests chain
// on, and its results replace the older ones). The machinery is its own bundle, loaded by whichever feature needs it
// first; nothing of it loads at activation.
import * as vscode from 'vscode';
import type * as RunMachinery from '../run-machinery';
import type { EditorRunContextDeps, EditorRunContexts } from './run-context';

/** Asks for a `# @prompt` variable in an input box (masked when the variable is secret). */
export async function askInInputBox(spec: { name: string; description?: string; secret: boolean }): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: `Value for {{${spec.name}}}`,
    prompt: spec.description ?? `The request asks for ${spec.name} (# @prompt).`,
    password: spec.secret,
    ignoreFocusOut: true,
  });
}

export class RunSlot implements vscode.Disposable {
  private machinery: typeof RunMachinery | undefined;
  private shared: EditorRunContexts | undefined;

  /** `load` requires the run bundle; the composition root passes it so the bundle stays out of extension.js. */
  constructor(
    private readonly load: () => typeof RunMachinery,
    private readonly deps: EditorRunContextDeps,
  ) {}

  /** The run bundle's exports, loaded on first use. */
  module(): typeof RunMachinery {
    return (this.machinery ??= this.load());
  }

  /** The window's one EditorRunContexts, built on first use. */
  contexts(): EditorRunContexts {
    return (this.shared ??= new (this.module().EditorRunContexts)(this.deps));
  }

  /** The contexts if a send or a test run has built them; a look (completion, hover) never loads the bundle. */
  get loaded(): EditorRunContexts | undefined {
    return this.shared;
  }

  dispose(): void {
    this.shared?.dispose();
    this.shared = undefined;
  }
}
