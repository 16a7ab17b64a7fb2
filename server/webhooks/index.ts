import type { Redis } from 'ioredis';
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
}): { worker: WebhookWorker; close(): Promise<void> } {
  const detach = attachWebhookOutbox(deps.events, deps.repositories.webhooks, deps.logger);
  const worker = startWebhookWorker({
    webhooks: deps.repositories.webhooks,
    settings: deps.config.webhooks,
    logger: deps.logger,
    redis: deps.redis,
    onAttempt: deps.onAttempt,
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
