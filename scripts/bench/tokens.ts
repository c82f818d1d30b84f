// Bench: the three costs behind every authenticated request — a cached-token lookup (the hot path), signing a
// service-account JWT, and a full JWT exchange / client-credentials call against the emulator on loopback.
// Prints ops/s and µs/op. BENCH_TOKENS_LOOKUPS / _SIGNS / _EXCHANGES override the counts.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { secretKey, type Profile } from '../../src/core/credentials/profile';
import { MemorySecretStore } from '../../src/core/ports';
import { loadSigningKey, signServiceAccountJwt } from '../../src/core/ims/jwt-signer';
import { ImsClient } from '../../src/core/ims/ims-client';
import { TokenService } from '../../src/core/ims/token-service';
import { startEmulator } from '../../test/emulator/index';
import { generateCredentialPair } from '../../test/support/credentials-fixtures';

const LOOKUPS = Number(process.env.BENCH_TOKENS_LOOKUPS ?? 200_000);
const SIGNS = Number(process.env.BENCH_TOKENS_SIGNS ?? 500);
const EXCHANGES = Number(process.env.BENCH_TOKENS_EXCHANGES ?? 100);

function report(name: string, count: number, ms: number): void {
  const perOp = (ms * 1000) / count;
  process.stdout.write(`${name.padEnd(44)} ${String(count).padStart(8)} ops  ${Math.round(count / (ms / 1000)).toLocaleString('en-US').padStart(12)} ops/s  ${perOp.toFixed(perOp < 10 ? 2 : 0).padStart(9)} µs/op\n`);
}

async function time(name: string, count: number, op: (i: number) => Promise<unknown>): Promise<void> {
  await op(-1);
  const start = performance.now();
  for (let i = 0; i < count; i++) await op(i);
  report(name, count, performance.now() - start);
}

async function main(): Promise<void> {
  const emulator = await startEmulator();
  try {
    const pair = await generateCredentialPair();
    const base = { orgId: 'BENCH0000000000000000000@AdobeOrg', technicalAccountId: 'BENCH@techacct.adobe.com', environment: 'prod' as const, imsHost: emulator.url, sandbox: 'prod' };
    emulator.registerClient({ clientId: 'bench-jwt', clientSecret: 'bench-secret-jwt', orgId: base.orgId, technicalAccountId: base.technicalAccountId, certificates: [pair.cert.pem], metaScopes: ['ent_dataservices_sdk'] });
    emulator.registerClient({ clientId: 'bench-s2s', clientSecret: 'bench-secret-s2s', orgId: base.orgId, technicalAccountId: base.technicalAccountId, scopes: ['openid', 'AdobeID'] });
    const jwtProfile: Profile = { ...base, id: randomUUID(), name: 'bench-jwt', kind: 'jwt', clientId: 'bench-jwt', metaScopes: ['ent_dataservices_sdk'] };
    const s2sProfile: Profile = { ...base, id: randomUUID(), name: 'bench-s2s', kind: 'oauth-s2s', clientId: 'bench-s2s', scopes: ['openid', 'AdobeID'] };
    const secrets = new MemorySecretStore();
    await secrets.store(secretKey(jwtProfile.id, 'privateKey'), pair.key.privateKeyPem);
    await secrets.store(secretKey(jwtProfile.id, 'clientSecret'), 'bench-secret-jwt');
    await secrets.store(secretKey(s2sProfile.id, 'clientSecret'), 'bench-secret-s2s');
    const ims = new ImsClient();
    const service = new TokenService({ secrets, ims });

    process.stdout.write(`tokens bench (Node ${process.version})\n`);
    await time('cached-token lookup (TokenService.getToken)', LOOKUPS, () => service.getToken(jwtProfile));
    const key = loadSigningKey(pair.key.privateKeyPem);
    const claims = { imsHost: emulator.url, clientId: 'bench-jwt', orgId: base.orgId, technicalAccountId: base.technicalAccountId, metaScopes: ['ent_dataservices_sdk'] };
    await time('JWT signing (RS256, 2048-bit key)', SIGNS, () => signServiceAccountJwt(claims, key, Date.now()));
    await time('full JWT exchange vs emulator (sign + POST)', EXCHANGES, () => service.getToken(jwtProfile, { forceRefresh: true }));
    await time('full OAuth S2S token vs emulator (POST)', EXCHANGES, () => service.getToken(s2sProfile, { forceRefresh: true }));
    const before = emulator.count('POST /ims/');
    await Promise.all(Array.from({ length: 1000 }, () => service.getToken(s2sProfile, { forceRefresh: true })));
    process.stdout.write(`single flight: 1000 concurrent forced refreshes → ${emulator.count('POST /ims/') - before} IMS call(s)\n`);
    await ims.close();
  } finally {
    await emulator.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`tokens bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
