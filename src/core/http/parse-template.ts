// `{{…}}` scanning shared by the parser (references, problems) and the resolver (substitution). Plain indexOf
// scans: linear time, no regular expressions to backtrack.

/** A piece of a template: literal text, or a variable expression (trimmed, braces removed). */
export type TemplatePart = { literal: string } | { expression: string; start: number; end: number };

/**
 * Splits `text` into literals and `{{expression}}` uses. A `{{` with no `}}` on the same line stays literal
 * (the parser reports it); so does an empty `{{}}`.
 */
export function splitTemplate(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let from = 0;
  let open = text.indexOf('{{');
  // The next `}}` and line break are remembered while they lie ahead, so many `{{` before one distant `}}`
  // cost one scan, not one each (no quadratic time on hostile text).
  let close = -2;
  let newline = -2;
  while (open >= 0) {
    if (close !== -1 && close < open + 2) close = text.indexOf('}}', open + 2);
    if (close < 0) break;
    if (newline !== -1 && newline < open + 2) newline = text.indexOf('\n', open + 2);
    if (newline >= 0 && newline < close) {
      open = text.indexOf('{{', newline);
      continue;
    }
    const expression = text.slice(open + 2, close).trim();
    if (expression === '') {
      open = text.indexOf('{{', close + 2);
      continue;
    }
    if (open > from) parts.push({ literal: text.slice(from, open) });
    parts.push({ expression, start: open, end: close + 2 });
    from = close + 2;
    open = text.indexOf('{{', from);
  }
  if (from < text.length) parts.push({ literal: text.slice(from) });
  return parts;
}
