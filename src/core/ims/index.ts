// The IMS layer: JWT signing, the token endpoints, the token cache and the request authenticator.
export * from './types';
export { buildJwtClaims, loadSigningKey, signServiceAccountJwt, JWT_LIFETIME_SECONDS, type JwtClaimsInput } from './jwt-signer';
export { ImsClient, parseTokenAnswer, type ImsClientOptions, type ImsTokenClient, type MintedToken } from './ims-client';
export { imsError, type ImsErrorContext, type TokenFlow } from './ims-errors';
export { resolveLifetime, refreshAt, isFresh, isAlive, decodeJwtPayload, REFRESH_MARGIN_MS } from './token-expiry';
export { TokenService, type TokenServiceOptions, type GetTokenOptions } from './token-service';
export { ImsRequestAuthenticator, adobeHeaders, resolveProfile } from './authenticator';
export { describeTokenStatus, tokenDetails, formatRemaining, formatLocalTime, type TokenStatus, type TokenDetails } from './token-status';
