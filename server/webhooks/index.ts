import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import { operatorMetrics } from '../shared/operator-metrics.ts';
import type { ResolvedConfig } from '../config.ts';
import type { Repositories } from '../data/repositories/index.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { Logger } from '../shared/logger.ts';
import { attachWebhookOutbox } from './outbox.ts';
import { startWebhookWorker, type WebhookWorker, type WebhookWorkerDeps } from './worker.ts';

/** Outbox writer plus delivery worker, as server/index.ts runs them. */
export function startWebhooks(deps: {
  config: Pick<ResolvedConfig, 'webhooks'>;
  logger: Logger;
  repositories: Pick<Repositories, 'webhooks'>;
  events: EventBus;
  redis?: Redis | null;
  onAttempt?: WebhookWorkerDeps['onAttempt'];
  /** Attempts are counted by outcome into `concierge_webhook_attempts_total` of this registry. */
  metrics?: Registry;
}): { worker: WebhookWorker; close(): Promise<void> } {
  const counters = deps.metrics ? operatorMetrics(deps.metrics) : null;
  const detach = attachWebhookOutbox(deps.events, deps.repositories.webhooks, deps.logger);
  const worker = startWebhookWorker({
    webhooks: deps.repositories.webhooks,
    settings: deps.config.webhooks,
    logger: deps.logger,
    redis: deps.redis,
    onAttempt: (outcome) => {
      deps.onAttempt?.(outcome);
      counters?.webhookAttempts.inc({ outcome });
    },
  });
  return {
    worker,
    async close() {
      detach();
      // Events emitted just before shutdown reach the outbox before the worker stops.
      await deps.events.drain();
      await worker.close();
    },
  };
}
