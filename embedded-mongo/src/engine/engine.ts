import type { Storage } from '../storage/types.ts';
import { Catalog } from './catalog.ts';
import { CursorRegistry } from './cursors.ts';
import { FailPoints } from './fail-points.ts';
import { SessionRegistry } from './sessions.ts';
import { sweepExpired } from './ttl.ts';

export interface EngineOptions {
  storage: Storage;
  cursorTimeoutMs?: number;
  ttlSweepMs?: number;
  /** Enables test-only commands (configureFailPoint), as mongod's enableTestCommands does. */
  enableTestCommands?: boolean;
  onError?: (error: unknown, context: string) => void;
}

/**
 * The engine's state and its durability: commands mutate the catalog synchronously, then `commit()`
 * hands the records they produced to storage, and the reply waits for it.
 */
export class Engine {
  readonly catalog = new Catalog();
  readonly cursors: CursorRegistry;
  readonly startedAt = Date.now();
  /** Kept by the server; reported by serverStatus. */
  readonly connections = { current: 0, totalCreated: 0 };
  readonly sessions = new SessionRegistry();
  /** Present only when test commands are enabled. */
  readonly failPoints: FailPoints | undefined;
  readonly #storage: Storage;
  readonly #ttlSweepMs: number;
  readonly #onError: (error: unknown, context: string) => void;
  #ttlTimer: NodeJS.Timeout | undefined;
  #compacting: Promise<void> | undefined;
  #sweeping = false;

  constructor(options: EngineOptions) {
    this.#storage = options.storage;
    this.cursors = new CursorRegistry(options.cursorTimeoutMs);
    this.#ttlSweepMs = options.ttlSweepMs ?? 60_000;
    this.#onError = options.onError ?? (() => {});
    this.failPoints = options.enableTestCommands ? new FailPoints() : undefined;
  }

  async open(): Promise<void> {
    this.catalog.replay(await this.#storage.open());
    // The same tick reaps idle cursors: a client that stops reading never sends getMore or killCursors.
    this.#ttlTimer = setInterval(() => {
      this.cursors.reapIdle();
      void this.sweepTtl();
    }, this.#ttlSweepMs);
    this.#ttlTimer.unref();
  }

  /** Makes the records of the writes done so far durable. */
  async commit(): Promise<void> {
    const records = this.catalog.takePending();
    if (records.length === 0) return;
    await this.#storage.append(records);
    this.#maybeCompact();
  }

  #maybeCompact(): void {
    if (this.#compacting || !this.#storage.shouldCompact(this.catalog.liveRecordCount())) return;
    // The snapshot is taken when storage asks for it; later writes are appended after it.
    this.#compacting = this.#storage
      .compact(() => this.catalog.snapshot())
      .catch((error: unknown) => this.#onError(error, 'compaction'))
      .finally(() => (this.#compacting = undefined));
  }

  /** Runs one TTL pass now; returns the number of documents removed. */
  async sweepTtl(): Promise<number> {
    if (this.#sweeping) return 0;
    this.#sweeping = true;
    try {
      const removed = sweepExpired(this.catalog);
      await this.commit();
      return removed;
    } catch (error) {
      this.#onError(error, 'ttl sweep');
      return 0;
    } finally {
      this.#sweeping = false;
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#ttlTimer);
    this.cursors.clear();
    await this.#compacting;
    await this.commit();
    await this.#storage.close();
  }
}
