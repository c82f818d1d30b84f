/** Undefined when node_modules holds what package-lock.json locks; otherwise why it does not (one line). */
export function staleDeps(root?: string): string | undefined;
