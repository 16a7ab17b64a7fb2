import { Engine } from './engine/engine.ts';
import { silentLogger } from './logger.ts';
import type { EmbeddedMongo, EmbeddedMongoOptions } from './options.ts';
import { WireServer } from './server.ts';
import { FileStorage } from './storage/file-storage.ts';
import { updateLockInfo } from './storage/lock-file.ts';
import { MemoryStorage } from './storage/memory-storage.ts';
import type { Storage } from './storage/types.ts';

/** Opens the storage, the engine and the wire server on the calling thread's event loop. */
export async function startOnThisThread(options: EmbeddedMongoOptions): Promise<EmbeddedMongo> {
  const host = options.host ?? '127.0.0.1';
  assertLoopback(host);
  const logger = options.logger ?? silentLogger;
  const storage: Storage = options.dataDir
    ? new FileStorage({ dir: options.dataDir, warn: (message) => logger.warn({}, message) })
    : new MemoryStorage();
  const engine = new Engine({
    storage,
    ttlSweepMs: options.ttlSweepMs,
    cursorTimeoutMs: options.cursorTimeoutMs,
    enableTestCommands: options.enableTestCommands,
    onError: (error, context) =>
      logger.error({ error: (error as Error).message }, `embedded-mongo ${context} failed`),
  });
  await engine.open();
  const server = new WireServer(engine, logger);
  let address: { host: string; port: number };
  try {
    address = await server.listen(options.port ?? 0, host);
    if (options.dataDir) await updateLockInfo(options.dataDir, { host, port: address.port });
  } catch (error) {
    await server.close().catch(() => {});
    await engine.close();
    throw error;
  }
  const uriHost = host.includes(':') ? `[${host}]` : host;
  const uri = `mongodb://${uriHost}:${address.port}/`;
  logger.info({ uri, dataDir: options.dataDir ?? null }, 'embedded-mongo listening');
  let stopping: Promise<void> | undefined;
  return {
    uri,
    port: address.port,
    stop() {
      stopping ??= (async () => {
        await server.close();
        await engine.close();
      })();
      return stopping;
    },
  };
}

/**
 * The engine has no authentication: it must not be reachable from other machines. Other local users can
 * still connect to a loopback port, which is why production uses MongoDB with authentication (README).
 */
export function assertLoopback(host: string): void {
  const loopback = host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
  if (!loopback) {
    throw new Error(
      `embedded-mongo listens on loopback addresses only (127.0.0.1, ::1 or localhost), not on "${host}": ` +
        'it has no authentication. Use MongoDB with authentication for anything reachable from a network.',
    );
  }
}
