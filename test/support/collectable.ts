// Whether objects a long run has finished with can be garbage-collected: WeakRefs to them, a full GC, a count.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const fullGc = runInNewContext('gc') as () => void;

/**
 * How many of `refs` point to objects gone after a full GC. Waits a turn first: an object a WeakRef was made
 * to (or dereferenced) in the current turn is kept alive until that turn ends.
 */
export async function collectedAmong(refs: ReadonlyArray<WeakRef<object>>): Promise<number> {
  await new Promise((resolve) => setImmediate(resolve));
  fullGc();
  return refs.filter((ref) => ref.deref() === undefined).length;
}
