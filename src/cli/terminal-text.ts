// Text the CLI prints that it did not write itself (server reason phrases, header values, error bodies, URLs)
// goes through `printable`, so a server cannot move the cursor, recolour or retitle the user's terminal.

/** C0 controls (tab and newline too: one field stays on one line), DEL, and C1 controls such as CSI (U+009B). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** The same class, for a test that keeps no state: most text has no control character and is returned as it is. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const HAS_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** `text` with every control character written as a visible `\xNN` escape. */
export function printable(text: string): string {
  if (!HAS_CONTROL.test(text)) return text;
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Controls except tab and line feed (CR too: a lone one would overwrite the line on screen). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_KEEP_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Multi-line text (a response body) with its lines kept and every other control character escaped. */
export function printableLines(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(CONTROL_KEEP_LINES, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
