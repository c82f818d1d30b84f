// Errors the core throws carry a code a caller can branch on and a message a user can act on.

/** Every code an AioError (or an import problem) can carry; kebab-case, one spelling. */
export type AioErrorCode =
  // Adapters and files
  | 'usage'
  | 'aborted'
  | 'file-not-found'
  | 'file-unreadable'
  | 'file-unrecognised'
  | 'file-too-large'
  | 'input-unreadable'
  | 'no-files'
  // Credential files and import
  | 'import-refused'
  | 'zip-refused'
  | 'workspace-invalid'
  | 'too-many-workspaces'
  | 'credential-not-found'
  | 'credentials-missing'
  | 'credentials-refused'
  | 'key-invalid'
  | 'key-not-rsa'
  | 'key-too-small'
  | 'too-many-keys'
  | 'key-ambiguous'
  | 'passphrase-needed'
  | 'wrong-passphrase'
  | 'certificate-invalid'
  | 'certificate-expired'
  | 'certificate-key-mismatch'
  | 'too-many-certificates'
  // Profiles
  | 'profile-invalid'
  | 'profile-name-taken'
  | 'profile-not-found'
  | 'no-profile'
  | 'no-active-profile'
  | 'secret-missing'
  // Signing and IMS
  | 'key-passphrase-needed'
  | 'key-wrong-passphrase'
  | 'key-unreadable'
  | 'ims-url'
  | 'ims-network'
  | 'ims-timeout'
  | 'ims-redirect'
  | 'ims-bad-response'
  | 'ims-bad-request'
  | 'ims-clock'
  | 'ims-invalid-client'
  | 'ims-invalid-scope'
  | 'ims-invalid-secret'
  | 'ims-invalid-signature'
  | 'ims-invalid-token'
  | 'ims-wrong-flow'
  | 'ims-throttled'
  | 'ims-server'
  | 'ims-server-jwt'
  | 'ims-refused'
  // .http files (the request failures are the runner's RequestErrorKind)
  | 'invalid-environments'
  | 'unknown-environment'
  | 'unresolved-variable'
  | 'invalid-request'
  | 'timeout'
  | 'too-large'
  | 'network'
  | 'auth'
  | 'egress'
  | 'file-outside-roots'
  // Converting Adobe's examples (curl commands, Postman collections)
  | 'import-invalid'
  | 'import-too-large'
  // Journey capping and throttling (request failures: journey-<RequestErrorKind>)
  | 'journey-api'
  | 'journey-invalid'
  | 'journey-apply'
  | 'journey-cannot-deploy'
  | 'journey-unresolved-variable'
  | 'journey-timeout'
  | 'journey-aborted'
  | 'journey-too-large'
  | 'journey-network'
  | 'journey-auth'
  | 'journey-invalid-request'
  | 'journey-egress'
  // Pacing (traffic)
  | 'pacing-cancelled'
  | 'invalid-rate';

export class AioError extends Error {
  constructor(
    readonly code: AioErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AioError';
  }
}

export function isAioError(value: unknown, code?: AioErrorCode): value is AioError {
  return value instanceof AioError && (code === undefined || value.code === code);
}
