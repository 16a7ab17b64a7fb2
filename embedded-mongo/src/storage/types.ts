import type { Document } from 'bson';

/**
 * The engine keeps every collection in memory; durability comes from replaying these records.
 * Records describe *effects*, not commands, so replay needs no query logic and is idempotent:
 * `put` carries the whole document as it is after the write.
 */
export type JournalRecord =
  | { op: 'put'; db: string; coll: string; doc: Document }
  | { op: 'delete'; db: string; coll: string; id: unknown }
  | { op: 'createCollection'; db: string; coll: string; options: Document }
  | { op: 'dropCollection'; db: string; coll: string }
  | { op: 'createIndex'; db: string; coll: string; spec: Document }
  | { op: 'dropIndex'; db: string; coll: string; name: string }
  | { op: 'dropDatabase'; db: string };

/** Where the engine's state lives between restarts. */
export interface Storage {
  /** Acquires the data directory (lock file) and returns every record to replay, oldest first. */
  open(): Promise<JournalRecord[]>;
  /**
   * Appends one command's records as one atomic unit. Resolves only once they are on disk
   * (fsync); concurrent calls share one write + fsync (group commit).
   */
  append(records: JournalRecord[]): Promise<void>;
  /** Rewrites the journal as `snapshot()` (the live state) through a temp file + rename. */
  compact(snapshot: () => Iterable<JournalRecord>): Promise<void>;
  /** Whether the journal has grown enough, relative to the live state, to be worth compacting. */
  shouldCompact(liveRecordCount: number): boolean;
  /** Flushes pending appends, releases the lock. */
  close(): Promise<void>;
}
