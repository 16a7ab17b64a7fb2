import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Server as SocketServer } from 'socket.io';
import type { Logger } from './logger.ts';

/** One Redis client for the service's own use; fails start-up when Redis is unreachable. */
export async function connectRedis(redisUrl: string, logger?: Logger): Promise<Redis> {
  const client = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
  // ioredis reconnects by itself; without a listener its errors would be printed raw or crash the process.
  client.on('error', (error: Error) => logger?.warn({ err: error.message }, 'redis connection error'));
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw error;
  }
  return client;
}

/**
 * Several nodes: broadcasts (to rooms, to namespaces) reach sockets connected to every node through Redis
 * pub/sub. Returns the function that closes both Redis connections.
 */
export async function attachRedisAdapter(
  io: SocketServer,
  redisUrl: string,
  logger?: Logger,
  /** Pub/sub channels are shared by every database of a Redis server: deployments (and test runs) need their own. */
  channelPrefix = 'socket.io',
): Promise<() => Promise<void>> {
  const pub = await connectRedis(redisUrl, logger);
  let sub: Redis;
  try {
    sub = await connectRedis(redisUrl, logger);
  } catch (error) {
    pub.disconnect();
    throw error;
  }
  io.adapter(createAdapter(pub, sub, { key: channelPrefix }));
  return async () => {
    await Promise.allSettled([pub.quit(), sub.quit()]);
  };
}
