/**
 * Slows down password guessing in two ways, both kept in memory:
 * - per (email, client address): after `freeFailures` failures (default 5) the next attempt must wait 1 s, and
 *   each further failure doubles the wait (2 s, 4 s… up to 15 minutes); a success clears the pair;
 * - per client address, whatever the email (password spraying: one guess against many accounts): after
 *   `freeFailuresPerAddress` failures (default 10) the same doubling waits apply to every login from that
 *   address. A success does not clear it, or one known account would let an attacker reset the count at will.
 *   Attempts still being checked count too, so a burst of concurrent guesses cannot all slip in before the
 *   first failure is recorded.
 * Records are forgotten an hour after their last failure. With several nodes an attacker gains at most a factor
 * of the node count, which the exponential wait absorbs; a shared store is not worth the dependency here.
 */
export interface LoginThrottleOptions {
  freeFailures?: number;
  freeFailuresPerAddress?: number;
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

/** Failures per key with exponential waits, bounded in memory (oldest evicted first). */
class FailureCounter {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly freeFailures: number,
    private readonly baseDelayMs: number,
    private readonly maxDelayMs: number,
    private readonly forgetAfterMs: number,
    private readonly maxEntries: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  retryAfterMs(key: string, now: number): number {
    const entry = this.entries.get(key);
    return entry === undefined ? 0 : Math.max(0, entry.blockedUntil - now);
  }

  /** Failures still remembered for the key. */
  failuresOf(key: string, now: number): number {
    const entry = this.entries.get(key);
    return entry === undefined || now - entry.lastFailure >= this.forgetAfterMs ? 0 : entry.failures;
  }

  recordFailure(key: string, now: number): void {
    const previous = this.entries.get(key);
    const failures =
      previous !== undefined && now - previous.lastFailure < this.forgetAfterMs ? previous.failures + 1 : 1;
    // The failure that reaches the free allowance already makes the next attempt wait the base delay.
    const excess = failures - this.freeFailures;
    const delay = excess < 0 ? 0 : Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.min(excess, 30));
    this.entries.delete(key);
    this.entries.set(key, { failures, blockedUntil: now + delay, lastFailure: now });
    this.evict(now);
  }

  forget(key: string): void {
    this.entries.delete(key);
  }

  /** Oldest first (Map keeps insertion order and failures re-insert), so a flood cannot exhaust memory. */
  private evict(now: number): void {
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && now - entry.lastFailure < this.forgetAfterMs) break;
      this.entries.delete(key);
    }
  }
}

export class LoginThrottle {
  private readonly pairs: FailureCounter;
  private readonly addresses: FailureCounter;
  private readonly now: () => number;
  private readonly baseDelayMs: number;
  private readonly freeFailuresPerAddress: number;
  /** Attempts being checked right now, per address. */
  private readonly pending = new Map<string, number>();

  constructor(options: LoginThrottleOptions = {}) {
    const baseDelayMs = options.baseDelayMs ?? 1000;
    this.baseDelayMs = baseDelayMs;
    this.freeFailuresPerAddress = options.freeFailuresPerAddress ?? 10;
    const maxDelayMs = options.maxDelayMs ?? 15 * 60 * 1000;
    const forgetAfterMs = options.forgetAfterMs ?? 60 * 60 * 1000;
    const maxEntries = options.maxEntries ?? 100_000;
    this.pairs = new FailureCounter(
      options.freeFailures ?? 5,
      baseDelayMs,
      maxDelayMs,
      forgetAfterMs,
      maxEntries,
    );
    this.addresses = new FailureCounter(
      this.freeFailuresPerAddress,
      baseDelayMs,
      maxDelayMs,
      forgetAfterMs,
      maxEntries,
    );
    this.now = options.now ?? Date.now;
  }

  private pairKey(email: string, address: string): string {
    return `${email.trim().toLowerCase()}\u0000${address}`;
  }

  /** Milliseconds to wait before this email may be tried from this address again; 0 when it may try now. */
  retryAfterMs(email: string, address: string): number {
    const now = this.now();
    const pending = this.pending.get(address) ?? 0;
    // Attempts in flight would use up what is left of the address's allowance (or, once it waits between
    // attempts, the one attempt it may make): the newcomer waits as after a failure.
    const crowded =
      pending > 0 && this.addresses.failuresOf(address, now) + pending >= this.freeFailuresPerAddress;
    return Math.max(
      this.pairs.retryAfterMs(this.pairKey(email, address), now),
      this.addresses.retryAfterMs(address, now),
      crowded ? this.baseDelayMs : 0,
    );
  }

  /**
   * Starts an attempt: 0 when it may go ahead (then `finish` must follow, whatever happens), otherwise the
   * milliseconds to wait, and nothing was started.
   */
  begin(email: string, address: string): number {
    const waitMs = this.retryAfterMs(email, address);
    if (waitMs === 0) this.pending.set(address, (this.pending.get(address) ?? 0) + 1);
    return waitMs;
  }

  /** Ends an attempt started by `begin`; 'error' (the check itself failed) counts neither way. */
  finish(email: string, address: string, outcome: 'failure' | 'success' | 'error'): void {
    const left = (this.pending.get(address) ?? 1) - 1;
    if (left <= 0) this.pending.delete(address);
    else this.pending.set(address, left);
    if (outcome === 'failure') this.recordFailure(email, address);
    else if (outcome === 'success') this.recordSuccess(email, address);
  }

  recordFailure(email: string, address: string): void {
    const now = this.now();
    this.pairs.recordFailure(this.pairKey(email, address), now);
    this.addresses.recordFailure(address, now);
  }

  recordSuccess(email: string, address: string): void {
    this.pairs.forget(this.pairKey(email, address));
  }

  /** How many records are kept (for tests of the memory bound). */
  get size(): number {
    return this.pairs.size + this.addresses.size;
  }
}
