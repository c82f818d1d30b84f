/**
 * Work that activation starts but does not wait for (the pre-import): every command awaits it first, so a
 * command run the moment the extension activates sees the same profiles as one run a second later.
 */
export class ActivationWork {
  private readonly pending: Promise<unknown>[] = [];

  /** Starts tracking `work`; its failure is the work's own business (logged there), not the commands'. */
  add(work: Promise<unknown>): void {
    this.pending.push(work.catch(() => undefined));
  }

  /** Resolves once everything added so far has finished. */
  async settled(): Promise<void> {
    await Promise.all(this.pending);
  }
}
