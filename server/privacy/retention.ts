import type { Repositories } from '../data/repositories/index.ts';
import type { Logger } from '../shared/logger.ts';

const DAY_MS = 24 * 3600_000;
/** Conversations expired per write batch: small, so the job never holds the database for long. */
const BATCH = 200;

export interface RetentionJob {
  /** One full pass now (tests; the timer runs it daily). Resolves with the number of conversations expired. */
  runNow(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The retention policy (docs/privacy.md): once a day, the texts and NLP data of messages in conversations
 * resolved more than `days` ago are removed. It runs on a timer, never on a reply's path; each batch is
 * awaited before the next, so chat writes interleave with it. Several nodes may run it at once: the writes
 * are idempotent. With `days` 0 nothing is ever removed.
 */
export function startRetention(deps: {
  days: number;
  repositories: Pick<Repositories, 'privacy'>;
  logger: Logger;
  now?: () => Date;
  /** First pass this long after start (default a minute, away from start-up work); then every day. */
  firstRunMs?: number;
}): RetentionJob {
  const now = deps.now ?? (() => new Date());
  let running: Promise<number> | null = null;
  let closed = false;

  async function pass(): Promise<number> {
    if (deps.days === 0) return 0;
    const cutoff = new Date(now().getTime() - deps.days * DAY_MS);
    let total = 0;
    for (;;) {
      if (closed) break;
      const expired = await deps.repositories.privacy.expireResolvedTexts(cutoff, BATCH, now());
      total += expired;
      if (expired < BATCH) break;
    }
    if (total > 0) deps.logger.info({ conversations: total, days: deps.days }, 'retention: texts removed');
    return total;
  }

  const runNow = () => {
    running ??= pass().finally(() => {
      running = null;
    });
    return running;
  };
  const safeRun = () =>
    void runNow().catch((error: unknown) => deps.logger.error({ err: error }, 'retention pass failed'));

  const timers: NodeJS.Timeout[] = [];
  if (deps.days > 0) {
    const first = setTimeout(() => {
      safeRun();
      const daily = setInterval(safeRun, DAY_MS);
      daily.unref();
      timers.push(daily);
    }, deps.firstRunMs ?? 60_000);
    first.unref();
    timers.push(first);
  }

  return {
    runNow,
    async close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      await running?.catch(() => {});
    },
  };
}
