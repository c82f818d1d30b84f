// `{{$aio.*}}` as a port the run context receives: variable resolution asks it, and never calls back up into
// an adapter. The usual source reads the variables off the request authenticator.
import type { RequestOptions } from '../http/types';
import type { AioVariableName } from '../http/variables';
import type { RequestAuthenticator } from '../ims/types';

export interface AioVariableSource {
  /** `{{$aio.<name>}}` for a request with these options (profile, sandbox); undefined when there is none. */
  aioVariable(name: AioVariableName, options: RequestOptions): Promise<string | undefined>;
}

/** The variables of the request's profile as `authenticator` mints them; `sandbox` applies when the request names none. */
export function authenticatorVariables(authenticator: RequestAuthenticator, sandbox?: string): AioVariableSource {
  return {
    async aioVariable(name, options) {
      const auth = await authenticator.authenticate(options.profile, { sandbox: options.sandbox ?? sandbox });
      return auth.variables[name];
    },
  };
}
