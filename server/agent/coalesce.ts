/**
 * Runs `task` now, or once more after the current run when asked while it runs: a burst of a thousand
 * requests becomes at most two runs in flight, and none is lost. `settled()` waits for the current work.
 */
export function coalesced(task: () => Promise<void>, onError: (error: unknown) => void) {
  let running: Promise<void> | null = null;
  let again = false;
  const run = (): Promise<void> => {
    running = task()
      .catch(onError)
      .then(() => {
        if (again) {
          again = false;
          return run();
        }
        running = null;
      });
    return running;
  };
  return {
    request(): void {
      if (running) again = true;
      else void run();
    },
    async settled(): Promise<void> {
      while (running) await running;
    },
  };
}
