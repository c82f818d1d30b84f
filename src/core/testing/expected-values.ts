// Expected values in assertions use `{{…}}` like the rest of the file: the same precedence, chaining and
// environments, resolved after the request ran (so a request may compare with its own or an earlier result).
import type { HttpFile, RequestBlock } from '../http/parse-types';
import { effectiveOptions } from '../http/resolve';
import { ResolveError, VariableScope, type ResolveContext } from '../http/variables';
import type { ExpectedResolver } from './assertions';

export function expectedResolver(file: HttpFile, block: RequestBlock, ctx: ResolveContext): ExpectedResolver {
  const options = effectiveOptions(file, block);
  return async (text) => {
    // A scope per value: each assertion reports only its own misses.
    const scope = new VariableScope(file, block, ctx, options);
    try {
      const value = await scope.substitute(text);
      scope.throwIfUnresolved();
      return { value };
    } catch (error) {
      if (!(error instanceof ResolveError)) throw error;
      return { problem: error.message.replace(/^Not sent: /, '') };
    }
  };
}
