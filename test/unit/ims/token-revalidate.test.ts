import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenService } from '../../../src/core/ims/token-service';
import { secretKey } from '../../../src/core/credentials/profile';
import { MemoryProfileRepository } from '../../../src/core/credentials/profile-service';
import { revalidateTokens } from '../../../src/vscode/tokens/revalidate';
import { startImsWorld } from './ims-fixture';

test('a secret store refusing to delete during revalidation is logged, not an unhandled rejection', async (t) => {
  const world = await startImsWorld();
  t.after(() => world.stop());
  const seen: unknown[] = [];
  const onUnhandled = (reason: unknown) => seen.push(reason);
  process.on('unhandledRejection', onUnhandled);
  t.after(() => process.off('unhandledRejection', onUnhandled));
  const warnings: string[] = [];
  const logger = { trace() {}, debug() {}, info() {}, error() {}, warn: (m: string) => warnings.push(m) };
  const service = new TokenService({ secrets: world.secrets });
  await service.getToken(world.s2sProfile);
  // A re-import in this window changed the secret; the keyring then refuses the token's deletion.
  await world.secrets.store(secretKey(world.s2sProfile.id, 'clientSecret'), 'p8e-reimported-secret');
  world.secrets.delete = () => Promise.reject(new Error('keyring locked'));

  await revalidateTokens(new MemoryProfileRepository([world.s2sProfile]), service, logger);
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(seen, []);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /keyring locked.*Clear Cached Token/);
});
