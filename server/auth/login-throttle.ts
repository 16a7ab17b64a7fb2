/**
 * Slows down password guessing per (email, client address): the first few failures are free, then each
 * further failure doubles the wait before the next attempt is even checked. A success clears the record.
 * Kept in memory: with several nodes an attacker gains at most a factor of the node count, which the
 * exponential wait absorbs; a shared store is not worth the dependency here.
 */
export interface LoginThrottleOptions {
  freeFailures?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Records untouched for this long are forgotten. */
  forgetAfterMs?: number;
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  failures: number;
  blockedUntil: number;
  lastFailure: number;
}

export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();
  private readonly freeFailures: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly forgetAfterMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: LoginThrottleOptions = {}) {
    this.freeFailures = options.freeFailures ?? 5;
    this.baseDelayMs = options.baseDelayMs ?? 1000;
    this.maxDelayMs = options.maxDelayMs ?? 15 * 60 * 1000;
    this.forgetAfterMs = options.forgetAfterMs ?? 60 * 60 * 1000;
    this.maxEntries = options.maxEntries ?? 100_000;
    this.now = options.now ?? Date.now;
  }

  private key(email: string, address: string): string {
    return `${email.toLowerCase()}\u0000${address}`;
  }

  /** Milliseconds to wait before this pair may try again; 0 when it may try now. */
  retryAfterMs(email: string, address: string): number {
    const entry = this.entries.get(this.key(email, address));
    if (entry === undefined) return 0;
    return Math.max(0, entry.blockedUntil - this.now());
  }

  recordFailure(email: string, address: string): void {
    const key = this.key(email, address);
    const now = this.now();
    const previous = this.entries.get(key);
    const failures =
      previous !== undefined && now - previous.lastFailure < this.forgetAfterMs ? previous.failures + 1 : 1;
    const excess = failures - this.freeFailures;
    const delay =
      excess <= 0 ? 0 : Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.min(excess - 1, 30));
    this.entries.delete(key);
    this.entries.set(key, { failures, blockedUntil: now + delay, lastFailure: now });
    this.evict(now);
  }

  recordSuccess(email: string, address: string): void {
    this.entries.delete(this.key(email, address));
  }

  /** Oldest first (Map keeps insertion order and failures re-insert), bounded so a flood cannot exhaust memory. */
  private evict(now: number): void {
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && now - entry.lastFailure < this.forgetAfterMs) break;
      this.entries.delete(key);
    }
  }
}
