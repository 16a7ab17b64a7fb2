import { Engine } from './src/engine/engine.ts';
import { silentLogger } from './src/logger.ts';
import type { EngineLogger } from './src/logger.ts';
import { WireServer } from './src/server.ts';
import { FileStorage } from './src/storage/file-storage.ts';
import { updateLockInfo } from './src/storage/lock-file.ts';
import { MemoryStorage } from './src/storage/memory-storage.ts';
import type { Storage } from './src/storage/types.ts';

export type { EngineLogger } from './src/logger.ts';

export interface EmbeddedMongoOptions {
  /** Where the journal lives; without it the engine keeps everything in memory. */
  dataDir?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1: the engine has no authentication, so it should not face a network. */
  host?: string;
  logger?: EngineLogger;
  /** How often expired TTL documents are removed (default 60 s, as mongod). */
  ttlSweepMs?: number;
  /** How long an idle cursor lives (default 10 minutes, as mongod). */
  cursorTimeoutMs?: number;
  /** Enables test-only commands (`configureFailPoint` with `failCommand`), like mongod's enableTestCommands. */
  enableTestCommands?: boolean;
}

export interface EmbeddedMongo {
  /** `mongodb://127.0.0.1:<port>/`; append a database name. */
  uri: string;
  port: number;
  /** Closes connections, makes pending writes durable and releases the data directory. */
  stop(): Promise<void>;
}

/** Starts a MongoDB-wire-compatible server that the official driver and mongoose can use. */
export async function startEmbeddedMongo(options: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
  const host = options.host ?? '127.0.0.1';
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
