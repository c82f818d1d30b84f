import * as vscode from 'vscode';
import type { Profile } from '../../core/credentials/profile';
import { describeTokenStatus } from '../../core/ims/token-status';
import type { TokenService } from '../../core/ims/token-service';
import type { Clock } from '../../core/ports';
import { systemClock } from '../../core/ports';

/**
 * The token row under a profile in the Profiles view: "valid until 14:32 (in 23 h)", "expired" or
 * "no token". It asks the view to redraw a profile when its token changes and when its label goes stale.
 */
export class TokenRows implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly subscription: { dispose(): void };

  /** Fires with a profile id whenever that profile's token row should be drawn again. */
  readonly onDidChange: vscode.Event<string> = this.emitter.event;

  constructor(
    private readonly tokens: TokenService,
    private readonly clock: Clock = systemClock,
  ) {
    this.subscription = tokens.onDidChange((id) => this.emitter.fire(id));
  }

  async row(profile: Profile): Promise<vscode.TreeItem> {
    const now = this.clock.now();
    const token = await this.tokens.peek(profile).catch(() => undefined);
    const status = describeTokenStatus(token, now);
    this.schedule(profile.id, status.nextChangeAt === undefined ? undefined : status.nextChangeAt - now);
    const item = new vscode.TreeItem('Token', vscode.TreeItemCollapsibleState.None);
    item.id = `${profile.id}/token`;
    item.description = status.label;
    item.contextValue = `aioToken;${status.state};`;
    item.iconPath = new vscode.ThemeIcon(status.state === 'valid' ? 'key' : status.state === 'expired' ? 'warning' : 'circle-slash');
    item.tooltip =
      status.state === 'valid'
        ? `Access token ${status.label}. Right-click the profile to copy it or clear it.`
        : status.state === 'expired'
          ? 'The cached access token has expired; a new one is minted on the next request.'
          : 'No access token yet; one is minted on the next request or with "Copy Access Token".';
    return item;
  }

  private schedule(profileId: string, delayMs: number | undefined): void {
    const old = this.timers.get(profileId);
    if (old) clearTimeout(old);
    this.timers.delete(profileId);
    if (delayMs === undefined) return;
    const timer = setTimeout(() => {
      this.timers.delete(profileId);
      this.emitter.fire(profileId);
    }, Math.max(1000, Math.min(delayMs + 50, 60_000)));
    timer.unref?.();
    this.timers.set(profileId, timer);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
