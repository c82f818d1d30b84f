// Field-by-field validation of a profile. Each validator returns a message for the user or undefined, so the
// same functions check imports and validate QuickInput fields as the user types.
import { AioError } from '../errors';
import type { Profile } from './profile';

export type ProfileDraft = Omit<Profile, 'id'>;

export function validateProfileName(value: string): string | undefined {
  const v = value.trim();
  if (!v) return 'Enter a name for the profile.';
  if (v.length > 64) return 'Use at most 64 characters.';
  if ([...v].some((ch) => ch.charCodeAt(0) < 0x20)) return 'The name cannot contain control characters.';
  return undefined;
}

export function validateClientId(value: string): string | undefined {
  const v = value.trim();
  if (!v) return 'Enter the client id (API key) from the Developer Console.';
  if (!/^[A-Za-z0-9_-]{6,128}$/.test(v)) return 'A client id is letters and digits only (32 hex characters in the Developer Console).';
  return undefined;
}

export function validateOrgId(value: string): string | undefined {
  const v = value.trim();
  if (!v) return 'Enter the IMS organization id (…@AdobeOrg).';
  if (!/^[A-Za-z0-9]+@AdobeOrg$/.test(v)) return "An IMS organization id ends with '@AdobeOrg', e.g. 0A1B2C3D4E5F60718293A4B5@AdobeOrg.";
  return undefined;
}

export function validateTechnicalAccountId(value: string): string | undefined {
  const v = value.trim();
  if (!v) return 'Enter the technical account id (…@techacct.adobe.com).';
  if (!/^[A-Za-z0-9]+@techacct\.adobe\.com$/.test(v)) return "A technical account id ends with '@techacct.adobe.com'.";
  return undefined;
}

export function validateTechnicalAccountEmail(value: string): string | undefined {
  const v = value.trim();
  if (v && !/^[A-Za-z0-9._-]+@techacct\.adobe\.com$/.test(v)) return "A technical account email ends with '@techacct.adobe.com'.";
  return undefined;
}

export function validateSandbox(value: string): string | undefined {
  const v = value.trim();
  if (!v) return 'Enter a sandbox name, e.g. prod.';
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(v)) return 'A sandbox name is lower-case letters, digits and dashes, e.g. prod or dev-1.';
  return undefined;
}

/** Splits a comma/space separated list of scopes or metascopes. */
export function parseScopeList(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function validateScopeList(value: string): string | undefined {
  const list = parseScopeList(value);
  if (list.length === 0) return 'Enter at least one, separated by commas.';
  const bad = list.find((s) => !/^[A-Za-z0-9_.:/-]+$/.test(s));
  return bad ? `'${bad}' is not a valid scope name.` : undefined;
}

export function validateImsHost(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Enter the IMS base URL, e.g. https://ims-na1.adobelogin.com.';
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) return 'IMS must be reached over https (http only on 127.0.0.1 for the emulator).';
  if (url.username || url.password || url.search || url.hash) return 'Give the IMS base URL only, without credentials, query or fragment.';
  return undefined;
}

export function validateClientSecret(value: string): string | undefined {
  const v = value.trim();
  if (!v) return 'Enter the client secret.';
  if (/\s/.test(v)) return 'A client secret contains no spaces.';
  return undefined;
}

/** Every problem with a draft profile, one message per field (empty when valid). */
export function profileProblems(draft: ProfileDraft): string[] {
  const problems: Array<string | undefined> = [
    validateProfileName(draft.name),
    validateClientId(draft.clientId),
    validateOrgId(draft.orgId),
    validateTechnicalAccountId(draft.technicalAccountId),
    draft.technicalAccountEmail ? validateTechnicalAccountEmail(draft.technicalAccountEmail) : undefined,
    validateSandbox(draft.sandbox),
    validateImsHost(draft.imsHost),
    draft.environment === 'prod' || draft.environment === 'stage' ? undefined : "The environment is 'prod' or 'stage'.",
  ];
  if (draft.kind === 'jwt') {
    problems.push(draft.metaScopes && draft.metaScopes.length > 0 ? undefined : 'A JWT profile needs at least one metascope.');
  } else if (draft.kind === 'oauth-s2s') {
    problems.push(draft.scopes && draft.scopes.length > 0 ? undefined : 'An OAuth Server-to-Server profile needs at least one scope.');
  } else {
    problems.push("The kind is 'jwt' or 'oauth-s2s'.");
  }
  return problems.filter((p): p is string => p !== undefined);
}

/** Throws `AioError('profile-invalid')` listing every problem. */
export function validateProfile(draft: ProfileDraft): void {
  const problems = profileProblems(draft);
  if (problems.length > 0) throw new AioError('profile-invalid', `The profile is not valid: ${problems.join(' ')}`);
}
