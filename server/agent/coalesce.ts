const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `task` now, or once more after the current run when asked while it runs: a burst of a thousand
 * requests becomes at most two runs in flight, and none is lost. With `minGapMs`, a follow-up run starts no
 * sooner than that after the previous one started, so a steady stream of requests costs at most one run per
 * gap (the queue snapshot rebuilds up to a hundred rows; doing that per escalation would starve the replies).
 * `settled()` waits for the current work, including a follow-up that is waiting for its gap.
 */
export function coalesced(
  task: () => Promise<void>,
  onError: (error: unknown) => void,
  options: { minGapMs?: number } = {},
) {
  const minGapMs = options.minGapMs ?? 0;
  let running: Promise<void> | null = null;
  let again = false;
  const run = (): Promise<void> => {
    const startedAt = Date.now();
    running = task()
      .catch(onError)
      .then(async () => {
        if (!again) {
          running = null;
          return;
        }
        const wait = startedAt + minGapMs - Date.now();
        if (wait > 0) await sleep(wait);
        again = false;
        return run();
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
