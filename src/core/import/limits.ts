// Size limits and the cheap "is this a curl command?" test, kept apart from the converters: the editor checks
// every paste with these, and loads the converters only when the user converts something.

/** A curl command pasted from a page is a few KB; anything this large is refused before it is read. */
export const MAX_COMMAND_CHARS = 256 * 1024;
/** A published collection is well under this; bigger files are refused before parsing. */
export const MAX_COLLECTION_BYTES = 8 * 1024 * 1024;

/** True when `text` starts like a curl command (what "paste" offers to convert). */
export function looksLikeCurl(text: string): boolean {
  const head = text.trimStart().slice(0, 200);
  return /^(?:\$\s+)?curl(?:\.exe)?\s/i.test(head) || /^-X\s*[A-Z]+\s+['"^]?https?:\/\//.test(head);
}
