// Bench: the egress check (security.md promise 2) on large bodies bound for a host off the allow-list: the time to
// look for every known secret in every reading (plain, percent-decoded, JSON-unescaped, UTF-16, base64, decompressed),
// against a floor measured in the same run: the body (decompressed, when it is) read as text and searched once for
// each secret as it is.
// Medians of BENCH_EGRESS_ROUNDS (5). It runs on the sending thread (the extension host in the editor).
import { gunzipSync, gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { KnownSecrets } from '../../src/core/known-secrets';

const ROUNDS = Number(process.env.BENCH_EGRESS_ROUNDS ?? 5);
const SECRETS: Array<[Parameters<KnownSecrets['add']>[0], string]> = [
  ['clientSecret', 'p8e-Cl1entSecret/Value+With=Signs'],
  ['accessToken', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0aGUtdXNlciJ9.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg'],
  ['privateKey', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj'],
  ['passphrase', 'correct horse battery staple'],
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function lines(count: number, line: (i: number) => string): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(line(i));
  return out.join('');
}

const known = new KnownSecrets();
for (const [name, value] of SECRETS) known.add(name, value, `the ${name} of the bench`);
const json = lines(100_000, (i) => `{"id":${i},"name":"item number ${i}","tags":["alpha","beta"],"active":true}\n`);
const bodies: Array<[string, Uint8Array, Array<[string, string]>]> = [
  ['JSON lines', new Uint8Array(Buffer.from(json)), []],
  ['JSON with escapes and %XX', new Uint8Array(Buffer.from(lines(70_000, (i) => `{"id":${i},"name":"item \\"${i}\\"","url":"https%3A%2F%2Fexample.org%2F${i}"}\n`))), []],
  ['base64 file upload', new Uint8Array(Buffer.from(`{"file":"${Buffer.alloc(5 * 1024 * 1024, 7).toString('base64')}"}`)), []],
  ['the JSON lines, gzip', new Uint8Array(gzipSync(json)), [['Content-Encoding', 'gzip']]],
];

console.log(`Egress check: ${SECRETS.length} known secrets, body to a host off the allow-list, median of ${ROUNDS}`);
for (const [label, body, headers] of bodies) {
  const check: number[] = [];
  const floor: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    let t = performance.now();
    const hit = known.check('https://partner.example/upload', headers, body);
    check.push(performance.now() - t);
    if (hit) throw new Error(`${label}: a secret was found in a body that has none`);
    t = performance.now();
    const raw = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    const text = (headers.length > 0 ? gunzipSync(raw) : raw).toString('latin1');
    for (const [, value] of SECRETS) if (text.includes(value)) throw new Error('unexpected');
    floor.push(performance.now() - t);
  }
  const mb = body.byteLength / (1024 * 1024);
  console.log(`  ${label} (${mb.toFixed(1)} MB on the wire): ${median(check).toFixed(1)} ms, ${(median(check) / mb).toFixed(1)} ms per MB; ` +
    `floor (read once, each secret searched as it is) ${median(floor).toFixed(1)} ms, ${(median(check) / median(floor)).toFixed(1)}× the floor`);
}
