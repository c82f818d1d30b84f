// The Profiles view's rows as plain data, computed by pure functions from the core model, so they can be
// tested without VS Code; profiles-view.ts turns them into TreeItems.
import type * as vscode from 'vscode';
import { certificateStatus } from '../../core/credentials/certificate';
import type { Profile, SecretKind } from '../../core/credentials/profile';
import type { Clock } from '../../core/ports';

/** Supplies the token row under a profile (the tokens feature implements it). */
export interface TokenRowSource {
  row(profile: Profile): Thenable<vscode.TreeItem | undefined> | vscode.TreeItem | undefined;
  /** Fires with a profile id when that profile's token row should be redrawn. */
  readonly onDidChange?: vscode.Event<string>;
}

export interface RowModel {
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  /** Codicon id and optional theme color id. */
  icon?: { id: string; color?: string };
  /** Capability tokens matched by `when` clauses, e.g. `aioProfile;jwt;inactive;`. */
  contextValue?: string;
  collapsible: boolean;
  /** Command run on click. */
  command?: { id: string; title: string; args: unknown[] };
  profileId: string;
}

export interface ProfileState {
  active: boolean;
  /** Required secrets that are gone (keyring reset). */
  missingSecrets: SecretKind[];
}

function kindLabel(profile: Profile): string {
  return profile.kind === 'jwt' ? 'JWT' : 'OAuth S2S';
}

export function missingSecretLabel(missing: SecretKind[]): string | undefined {
  if (missing.includes('privateKey')) return 'private key missing — re-import';
  if (missing.includes('clientSecret')) return 'client secret missing — re-import';
  return undefined;
}

export function profileRow(profile: Profile, state: ProfileState): RowModel {
  const missing = missingSecretLabel(state.missingSecrets);
  const tokens = ['aioProfile', profile.kind, state.active ? 'active' : 'inactive', 'renamable', 'removable', 'sandbox'];
  if (profile.kind === 'jwt') tokens.push('replaceKey');
  if (missing) tokens.push('missingSecret');
  const row: RowModel = {
    id: profile.id,
    profileId: profile.id,
    label: profile.name,
    description: missing ?? `${kindLabel(profile)} · ${profile.orgId}${state.active ? ' · active' : ''}`,
    tooltip: [
      `${profile.name} (${kindLabel(profile)})`,
      `Org: ${profile.orgId}`,
      profile.source ? `From: ${profile.source}` : undefined,
      state.active ? 'Active profile' : 'Click the check mark to make it the active profile',
      missing ? `The ${missing.replace(' — re-import', '')}: the OS keyring may have been reset. Run Import Credentials… again.` : undefined,
    ]
      .filter(Boolean)
      .join('\n'),
    icon: missing ? { id: 'error', color: 'problemsErrorIcon.foreground' } : { id: state.active ? 'pass-filled' : 'account' },
    contextValue: `${tokens.join(';')};`,
    collapsible: true,
  };
  if (missing) row.command = { id: 'aioRequests.importCredentials', title: 'Re-import', args: [] };
  return row;
}

export function detailRows(profile: Profile, state: ProfileState, clock: Clock): RowModel[] {
  const rows: RowModel[] = [];
  const add = (key: string, label: string, description: string, extra: Partial<RowModel> = {}) =>
    rows.push({ id: `${profile.id}/${key}`, profileId: profile.id, label, description, collapsible: false, contextValue: `aioProfileDetail;${key};`, ...extra });
  add('clientId', 'Client ID', profile.clientId, { icon: { id: 'symbol-key' } });
  add('technicalAccount', 'Technical account', profile.technicalAccountId, {
    icon: { id: 'person' },
    ...(profile.technicalAccountEmail ? { tooltip: profile.technicalAccountEmail } : {}),
  });
  if (profile.kind === 'jwt') add('scopes', 'Metascopes', (profile.metaScopes ?? []).join(', '), { icon: { id: 'list-unordered' } });
  else add('scopes', 'Scopes', (profile.scopes ?? []).join(', '), { icon: { id: 'list-unordered' } });
  add('environment', 'Environment', `${profile.environment} (${profile.imsHost})`, { icon: { id: 'globe' } });
  add('sandbox', 'Sandbox', profile.sandbox, {
    icon: { id: 'server-environment' },
    contextValue: 'aioProfileDetail;sandbox;',
    command: { id: 'aioRequests.selectSandbox', title: 'Select Sandbox', args: [profile.id] },
  });
  if (profile.kind === 'jwt') {
    const missingKey = state.missingSecrets.includes('privateKey');
    if (profile.certificate) {
      const status = certificateStatus(profile.certificate, clock);
      const date = profile.certificate.validTo.slice(0, 10);
      const description =
        status.state === 'expired' ? `expired on ${date}` : status.state === 'expiring' ? `expires ${date} (in ${status.daysLeft} days)` : `valid until ${date}`;
      add('certificate', 'Certificate', missingKey ? `${description} · private key missing — re-import` : description, {
        icon:
          status.state === 'expired' || missingKey
            ? { id: 'error', color: 'problemsErrorIcon.foreground' }
            : status.state === 'expiring'
              ? { id: 'warning', color: 'problemsWarningIcon.foreground' }
              : { id: 'verified' },
        tooltip: `Subject: ${profile.certificate.subject}\nValid: ${profile.certificate.validFrom.slice(0, 10)} to ${date}\nSHA-256: ${profile.certificate.fingerprint256}`,
        contextValue: `aioProfileDetail;certificate;${status.state};`,
      });
    } else {
      add('certificate', 'Private key', missingKey ? 'private key missing — re-import' : 'no certificate on record', {
        icon: missingKey ? { id: 'error', color: 'problemsErrorIcon.foreground' } : { id: 'key' },
      });
    }
  }
  return rows;
}
