// How a request is named in reports and the Testing view; apart from the runner so discovery can use it alone.
import type { RequestBlock } from './parse-types';

/** `# @name`, else the `###` title, else `#N`. */
export function requestLabel(block: RequestBlock): string {
  return block.name ?? block.title ?? `#${block.index + 1}`;
}
