import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { connectDatabase, type Database } from '../../server/data/connection.ts';
import { createRepositories, type Repositories } from '../../server/data/repositories/index.ts';
import { startEngineProcess, startServerProcess, waitUntilReady, type ServerProcess } from './processes.ts';

export interface TwoNodeOptions {
  /** Names this run's database, data directory and token secret (`two-nodes`, `hot-reload`). */
  name: string;
  /** More settings, for both nodes. */
  env?: Record<string, string>;
  /**
   * Each node its own data directory (`a/` and `b/`), so nothing passes between them by file, and node B starts
   * only once node A is ready (waiting this many tries of /readyz for each), so they do not both train the
   * start-up model. Without it the nodes share one directory: node A trains the model if needed and saves it
   * before it listens, and node B loads it.
   */
  ownDataDirs?: { readyAttempts: number };
}

/**
 * Two server processes run as `npm start` against one `npm run db` engine and the machine's Redis
 * (127.0.0.1:6379), with this run's own database name, Redis database, channel prefix, secret and data
 * directory, so runs side by side do not meet. Made in the describe block; `before` calls `start()`, `after`
 * `stop()`, which also stops a start still under way (a hook that timed out), so no process is left behind.
 */
export class TwoNodes {
  /** The TOKEN_SECRET both nodes verify tokens with. */
  readonly secret: string;
  nodeA!: ServerProcess;
  nodeB!: ServerProcess;
  /** This run's database, as the nodes see it. */
  database!: Database;
  repositories!: Repositories;
  private readonly redisDb = String(1 + Math.floor(Math.random() * 14));
  private readonly dbName: string;
  private engine: { uri: string; child: ChildProcess } | undefined;
  private dataDir: string | undefined;
  private readonly started: ServerProcess[] = [];
  private stopped = false;

  constructor(private readonly options: TwoNodeOptions) {
    this.secret = `${options.name}-${randomBytes(24).toString('hex')}`;
    this.dbName = `concierge_${options.name.replaceAll('-', '_')}_${randomBytes(4).toString('hex')}`;
  }

  async start(): Promise<void> {
    this.engine = await startEngineProcess();
    await this.unlessStopped();
    this.dataDir = await mkdtemp(path.join(tmpdir(), `concierge-${this.options.name}-`));
    await this.unlessStopped();
    const env = {
      MONGODB_URI: this.engine.uri,
      DB_NAME: this.dbName,
      REDIS_URL: `redis://127.0.0.1:6379/${this.redisDb}`,
      // Pub/sub channels ignore the db number: this run's own prefix keeps other runs' broadcasts out.
      REDIS_CHANNEL_PREFIX: `test-${randomBytes(4).toString('hex')}`,
      TOKEN_SECRET: this.secret,
      SEED_DEMO_DATA: 'false',
      ROUTING_MODE: 'manual',
      LOG_LEVEL: 'warn',
      ...this.options.env,
    };
    const own = this.options.ownDataDirs;
    if (own === undefined) {
      this.nodeA = await this.startNode({ ...env, DATA_DIR: this.dataDir });
      this.nodeB = await this.startNode({ ...env, DATA_DIR: this.dataDir });
      await Promise.all([waitUntilReady(this.nodeA.url), waitUntilReady(this.nodeB.url)]);
    } else {
      this.nodeA = await this.startNode({ ...env, DATA_DIR: path.join(this.dataDir, 'a') });
      await waitUntilReady(this.nodeA.url, own.readyAttempts);
      this.nodeB = await this.startNode({ ...env, DATA_DIR: path.join(this.dataDir, 'b') });
      await waitUntilReady(this.nodeB.url, own.readyAttempts);
    }
    this.database = await connectDatabase(this.engine.uri, { dbName: this.dbName });
    await this.unlessStopped();
    this.repositories = createRepositories(this.database.models);
  }

  /** Stops the nodes and the engine, empties this run's Redis database and removes the data directory. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.release();
  }

  private async release(): Promise<void> {
    await Promise.all(this.started.map((node) => node.stop()));
    await this.database?.close();
    this.engine?.child.kill('SIGTERM');
    const redis = new Redis(`redis://127.0.0.1:6379/${this.redisDb}`);
    await redis.flushdb().catch(() => {});
    redis.disconnect();
    if (this.dataDir) await rm(this.dataDir, { recursive: true, force: true });
  }

  private async startNode(env: Record<string, string>): Promise<ServerProcess> {
    const node = await startServerProcess(env);
    this.started.push(node);
    await this.unlessStopped();
    return node;
  }

  /**
   * stop() ran while start() was still under way (its hook timed out, so mocha went on to `after`): what start()
   * made since is released now, or a node left running would keep mocha from exiting.
   */
  private async unlessStopped(): Promise<void> {
    if (!this.stopped) return;
    await this.release();
    throw new Error('the two nodes were stopped while they started');
  }
}
