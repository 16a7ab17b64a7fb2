import Bottleneck from 'bottleneck';
import type { Redis } from 'ioredis';

export interface RateLimit {
  /** Messages admitted at once from a full bucket. */
  burst: number;
  /** Messages added back to the bucket every second, up to `burst`. */
  refillPerSecond: number;
}

export interface MessageRateLimiterOptions {
  perVisitor: RateLimit;
  perIp: RateLimit;
  /** New visitors (a handshake without a token creates a visitor and a contact) per address. */
  newVisitorsPerIp?: RateLimit;
  /** `history:fetch` requests (each a database read of up to 100 messages), per visitor and per address. */
  historyPerVisitor?: RateLimit;
  historyPerIp?: RateLimit;
  /** When given, buckets live in Redis so every node of a cluster shares them. Must not be lazyConnect. */
  redis?: Redis | null;
  /** Bounds how long one bucket operation may take (a stalled Redis must not stall the chat). */
  operationTimeoutMs?: number;
  /** Called when a bucket operation fails or times out; the message is then admitted (fail open). */
  onError?: (error: unknown) => void;
  /** Prefix of the Redis keys, so two deployments on one Redis do not share buckets. */
  keyPrefix?: string;
}

// One visitor typing fast, or pasting a few lines, stays under 50; a script flooding hundreds does not.
// New visitors: an office or a mobile carrier behind one address opens many chats, but not a hundred at once
// and then one a second for long; a script that reconnects without its token would fill the contacts.
// History: a widget fetches a page or a few after each (re)connect; 2,000 fetches from one visitor slowed
// everyone's chat (another visitor's ack from 4 ms to 3 s), so each costs a token like a message does.
export const DEFAULT_RATE_LIMITS: Readonly<
  Required<
    Pick<
      MessageRateLimiterOptions,
      'perVisitor' | 'perIp' | 'newVisitorsPerIp' | 'historyPerVisitor' | 'historyPerIp'
    >
  >
> = Object.freeze({
  perVisitor: { burst: 50, refillPerSecond: 2 },
  perIp: { burst: 300, refillPerSecond: 20 },
  newVisitorsPerIp: { burst: 100, refillPerSecond: 1 },
  historyPerVisitor: { burst: 30, refillPerSecond: 2 },
  historyPerIp: { burst: 300, refillPerSecond: 20 },
});

/** The limits a gateway is configured with (the Redis and timeout settings aside). */
export type VisitorRateLimits = Pick<
  MessageRateLimiterOptions,
  'perVisitor' | 'perIp' | 'newVisitorsPerIp' | 'historyPerVisitor' | 'historyPerIp'
>;

export interface MessageRateLimiter {
  /** True when both the address's and the visitor's buckets had room. */
  admit(visitorId: string, ip: string): Promise<boolean>;
  /** True when the address may create one more visitor now. */
  admitNewVisitor(ip: string): Promise<boolean>;
  /** True when both the address's and the visitor's history buckets had room. */
  admitHistory(visitorId: string, ip: string): Promise<boolean>;
  close(): Promise<void>;
}

export function createMessageRateLimiter(options: MessageRateLimiterOptions): MessageRateLimiter {
  // Bottleneck's disconnect() closes the client it was given: it gets its own duplicate, so closing the limiter
  // never closes the caller's connection.
  const connection = options.redis
    ? new Bottleneck.IORedisConnection({ client: options.redis.duplicate() })
    : null;
  const prefix = options.keyPrefix ?? 'concierge';
  const timeoutMs = options.operationTimeoutMs ?? 2_000;
  const onError = options.onError ?? (() => {});
  const addresses = createBuckets(createGroup(`${prefix}-ip`, options.perIp, connection), timeoutMs, onError);
  const visitors = createBuckets(
    createGroup(`${prefix}-visitor`, options.perVisitor, connection),
    timeoutMs,
    onError,
  );
  const newVisitors = createBuckets(
    createGroup(
      `${prefix}-new-visitor`,
      options.newVisitorsPerIp ?? DEFAULT_RATE_LIMITS.newVisitorsPerIp,
      connection,
    ),
    timeoutMs,
    onError,
  );

  const historyAddresses = createBuckets(
    createGroup(`${prefix}-history-ip`, options.historyPerIp ?? DEFAULT_RATE_LIMITS.historyPerIp, connection),
    timeoutMs,
    onError,
  );
  const historyVisitors = createBuckets(
    createGroup(
      `${prefix}-history-visitor`,
      options.historyPerVisitor ?? DEFAULT_RATE_LIMITS.historyPerVisitor,
      connection,
    ),
    timeoutMs,
    onError,
  );

  return {
    async admit(visitorId, ip) {
      // The address is checked first: a flood spread over many forged visitors still drains one bucket.
      if (!(await addresses.take(ip))) return false;
      return visitors.take(visitorId);
    },
    admitNewVisitor(ip) {
      return newVisitors.take(ip);
    },
    async admitHistory(visitorId, ip) {
      if (!(await historyAddresses.take(ip))) return false;
      return historyVisitors.take(visitorId);
    },
    async close() {
      await Promise.all([
        addresses.close(),
        visitors.close(),
        newVisitors.close(),
        historyAddresses.close(),
        historyVisitors.close(),
      ]);
      await connection?.disconnect(false);
    },
  };
}

