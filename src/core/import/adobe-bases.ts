// Adobe's API bases as one file variable each (`@journey = https://platform.adobe.io/journey/orchestration`):
// a converted request reads `POST {{journey}}/list/…`, so pointing it at another server (an emulator, stage)
// is one line to change, and a second pasted request reuses the line instead of repeating the host.

/** A file variable that holds an API base, with what to know before changing it. */
export interface BaseVariable {
  name: string;
  value: string;
  comment: string;
}

interface KnownBase {
  name: string;
  /** Matches the base at the start of a URL; it ends where the path goes on (`/`, `?`, `#` or the end). */
  pattern: RegExp;
  comment: string;
}

const CHANGE = 'To send these requests elsewhere (an emulator, a proxy), change only this line.';

// Most specific first: Journey lives under platform.adobe.io. Bounded: one path segment, no nested quantifiers.
const KNOWN_BASES: readonly KnownBase[] = [
  { name: 'journey', pattern: /^https:\/\/platform\.adobe\.io\/journey\/orchestration(?=[/?#]|$)/i, comment: `Journey Optimizer API. ${CHANGE}` },
  { name: 'journeyAuthoring', pattern: /^https:\/\/journey\.adobe\.io\/authoring(?=[/?#]|$)/i, comment: `Journey Orchestration API (legacy host). ${CHANGE}` },
  {
    name: 'campaign',
    pattern: /^https:\/\/mc\.adobe\.io\/[^/?#]{1,200}\/campaign(?=[/?#]|$)/i,
    comment: `Campaign Standard API, https://mc.adobe.io/<Campaign tenant>/campaign (the tenant is not the …@AdobeOrg id). ${CHANGE}`,
  },
  { name: 'cja', pattern: /^https:\/\/cja\.adobe\.io(?=[/?#]|$)/i, comment: `Customer Journey Analytics API. ${CHANGE}` },
  { name: 'platform', pattern: /^https:\/\/platform\.adobe\.io(?=[/?#]|$)/i, comment: `Experience Platform API. ${CHANGE}` },
];

/** The known Adobe base a URL starts with, and the URL rewritten to use its variable. */
export function splitBase(url: string): { base: BaseVariable; url: string } | undefined {
  for (const known of KNOWN_BASES) {
    const match = known.pattern.exec(url);
    if (!match) continue;
    return { base: { name: known.name, value: match[0], comment: known.comment }, url: `{{${known.name}}}${url.slice(match[0].length)}` };
  }
  return undefined;
}

/** The file variables `text` already defines (`@name = value` lines), so a second paste reuses them. */
export function definedVariables(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/^[ \t]*@([^\s=]{1,100})[ \t]*=/gm)) names.add(m[1]!);
  return names;
}
