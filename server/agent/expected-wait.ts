import type { Repositories } from '../data/repositories/index.ts';

export interface ExpectedWaitSettings {
  /** Pick-ups older than this do not count. */
  windowMs: number;
  /** The estimate is recomputed at most this often (it is read on every queue change and visitor connect). */
  cacheMs: number;
  now?: () => number;
}

const DEFAULTS: ExpectedWaitSettings = { windowMs: 30 * 60_000, cacheMs: 5_000 };

/**
 * Expected wait at a queue position, from recent pick-up times: agents took the last N waiting conversations
 * over a span T, so one place in the queue is worth about T / (N − 1); position p waits about p times that.
 * With a single recent pick-up its own wait stands for the first place. Null without recent pick-ups: the
 * widget then shows the position alone, rather than a made-up figure.
 */
export function createExpectedWait(
  repositories: Pick<Repositories, 'conversations'>,
  settings: Partial<ExpectedWaitSettings> = {},
) {
  const { windowMs, cacheMs, now = Date.now } = { ...DEFAULTS, ...settings };
  let cached: { at: number; perPlaceMs: number | null } | null = null;

  async function perPlaceMs(): Promise<number | null> {
    const at = now();
    if (cached && at - cached.at < cacheMs) return cached.perPlaceMs;
    const pickups = await repositories.conversations.recentPickups(new Date(at - windowMs));
    let value: number | null = null;
    if (pickups.length >= 2) {
      const span = pickups[0]!.at.getTime() - pickups.at(-1)!.at.getTime();
      value = Math.max(span / (pickups.length - 1), 1000);
    } else if (pickups.length === 1) {
      value = Math.max(pickups[0]!.waitMs, 1000);
    }
    cached = { at, perPlaceMs: value };
    return value;
  }

  return async (position: number): Promise<number | null> => {
    const perPlace = await perPlaceMs();
    return perPlace === null ? null : Math.round((perPlace * position) / 1000);
  };
}
