import type { ProfileRepository } from '../../core/credentials/profile';
import type { TokenService } from '../../core/ims/token-service';
import type { Logger } from '../../core/ports';

/**
 * Drops tokens of changed or removed profiles after a change in this window. Runs from an event handler, so
 * it never rejects: a failing secret store is logged (the logger redacts) instead of crashing as unhandled.
 */
export async function revalidateTokens(profiles: Pick<ProfileRepository, 'list'>, tokens: Pick<TokenService, 'revalidate'>, logger: Logger): Promise<void> {
  try {
    await tokens.revalidate(await profiles.list());
  } catch (error) {
    logger.warn(`Could not drop the cached tokens of changed profiles: ${error instanceof Error ? error.message : String(error)}. Use "Clear Cached Token" if a request uses old credentials.`);
  }
}
