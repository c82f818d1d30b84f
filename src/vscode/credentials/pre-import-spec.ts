// The AIO_REQUESTS_PREIMPORT variable's format (no vscode import, so it is unit-tested directly).

export const PREIMPORT_ENV = 'AIO_REQUESTS_PREIMPORT';

export interface PreImportSpec {
  files: string[];
  name?: string;
  imsHost?: string;
  sandbox?: string;
}

/** Parses the variable: JSON `{"files": [...], "name"?, "imsHost"?, "sandbox"?}`; undefined when unset or invalid. */
export function parsePreImport(value: string | undefined): PreImportSpec | undefined {
  if (!value?.trim()) return undefined;
  try {
    const data = JSON.parse(value) as Partial<PreImportSpec>;
    if (!Array.isArray(data.files) || data.files.length === 0 || !data.files.every((f) => typeof f === 'string')) return undefined;
    const spec: PreImportSpec = { files: data.files };
    if (typeof data.name === 'string') spec.name = data.name;
    if (typeof data.imsHost === 'string') spec.imsHost = data.imsHost.replace(/\/+$/, '');
    if (typeof data.sandbox === 'string') spec.sandbox = data.sandbox;
    return spec;
  } catch {
    return undefined;
  }
}
