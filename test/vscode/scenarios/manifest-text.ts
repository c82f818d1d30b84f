import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Manifest {
  contributes: { viewsWelcome: { view: string; contents: string }[] };
}

const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as Manifest;

/** The first line of a view's welcome content, as the manifest declares it. */
export function welcomeFirstLine(viewId: string): string {
  const entry = manifest.contributes.viewsWelcome.find((w) => w.view === viewId);
  if (!entry) throw new Error(`no viewsWelcome entry for ${viewId}`);
  return entry.contents.split('\n')[0];
}
