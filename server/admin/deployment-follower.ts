import type { Redis } from 'ioredis';
import type { Logger } from '../shared/logger.ts';
import { DEPLOYED_CHANNEL, type MaterialisedModel, type ModelDeployments } from './deployments.ts';

export interface FollowerOptions {
  deployments: ModelDeployments;
  /** Loads the model into this node's chat (the NLP worker's hot reload) and swaps the intents' responses. */
  apply: (model: MaterialisedModel) => Promise<void>;
  logger: Logger;
  /** Redis for the announcements of other nodes' deploys (a subscriber connection is duplicated from it). */
  redis?: Redis | null;
  /** How often to look at the deployment anyway (a missed announcement, no Redis); 0: never. */
  pollMs?: number;
}

/**
 * Keeps this node on the deployed model: at start, on every announcement (this node's deploys, and other
 * nodes' through Redis pub/sub), and on a slow poll as a safety net. Syncs run one at a time.
 */
export async function followDeployments(options: FollowerOptions) {
  const { deployments, logger } = options;
  let appliedRevision = 0;
  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;

  const syncOnce = async () => {
    const deployment = await deployments.current();
    if (deployment === null || deployment.revision <= appliedRevision) return;
    const model = await deployments.materialise(deployment.modelVersionId);
    await options.apply(model);
    appliedRevision = deployment.revision;
    logger.info({ modelVersion: model.versionId, revision: deployment.revision }, 'deployed model loaded');
  };

  const sync = (): Promise<void> => {
    if (closed) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await syncOnce();
        } while (again && !closed);
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const syncLogged = () =>
    void sync().catch((error: unknown) => logger.error({ err: error }, 'loading the deployed model failed'));

  const unsubscribeLocal = deployments.onDeployed(syncLogged);
  let subscriber: Redis | null = null;
  if (options.redis) {
    subscriber = options.redis.duplicate();
    subscriber.on('message', (channel: string) => {
      if (channel === DEPLOYED_CHANNEL) syncLogged();
    });
    subscriber.on('error', (error: Error) =>
      logger.warn({ err: error }, 'deploy announcements: Redis error'),
    );
    await subscriber.subscribe(DEPLOYED_CHANNEL);
  }
  const timer = (options.pollMs ?? 30_000) > 0 ? setInterval(syncLogged, options.pollMs ?? 30_000) : null;
  timer?.unref();
  await sync().catch((error: unknown) => logger.error({ err: error }, 'loading the deployed model failed'));

  return {
    sync,
    appliedRevision: () => appliedRevision,
    async close() {
      closed = true;
      unsubscribeLocal();
      if (timer) clearInterval(timer);
      if (subscriber) await subscriber.quit().catch(() => {});
      await running?.catch(() => {});
    },
  };
}
