import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

// Tokenises sample lines with the TextMate engine VS Code uses, against the grammar we ship.

const root = join(__dirname, '..', '..', '..');

async function loadGrammar(): Promise<textmate.IGrammar> {
  const wasm = readFileSync(join(root, 'node_modules/vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) => {
      if (scopeName !== 'source.http.aio') return null; // embedded JSON: VS Code supplies it; not needed here
      const path = join(root, 'media/http.tmLanguage.json');
      return textmate.parseRawGrammar(readFileSync(path, 'utf8'), path);
    },
  });
  const grammar = await registry.loadGrammar('source.http.aio');
  assert.ok(grammar, 'the grammar loads');
  return grammar;
}

/** The scopes of the token covering `fragment` on the line. */
function scopesOf(grammar: textmate.IGrammar, lines: string[], lineIndex: number, fragment: string): string[] {
  let state = textmate.INITIAL;
  for (let i = 0; i < lines.length; i++) {
    const result = grammar.tokenizeLine(lines[i]!, state);
    if (i === lineIndex) {
      const at = lines[i]!.indexOf(fragment);
      assert.ok(at >= 0, `'${fragment}' is on line ${i}`);
      const token = result.tokens.find((t) => t.startIndex <= at && at < t.endIndex);
      return token?.scopes ?? [];
    }
    state = result.ruleStack;
  }
  throw new Error('line out of range');
}

test('the .http grammar names separators, directives, variables, request lines, headers and bodies', async () => {
  const grammar = await loadGrammar();
  const doc = [
    '@journey = https://platform.adobe.io/journey/orchestration', // 0
    '### List capping configs', // 1
    '# @name capping', // 2
    '// a plain comment', // 3
    'post {{journey}}/list/endpointConfigs HTTP/1.1', // 4
    '    ?limit=10', // 5
    'Content-Type: application/json', // 6
    '', // 7
    '{"orgId": "{{$aio.orgId}}"}', // 8
    '###', // 9
    '< ./body.json', // 10
    'HTTP/1.1 200 OK', // 11
  ];
  const has = (line: number, fragment: string, scope: string) =>
    assert.ok(
      scopesOf(grammar, doc, line, fragment).some((s) => s.startsWith(scope)),
      `'${fragment}' on line ${line} has ${scope}: ${scopesOf(grammar, doc, line, fragment).join(' ')}`,
    );
  has(0, 'journey', 'variable.other.file-variable');
  has(1, '###', 'punctuation.separator.request');
  has(1, 'List capping', 'entity.name.section.request-title');
  has(2, '@name', 'keyword.other.directive');
  has(3, 'a plain comment', 'comment.line');
  has(4, 'post', 'keyword.control.http-method'); // methods are case-insensitive
  has(4, 'journey}}', 'variable.other.template');
  has(4, 'HTTP/1.1', 'constant.language.http-version');
  has(5, 'limit', 'variable.parameter.query-name');
  has(6, 'Content-Type', 'entity.name.tag.header-name');
  has(8, '{"orgId"', 'meta.embedded.block.json');
  has(8, '$aio.orgId', 'variable.other.template');
  has(9, '###', 'punctuation.separator.request'); // the JSON body ends at the separator
  has(10, '<', 'keyword.operator.file-reference');
  has(11, '200', 'constant.numeric.status');
});
