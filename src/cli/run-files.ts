// Reads and parses every file of an `aio-requests run` before anything is sent: a file over the size limit or
// unreadable stops the run before it starts; problems outside requests and unchecked assertions are shown.
import { readFile, stat } from 'node:fs/promises';
import { AioError } from '../core/errors';
import { fileSizeProblem, parseHttpFileEagerly } from '../core/http/parser';
import type { HttpFile } from '../core/http/parse-types';
import type { HttpFileEntry } from './http-files';
import type { CliIo } from './commands';

export interface LoadedFile extends HttpFileEntry {
  file: HttpFile;
}

/** The parsed files, or the exit status when one is over `maxFileSize`; `noRequests`: some file held none. */
export async function loadRunFiles(entries: readonly HttpFileEntry[], maxFileSize: number, io: CliIo): Promise<{ files: LoadedFile[]; noRequests: boolean } | { exit: number }> {
  const files: LoadedFile[] = [];
  let noRequests = false;
  for (const entry of entries) {
    let text: string;
    try {
      // The size is checked before reading: a file over the limit is never loaded or parsed.
      const tooLarge = fileSizeProblem((await stat(entry.path)).size, maxFileSize);
      if (tooLarge) {
        io.err(`aio-requests run: ${entry.display}: ${tooLarge}\n`);
        return { exit: 2 };
      }
      text = await readFile(entry.path, 'utf8');
    } catch (error) {
      throw new AioError('file-not-found', `Cannot read ${entry.path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
    }
    // Eagerly: a run reads every block's headers and body, and one pass costs less than a pass plus one re-parse per block.
    const file = parseHttpFileEagerly(text);
    // Problems inside a request stop that request with its own message; those outside any request are shown here,
    // and so are assertions and handlers that will not be checked (in CI, a check silently skipped is a lie).
    for (const problem of file.problems) {
      const unchecked = problem.code === 'assertion-unsupported' || problem.code === 'script-unsupported';
      if ((problem.blockIndex === undefined && problem.severity === 'error') || unchecked) {
        io.err(`${entry.display}:${problem.range.start.line + 1}: ${unchecked ? 'warning: ' : ''}${problem.message}\n`);
      }
    }
    if (file.blocks.length === 0) {
      io.err(`aio-requests run: ${entry.display} holds no request (a request starts with a line such as \`GET https://…\`).\n`);
      noRequests = true;
      continue;
    }
    files.push({ ...entry, file });
  }
  return { files, noRequests };
}
