import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Server as SocketServer } from 'socket.io';
import type { Logger } from './logger.ts';

/**
 * Several nodes: broadcasts (to rooms, to namespaces) reach sockets connected to every node through Redis
 * pub/sub. Returns the function that closes both Redis connections.
 */
export async function attachRedisAdapter(
  io: SocketServer,
  redisUrl: string,
  logger?: Logger,
): Promise<() => Promise<void>> {
  const pub = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
  const sub = pub.duplicate();
  // ioredis reconnects by itself; without a listener its errors would be printed raw or crash the process.
  for (const client of [pub, sub]) {
    client.on('error', (error: Error) => logger?.warn({ err: error.message }, 'redis connection error'));
  }
  const close = async () => {
    await Promise.allSettled([pub.quit(), sub.quit()]);
  };
  try {
    await Promise.all([pub.connect(), sub.connect()]);
  } catch (error) {
    pub.disconnect();
    sub.disconnect();
    throw error;
  }
  io.adapter(createAdapter(pub, sub));
  return close;
}
