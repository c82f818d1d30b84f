import { AioError } from '../errors';
import { redact } from '../log/redact';

// Turns an IMS error answer into a message that says what to do. IMS's own description is quoted (redacted)
// so that a support request has it, but the advice comes first.

export type TokenFlow = 'jwt' | 'oauth-s2s';

export interface ImsErrorContext {
  flow: TokenFlow;
  imsHost: string;
  clientId: string;
  /** Metascopes (JWT) or scopes (OAuth S2S) that were asked for. */
  scopes: readonly string[];
  /** The local clock when the request was made, to show in the clock hint. */
  now: number;
}

export interface ImsErrorBody {
  error?: string;
  error_description?: string;
}

function quoted(description: string | undefined): string {
  return description ? ` (IMS: "${redact(description).slice(0, 300)}")` : '';
}

/** The scope names from the request that IMS's description mentions; all of them when it names none. */
function refusedScopes(description: string | undefined, scopes: readonly string[]): string[] {
  const text = description ?? '';
  const named = scopes.filter((s) => {
    const short = s.replace(/^https?:\/\/[^/]+\/s\//i, '');
    return text.includes(short);
  });
  return named.length > 0 ? named : [...scopes];
}

export function imsError(status: number, body: ImsErrorBody, ctx: ImsErrorContext): AioError {
  const code = body.error ?? '';
  const description = body.error_description;
  const hint = quoted(description);
  const what = ctx.flow === 'jwt' ? 'metascope' : 'scope';
  switch (code) {
    case 'invalid_scope': {
      const refused = refusedScopes(description, ctx.scopes);
      const list = refused.length > 0 ? refused.map((s) => `'${s}'`).join(', ') : '(none requested)';
      return new AioError(
        'ims-invalid-scope',
        `IMS refused the ${what}${refused.length === 1 ? '' : 's'} ${list} for client ${ctx.clientId}: not bound to this credential. In the Adobe Developer Console, add the API or product profile that grants it to the project's credential, then download the workspace JSON again and re-import it${hint}.`,
      );
    }
    case 'invalid_client':
      if (status === 401) {
        return new AioError(
          'ims-invalid-secret',
          `IMS rejected the client secret for client ${ctx.clientId} (401 invalid_client). Copy the current client secret from the Developer Console (it may have been rotated) and re-import the credentials${ctx.flow === 'jwt' ? ', and check that the credential is still a Service Account (JWT) one' : ''}${hint}.`,
        );
      }
      return new AioError(
        'ims-invalid-client',
        `IMS does not know client ${ctx.clientId} at ${ctx.imsHost} (400 invalid_client). Check that the profile's client id and IMS environment (production or stage) match the credential in the Developer Console${hint}.`,
      );
    case 'invalid_signature':
      return new AioError(
        'ims-invalid-signature',
        `IMS could not verify the JWT signed with this profile's private key: the certificate on credential ${ctx.clientId} in the Developer Console is not this key's. Re-import the config.zip that belongs to the credential, or upload this key's certificate to it in the Console${hint}.`,
      );
    case 'invalid_token':
      if (/\bexp|expired|not yet valid|\bnbf|\biat|clock/i.test(description ?? '')) {
        return new AioError(
          'ims-clock',
          `IMS says the JWT is expired or not yet valid although it was just signed: this computer's clock is probably wrong (it reads ${new Date(ctx.now).toISOString()}). Turn on automatic time synchronisation and retry${hint}.`,
        );
      }
      return new AioError(
        'ims-invalid-token',
        `IMS could not read the JWT for client ${ctx.clientId} (400 invalid_token). Re-import the credentials; if it persists, report it with the log${hint}.`,
      );
    case 'bad_request':
      return new AioError(
        'ims-bad-request',
        `IMS refused the JWT's claims for client ${ctx.clientId}: check the profile's organization id (…@AdobeOrg) and technical account id (…@techacct.adobe.com) against the Developer Console and re-import the workspace JSON${hint}.`,
      );
    case 'unsupported_grant_type':
    case 'unauthorized_client':
      return new AioError(
        'ims-wrong-flow',
        `IMS will not mint ${ctx.flow === 'jwt' ? 'JWT-exchange' : 'client-credentials'} tokens for client ${ctx.clientId}: the credential is of another type. Re-import the workspace JSON so the profile matches the credential (Service Account (JWT) or OAuth Server-to-Server)${hint}.`,
      );
    default:
      break;
  }
  if (status === 429) {
    return new AioError('ims-throttled', `IMS is throttling token requests for client ${ctx.clientId} (429). Wait a minute and retry; tokens are cached, so this usually means other tools share the credential${hint}.`);
  }
  if (status >= 500 && ctx.flow === 'jwt') {
    return new AioError(
      'ims-server-jwt',
      `IMS failed with HTTP ${status} on the JWT exchange for client ${ctx.clientId}. If this credential was migrated to OAuth Server-to-Server (JWT credentials stopped working after 30 June 2025), download its workspace JSON again and import it as an OAuth Server-to-Server profile; otherwise retry later${hint}.`,
    );
  }
  if (status >= 500) {
    return new AioError('ims-server', `IMS failed with HTTP ${status} for client ${ctx.clientId}. Retry in a moment; if it persists, check Adobe's status page${hint}.`);
  }
  return new AioError('ims-refused', `IMS refused the token request for client ${ctx.clientId} with HTTP ${status}${code ? ` ${code}` : ''}. Check the profile against the Developer Console and re-import it${hint}.`);
}
