// Text the CLI prints that it did not write itself (server reason phrases, header values, error bodies, URLs)
// goes through `printable`, so a server cannot move the cursor, recolour or retitle the user's terminal.

/** C0 controls (tab and newline too: one field stays on one line), DEL, and C1 controls such as CSI (U+009B). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** `text` with every control character written as a visible `\xNN` escape. */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