function createGroup(
  id: string,
  limit: RateLimit,
  connection: Bottleneck.IORedisConnection | null,
): Bottleneck.Group {
  return new Bottleneck.Group({
    id,
    reservoir: limit.burst,
    reservoirIncreaseAmount: limit.refillPerSecond,
    reservoirIncreaseInterval: 1_000,
    reservoirIncreaseMaximum: limit.burst,
    ...(connection ? { datastore: 'ioredis', connection, clearDatastore: false, timeout: 10 * 60_000 } : {}),
  });
}

interface Waiter {
  resolve: (admitted: boolean) => void;
}

// Bottleneck is used as a token bucket (its reservoir), not as a job queue: every datastore operation of
// bottleneck yields to a timer, so scheduling one job per message serialises a busy key at ~2.5 ms a message
// (measured: 1,000 concurrent admissions through one key took 2.6 s). Instead, the requests that arrive while
// a key's operation is in flight are answered together by the next single `incrementReservoir(-n)`. A
// negative result means the bucket could only cover part of the batch: the rest is refused and given back.
// Concurrent nodes can only push the result lower, so a cluster may under-admit briefly, never over-admit.
function createBuckets(group: Bottleneck.Group, timeoutMs: number, onError: (error: unknown) => void) {
  const waiting = new Map<string, Waiter[]>();
  const busy = new Set<string>();

  async function settle(key: string): Promise<void> {
    const batch = waiting.get(key) ?? [];
    waiting.delete(key);
    if (batch.length === 0) {
      busy.delete(key);
      return;
    }
    let granted = batch.length;
    try {
      const limiter = group.key(key);
      const left = await withTimeout(limiter.incrementReservoir(-batch.length), timeoutMs);
      if (typeof left === 'number' && left < 0) {
        granted = Math.max(0, batch.length + left);
        await withTimeout(limiter.incrementReservoir(batch.length - granted), timeoutMs);
      }
    } catch (error) {
      onError(error);
    }
    batch.forEach((waiter, index) => waiter.resolve(index < granted));
    await settle(key);
  }

  return {
    take(key: string): Promise<boolean> {
      return new Promise<boolean>((resolve) => {
        const queue = waiting.get(key);
        if (queue) queue.push({ resolve });
        else waiting.set(key, [{ resolve }]);
        if (!busy.has(key)) {
          busy.add(key);
          void settle(key);
        }
      });
    },
    async close(): Promise<void> {
      await Promise.all(group.limiters().map(({ limiter }) => limiter.disconnect(false)));
      await group.disconnect(false);
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`rate limit store did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The same limiter, counting each refusal by limit for /metrics (`concierge_rate_limited_total`). */
export function countingRefusals(
  limiter: MessageRateLimiter,
  refusals: { inc(labels: { limit: string }): void },
): MessageRateLimiter {
  const counted = (limit: string, admit: () => Promise<boolean>): Promise<boolean> =>
    admit().then((admitted) => {
      if (!admitted) refusals.inc({ limit });
      return admitted;
    });
  return {
    admit: (visitorId, ip) => counted('visitor_message', () => limiter.admit(visitorId, ip)),
    admitNewVisitor: (ip) => counted('new_visitor', () => limiter.admitNewVisitor(ip)),
    admitHistory: (visitorId, ip) => counted('history', () => limiter.admitHistory(visitorId, ip)),
    close: () => limiter.close(),
  };
}
