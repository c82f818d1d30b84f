// Results by `# @name`, kept per `.http` file for as long as the store lives: in the editor a later Send
// Request reads `{{login.response…}}` from an earlier one; the CLI's store lives for one run.
import type { RequestResult } from '../http/types';

export class ResultsStore {
  private readonly byFile = new Map<string, Map<string, RequestResult>>();

  /** The results of the file at `filePath` (created empty on first use). */
  for(filePath: string): Map<string, RequestResult> {
    let results = this.byFile.get(filePath);
    if (!results) {
      results = new Map();
      this.byFile.set(filePath, results);
    }
    return results;
  }

  /** Forgets one file's results, or every file's. */
  clear(filePath?: string): void {
    if (filePath === undefined) this.byFile.clear();
    else this.byFile.delete(filePath);
  }
}
