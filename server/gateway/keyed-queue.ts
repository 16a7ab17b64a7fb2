/**
 * Runs tasks one after another per key, in the order they were queued. Socket.io delivers a socket's events
 * in order, but async handlers interleave; chaining per conversation keeps sequence numbers in send order.
 */
export interface KeyedQueue {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Keys with queued or running work (for tests and metrics). */
  size(): number;
}

export function createKeyedQueue(): KeyedQueue {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run(key, task) {
      const previous = tails.get(key) ?? Promise.resolve();
      const next = previous.then(task, task);
      const tail = next.catch(() => {});
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return next;
    },
    size: () => tails.size,
  };
}
