// What an editor run knows before it starts: every profile's stored secrets and stored token. The Send Request
// feature (a later issue) calls this to fill the KnownSecrets it hands to the runner; the CLI knows its secrets
// from its arguments instead.
import type { SecretStore } from '../ports';
import { describeSecret, type SecretRegistry } from '../known-secrets';
import { secretKey, type ProfileRepository } from './profile';

export async function registerStoredSecrets(registry: SecretRegistry, profiles: ProfileRepository, store: SecretStore): Promise<void> {
  for (const profile of await profiles.list()) {
    const [clientSecret, privateKey, passphrase, token] = await Promise.all(
      (['clientSecret', 'privateKey', 'passphrase', 'token'] as const).map((kind) => store.get(secretKey(profile.id, kind)).catch(() => undefined)),
    );
    registry.add('clientSecret', clientSecret, describeSecret('clientSecret', profile.name));
    registry.add('privateKey', privateKey, describeSecret('privateKey', profile.name));
    registry.add('passphrase', passphrase, describeSecret('passphrase', profile.name));
    if (token) {
      try {
        const record = JSON.parse(token) as { accessToken?: unknown };
        if (typeof record.accessToken === 'string') registry.add('accessToken', record.accessToken, describeSecret('accessToken', profile.name, 'cached'));
      } catch {
        // A damaged token record holds no token to protect.
      }
    }
  }
}
