// Everything the harness starts registers how to stop it here, so that a failure, a timeout or Ctrl-C
// stops exactly those processes (and nothing else).

const stoppers: (() => Promise<void> | void)[] = [];
let installed = false;

/** Registers a stopper; returns a function that runs it once and removes it. */
export function onCleanup(stop: () => Promise<void> | void): () => Promise<void> {
  stoppers.push(stop);
  installSignalHandlers();
  return async () => {
    const index = stoppers.indexOf(stop);
    if (index < 0) return;
    stoppers.splice(index, 1);
    await stop();
  };
}

/** Stops everything still registered, newest first. */
export async function cleanupAll(): Promise<void> {
  while (stoppers.length > 0) {
    const stop = stoppers.pop()!;
    try {
      await stop();
    } catch (error) {
      process.stderr.write(`cleanup: ${(error as Error).message}\n`);
    }
  }
}

function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: stopping what was started…\n`);
      void cleanupAll().then(() => process.exit(130));
    });
  }
}

/** Fails the run after `ms`, stopping what was started, so a hang cannot eat CI's time. */
export function globalTimeout(ms: number, onTimeout: () => void): NodeJS.Timeout {
  const timer = setTimeout(() => {
    process.stderr.write(`\nGlobal timeout of ${Math.round(ms / 1000)} s reached: stopping what was started.\n`);
    onTimeout();
    void cleanupAll().then(() => process.exit(1));
  }, ms);
  timer.unref();
  return timer;
}
