// A lint rule: no module may reach itself through relative imports, type-only ones included (eslint-plugin-import-x's
// no-cycle skips `import type`, and a type cycle still hides which layer owns a declaration).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import ts from 'typescript';

const EXTENSIONS = ['.ts', '.mts', '.tsx', '/index.ts'];
/** path → { mtimeMs, imports }: each file is read once per change, not once per importer. */
const graph = new Map();

function resolveSpecifier(fromFile, specifier) {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return undefined;
  const base = resolve(dirname(fromFile), specifier);
  for (const candidate of [base, ...EXTENSIONS.map((ext) => base + ext)]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

function importsOf(file) {
  let mtimeMs;
  try {
    mtimeMs = statSync(file).mtimeMs;
  } catch {
    return [];
  }
  const cached = graph.get(file);
  if (cached && cached.mtimeMs === mtimeMs) return cached.imports;
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  const imports = info.importedFiles.map((f) => resolveSpecifier(file, f.fileName)).filter((p) => p !== undefined);
  graph.set(file, { mtimeMs, imports });
  return imports;
}

/** The chain of files from `start` back to `target`, or undefined when there is none. */
function pathBack(start, target) {
  const seen = new Set([start]);
  const queue = [[start]];
  while (queue.length > 0) {
    const route = queue.shift();
    for (const next of importsOf(route.at(-1))) {
      if (next === target) return route;
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push([...route, next]);
    }
  }
  return undefined;
}

export const noImportCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid import cycles through relative imports, type-only imports included.' },
    messages: { cycle: 'Import cycle: {{route}}. Move what both sides need into a module that neither imports.' },
    schema: [],
  },
  create(context) {
    const filename = context.physicalFilename;
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string') return;
      const target = resolveSpecifier(filename, source.value);
      if (!target || target === filename) return;
      const route = pathBack(target, filename);
      if (!route) return;
      const cwd = context.cwd;
      const names = [filename, ...route, filename].map((p) => relative(cwd, p));
      context.report({ node, messageId: 'cycle', data: { route: names.join(' → ') } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
    };
  },
};

export const localPlugin = { rules: { 'no-import-cycle': noImportCycle } };
