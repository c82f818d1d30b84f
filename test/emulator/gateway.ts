import type { RouteContext } from './router';
import { sendJson } from './http';
import { checkAccessToken } from './ims';

// Adobe's API gateway checks for the Campaign and CJA modules, the same way the Journey module checks:
// a token signed by the emulator's IMS for a registered client, its api key, and its org.

export interface GatewayCaller {
  clientId: string;
  orgId: string;
  /** The user the token stands for (the technical account for server-to-server tokens). */
  userId: string;
}

/** Undefined when the gateway already answered (401013 bad token, 403003 bad key, 403010 bad org). */
export function gatewayCaller(ctx: RouteContext): GatewayCaller | undefined {
  const { req, res, state } = ctx;
  const token = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
  const checked = token ? checkAccessToken(token) : undefined;
  const client = checked?.valid ? state.clients.get(String(checked.payload.client_id)) : undefined;
  if (!checked?.valid || !client) {
    sendJson(res, 401, { error_code: '401013', message: 'Oauth token is not valid' });
    return undefined;
  }
  if (req.headers['x-api-key'] !== client.clientId) {
    sendJson(res, 403, { error_code: '403003', message: 'Api Key is invalid' });
    return undefined;
  }
  if (req.headers['x-gw-ims-org-id'] !== client.orgId) {
    sendJson(res, 403, { error_code: '403010', message: 'The x-gw-ims-org-id header does not match the organization of the access token' });
    return undefined;
  }
  return { clientId: client.clientId, orgId: client.orgId, userId: String(checked.payload.user_id ?? client.technicalAccountId ?? client.clientId) };
}
