import { Long } from 'bson';
import type { Document } from 'bson';

import { Codes, MongoCommandError } from '../errors.ts';
import { encodedSize } from './sizes.ts';

export const DEFAULT_FIRST_BATCH = 101;
// Leave room in the 16 MB reply for the envelope around the batch.
const MAX_BATCH_BYTES = 16 * 1024 * 1024 - 64 * 1024;

interface OpenCursor {
  id: Long;
  ns: string;
  docs: Document[];
  position: number;
  lastUsed: number;
}

export interface Batch {
  batch: Document[];
  /** Long zero once exhausted. */
  id: Long;
}

/**
 * Open cursors: results are materialized when the query runs, and each getMore hands out the next slice.
 * Idle cursors are reaped after `idleTimeoutMs` (MongoDB: 10 minutes).
 */
export class CursorRegistry {
  readonly #cursors = new Map<string, OpenCursor>();
  readonly #idleTimeoutMs: number;
  #nextId = 1n;

  constructor(idleTimeoutMs = 10 * 60_000) {
    this.#idleTimeoutMs = idleTimeoutMs;
  }

  get size(): number {
    return this.#cursors.size;
  }

  #slice(docs: Document[], from: number, batchSize: number | undefined): Document[] {
    const max = batchSize && batchSize > 0 ? batchSize : Infinity;
    const batch: Document[] = [];
    let bytes = 0;
    for (let i = from; i < docs.length && batch.length < max; i++) {
      const doc = docs[i]!;
      // The first document always goes; sizes matter only once a second one would join it.
      if (batch.length > 0) {
        if (batch.length === 1) bytes = encodedSize(batch[0]!);
        bytes += encodedSize(doc);
        if (bytes > MAX_BATCH_BYTES) break;
      }
      batch.push(doc);
    }
    return batch;
  }

  /** The first batch of a result; a cursor stays open only if documents remain. */
  open(ns: string, docs: Document[], batchSize: number | undefined, singleBatch = false): Batch {
    this.reapIdle();
    const size = batchSize === undefined ? DEFAULT_FIRST_BATCH : batchSize;
    const batch = size === 0 ? [] : this.#slice(docs, 0, size);
    if (singleBatch || batch.length >= docs.length) return { batch, id: Long.ZERO };
    const id = Long.fromBigInt(this.#nextId++);
    this.#cursors.set(id.toString(), { id, ns, docs, position: batch.length, lastUsed: Date.now() });
    return { batch, id };
  }

  getMore(id: Long, ns: string, batchSize: number | undefined): Batch {
    this.reapIdle();
    const cursor = this.#cursors.get(id.toString());
    if (!cursor) throw new MongoCommandError(Codes.CursorNotFound, `cursor id ${id.toString()} not found`);
    if (cursor.ns !== ns) {
      throw new MongoCommandError(
        Codes.Unauthorized,
        `Requested getMore on namespace '${ns}', but cursor belongs to a different namespace ${cursor.ns}`,
      );
    }
    const batch = this.#slice(cursor.docs, cursor.position, batchSize);
    cursor.position += batch.length;
    cursor.lastUsed = Date.now();
    if (cursor.position >= cursor.docs.length) {
      this.#cursors.delete(id.toString());
      return { batch, id: Long.ZERO };
    }
    return { batch, id: cursor.id };
  }

  kill(id: Long): boolean {
    return this.#cursors.delete(id.toString());
  }

  reapIdle(now = Date.now()): void {
    for (const [key, cursor] of this.#cursors) {
      if (now - cursor.lastUsed > this.#idleTimeoutMs) this.#cursors.delete(key);
    }
  }

  clear(): void {
    this.#cursors.clear();
  }
}
