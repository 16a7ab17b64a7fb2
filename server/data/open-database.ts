import path from 'node:path';
import { startEmbeddedMongo } from '../../embedded-mongo/index.ts';
import { readRunningEngine } from '../../embedded-mongo/src/storage/lock-file.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../shared/logger.ts';
import { connectDatabase, type Database } from './connection.ts';

export interface OpenedDatabase {
  database: Database;
  /** Where it lives, with credentials removed, for people to read. */
  description: string;
  /** Closes the connection, then stops the embedded engine if this process started it. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /**
   * For command-line tools: when a server already runs the embedded engine on this data directory, connect
   * to it instead of opening the directory (which its lock forbids while the server runs).
   */
  reuseRunningEngine?: boolean;
  ensureIndexes?: boolean;
  /** Have the driver report every command's duration (the server's /metrics); tools leave it off. */
  monitorCommands?: boolean;
  /** Called if the embedded engine's thread dies while open: the database is gone, so the caller should stop. */
  onEngineCrash?: (error: Error) => void;
}

export function engineDataDir(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'db');
}

function withoutCredentials(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}

/** MONGODB_URI when set; otherwise the embedded engine on `<DATA_DIR>/db`. */
export async function openDatabase(
  config: Pick<Config, 'mongodbUri' | 'dbName' | 'dataDir'>,
  logger: Logger,
  options: OpenDatabaseOptions = {},
): Promise<OpenedDatabase> {
  const connect = (uri: string) =>
    connectDatabase(uri, {
      dbName: config.dbName,
      ensureIndexes: options.ensureIndexes,
      monitorCommands: options.monitorCommands ?? false,
    });

  if (config.mongodbUri !== undefined) {
    const database = await connect(config.mongodbUri);
    return { database, description: withoutCredentials(config.mongodbUri), close: () => database.close() };
  }

  const dir = engineDataDir(config);
  if (options.reuseRunningEngine === true) {
    const running = await readRunningEngine(dir);
    if (running !== null) {
      const database = await connect(running.uri);
      return {
        database,
        description: `embedded engine of the running server (${running.uri})`,
        close: () => database.close(),
      };
    }
  }

  // On its own thread, as a separate mongod would be: the chat's event loop and the database use two cores.
  const engine = await startEmbeddedMongo({
    dataDir: dir,
    logger: logger.child({ component: 'embedded-mongo' }),
    thread: 'worker',
    ...(options.onEngineCrash ? { onCrash: options.onEngineCrash } : {}),
  });
  try {
    const database = await connect(engine.uri);
    return {
      database,
      description: `embedded engine on ${dir} (${engine.uri})`,
      async close() {
        try {
          await database.close();
        } finally {
          await engine.stop();
        }
      },
    };
  } catch (error) {
    await engine.stop();
    throw error;
  }
}
