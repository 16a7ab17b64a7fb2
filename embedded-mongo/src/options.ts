import type { EngineLogger } from './logger.ts';

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
  /**
   * 'worker' runs the engine on its own thread (a worker_threads Worker with its own event loop and heap), so
   * the application and the database use two cores, as they do with a separate mongod. The driver reaches it
   * over TCP either way. Default 'current': the engine shares the caller's event loop.
   */
  thread?: 'current' | 'worker';
  /**
   * Called once if a worker-thread engine dies without being stopped (an uncaught error in the engine): the
   * database is gone, so the application should shut down. Ignored for 'current', where such an error is the
   * caller's own uncaught exception.
   */
  onCrash?: (error: Error) => void;
}

export interface EmbeddedMongo {
  /** `mongodb://127.0.0.1:<port>/`; append a database name. */
  uri: string;
  port: number;
  /** Closes connections, makes pending writes durable and releases the data directory. */
  stop(): Promise<void>;
}
