import Bottleneck from 'bottleneck';
import type { Redis } from 'ioredis';
import type { WebhookDeliveryRecord, WebhookRepository } from '../data/repositories/index.ts';
import type { Logger } from '../shared/logger.ts';
import type { Resolver } from './address-guard.ts';
import { postWebhook } from './send.ts';
import { signPayload, SIGNATURE_HEADER } from './signature.ts';

export interface WebhookWorkerSettings {
  /** How often the outbox and the due deliveries are looked at. */
  pollMs: number;
  /** First retry delay; each further failure doubles it (with jitter), up to `maxRetryDelayMs`. */
  retryBaseMs: number;
  maxRetryDelayMs: number;
  /** Retries stop this long after the event (a day by default). */
  retryForMs: number;
  /** A receiver that has not answered by then counts as a failure. */
  timeoutMs: number;
  /** Per endpoint: requests in flight at once, and the least time between two starts (throttling). */
  maxConcurrentPerEndpoint: number;
  minTimeBetweenMs: number;
  /** Allow loopback, private, link-local and metadata addresses (tests); off, every delivery checks. */
  allowPrivateNetworks: boolean;
}

export interface WebhookWorkerDeps {
  webhooks: WebhookRepository;
  settings: WebhookWorkerSettings;
  logger: Logger;
  /** With Redis, each endpoint's throttle is shared by every node (bottleneck's ioredis datastore). */
  redis?: Redis | null;
  /** Counts attempts by outcome (server/http/metrics.ts). */
  onAttempt?: (outcome: 'delivered' | 'failed' | 'gave_up') => void;
  now?: () => Date;
  /** Name resolution for the address check (tests resolve names to chosen addresses). */
  resolver?: Resolver;
}

export interface WebhookWorker {
  /** One pass: fan out new events, start every due delivery. Resolves when those deliveries finished. */
  tick(): Promise<void>;
  close(): Promise<void>;
}

/** Exponential backoff with ±20% jitter, so receivers recovering from an outage are not hit in lockstep. */
export function retryDelayMs(attempts: number, baseMs: number, maxMs: number, random = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential * (0.8 + 0.4 * random()));
}

/**
 * The delivery worker: reads the outbox, creates one delivery per subscribed endpoint, and posts each one,
 * signed, throttled per endpoint, retried with backoff. Every state lives in the database, so a node that
 * crashes loses nothing: another node (or the same after restart) finds the deliveries still pending. A
 * delivery is at-least-once: receivers deduplicate by the event's `id` (docs/webhooks.md).
 */
export function startWebhookWorker(deps: WebhookWorkerDeps): WebhookWorker {
  const { webhooks, settings, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const connection = deps.redis == null ? null : new Bottleneck.IORedisConnection({ client: deps.redis });
  const limiters = new Bottleneck.Group({
    maxConcurrent: settings.maxConcurrentPerEndpoint,
    minTime: settings.minTimeBetweenMs,
    // A job stuck past this is dropped from the limiter (the delivery's lock then lapses and it is retried).
    expiration: settings.timeoutMs * 2,
    id: 'concierge-webhooks',
    ...(connection === null ? {} : { datastore: 'ioredis' as const, connection, clearDatastore: false }),
  });
  const lockMs = settings.timeoutMs * 3 + settings.pollMs;
  const inFlight = new Set<Promise<void>>();
  let closed = false;
  let running: Promise<void> | null = null;

  async function attempt(delivery: WebhookDeliveryRecord): Promise<void> {
    const [event, endpoint, secret] = await Promise.all([
      webhooks.findEvent(delivery.eventId),
      webhooks.findEndpoint(delivery.endpointId),
      webhooks.endpointSecret(delivery.endpointId),
    ]);
    const at = now();
    if (event === null || endpoint === null || secret === null || !endpoint.active) {
      await webhooks.markAttemptFailed(
        delivery.id,
        { statusCode: null, error: 'endpoint removed or disabled', nextAttemptAt: at, giveUp: true },
        at,
      );
      deps.onAttempt?.('gave_up');
      return;
    }
    const body = JSON.stringify({
      id: event.id,
      type: event.type,
      occurredAt: event.occurredAt,
      data: event.data,
    });
    const timestamp = Math.floor(at.getTime() / 1000);
    let statusCode: number | null = null;
    let error: string;
    try {
      statusCode = await postWebhook(
        endpoint.url,
        {
          'Content-Type': 'application/json',
          'User-Agent': 'Concierge-Webhooks/1',
          'Concierge-Event-Id': event.id,
          'Concierge-Event-Type': event.type,
          [SIGNATURE_HEADER]: signPayload(secret, timestamp, body),
        },
        body,
        {
          timeoutMs: settings.timeoutMs,
          allowPrivateNetworks: settings.allowPrivateNetworks,
          ...(deps.resolver ? { resolver: deps.resolver } : {}),
        },
      );
      if (statusCode >= 200 && statusCode < 300) {
        await webhooks.markDelivered(delivery.id, statusCode, now());
        deps.onAttempt?.('delivered');
        return;
      }
      error = `HTTP ${statusCode}`;
    } catch (cause) {
      const { name, message } = cause as Error;
      error =
        name === 'TimeoutError' || name === 'ForbiddenAddressError' ? message : `request failed (${message})`;
    }
    const failedAt = now();
    const nextAttemptAt = new Date(
      failedAt.getTime() +
        retryDelayMs(delivery.attempts + 1, settings.retryBaseMs, settings.maxRetryDelayMs),
    );
    const giveUp = nextAttemptAt.getTime() > delivery.expiresAt.getTime();
    await webhooks.markAttemptFailed(delivery.id, { statusCode, error, nextAttemptAt, giveUp }, failedAt);
    deps.onAttempt?.(giveUp ? 'gave_up' : 'failed');
    logger.debug(
      { deliveryId: delivery.id, endpointId: delivery.endpointId, error, giveUp },
      'webhook attempt failed',
    );
  }

  async function pass(): Promise<void> {
    for (const event of await webhooks.eventsToFanOut(200)) {
      await webhooks.fanOut(event, await webhooks.endpointsFor(event.type), now(), settings.retryForMs);
    }
    // Bounded per pass, so one pass cannot claim an unbounded backlog into memory.
    const started: Promise<void>[] = [];
    for (let count = 0; count < 500 && !closed; count += 1) {
      const delivery = await webhooks.claimDue(now(), lockMs);
      if (delivery === null) break;
      const job = limiters
        .key(delivery.endpointId)
        .schedule(() => attempt(delivery))
        .catch((error: unknown) =>
          logger.error({ err: error, deliveryId: delivery.id }, 'webhook delivery crashed'),
        );
      inFlight.add(job);
      void job.finally(() => inFlight.delete(job));
      started.push(job);
    }
    await Promise.all(started);
  }

  const tick = () => {
    running ??= pass()
      .catch((error: unknown) => logger.error({ err: error }, 'webhook worker pass failed'))
      .finally(() => {
        running = null;
      });
    return running;
  };

  // The timer does not wait for slow receivers: a pass already running is joined, not doubled.
  const timer = setInterval(() => void tick(), settings.pollMs);
  timer.unref();

  return {
    tick,
    async close() {
      closed = true;
      clearInterval(timer);
      await running;
      await Promise.allSettled([...inFlight]);
      await limiters.disconnect?.(false);
    },
  };
}
