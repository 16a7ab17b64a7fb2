import { AppError } from '../shared/errors.ts';

export interface HashingQueueOptions {
  /** Password hashes computed at once. */
  concurrency: number;
  /** Logins waiting for their turn; one more is refused at once with RATE_LIMITED. */
  maxWaiting: number;
}

export interface HashingQueue {
  run<T>(task: () => Promise<T>): Promise<T>;
  readonly running: number;
  readonly waiting: number;
}

/**
 * scrypt runs on libuv's thread pool (4 threads by default, one pool for the whole process), which the embedded
 * engine's journal writes and fsyncs also use. A burst of logins that fills the pool makes every chat message
 * wait behind the hashes (measured before this queue: message acks from 13 ms to 59 s during a flood of 300
 * logins, docs/benchmarks.md "Login flood"). So at most `concurrency` hashes run at once, the others wait their
 * turn in arrival order, and beyond `maxWaiting` a login is refused at once instead of queueing without end.
 */
export function createHashingQueue(options: HashingQueueOptions): HashingQueue {
  let running = 0;
  const waiting: (() => void)[] = [];

  const release = () => {
    const next = waiting.shift();
    if (next === undefined) running -= 1;
    else next();
  };

  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (running < options.concurrency) {
        running += 1;
      } else {
        if (waiting.length >= options.maxWaiting) {
          throw new AppError('RATE_LIMITED', 'Too many logins are being checked; try again in a moment.', {
            details: { retryAfterSeconds: 1 },
          });
        }
        // The slot is handed over by `release` without going through zero, so no newcomer can jump the queue.
        await new Promise<void>((resolve) => waiting.push(resolve));
      }
      try {
        return await task();
      } finally {
        release();
      }
    },
    get running() {
      return running;
    },
    get waiting() {
      return waiting.length;
    },
  };
}
