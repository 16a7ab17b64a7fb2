import type { Document } from 'bson';

import { compareBson, typeRank } from './bson-order.ts';

export interface IndexEntry {
  key: unknown[];
  id: string;
  doc: Document;
}

export interface Bound {
  value: unknown;
  inclusive: boolean;
}

function compareKeys(a: unknown[], b: unknown[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = compareBson(a[i], b[i]);
    if (c !== 0) return c;
  }
  return 0;
}

function compareEntries(a: IndexEntry, b: IndexEntry): number {
  const c = compareKeys(a.key, b.key);
  if (c !== 0) return c;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Index entries kept sorted by key (ascending whatever the declared direction: lookups do not care)
 * then by document id, so equality and range lookups are binary searches. An array with splice is
 * fast enough at the engine's scale (10^5 entries): inserts move memory, lookups never scan.
 */
export class SortedIndex {
  #entries: IndexEntry[] = [];

  get size(): number {
    return this.#entries.length;
  }

  /** Position of the first entry not less than `target` (by `cmp`). */
  #lowerBound(cmp: (entry: IndexEntry) => number): number {
    let lo = 0;
    let hi = this.#entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmp(this.#entries[mid]!) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  add(entry: IndexEntry): void {
    const at = this.#lowerBound((e) => compareEntries(e, entry));
    this.#entries.splice(at, 0, entry);
  }

  /** Adds many entries at once (replay, index build): one sort instead of many splices. */
  addAll(entries: IndexEntry[]): void {
    for (const entry of entries) this.#entries.push(entry);
    this.#entries.sort(compareEntries);
  }

  remove(key: unknown[], id: string): void {
    const probe: IndexEntry = { key, id, doc: {} };
    const at = this.#lowerBound((e) => compareEntries(e, probe));
    const found = this.#entries[at];
    if (found && found.id === id && compareKeys(found.key, key) === 0) this.#entries.splice(at, 1);
  }

  /** Entries whose full key equals `key`. */
  *equal(key: unknown[]): Generator<IndexEntry> {
    for (let i = this.#lowerBound((e) => compareKeys(e.key, key)); i < this.#entries.length; i++) {
      const entry = this.#entries[i]!;
      if (compareKeys(entry.key, key) !== 0) return;
      yield entry;
    }
  }

  /** Entries whose first key component lies between the bounds (either may be open). */
  *range(lower: Bound | undefined, upper: Bound | undefined): Generator<IndexEntry> {
    let i = 0;
    if (lower) {
      i = this.#lowerBound((e) => {
        const c = compareBson(e.key[0], lower.value);
        return c < 0 || (c === 0 && !lower.inclusive) ? -1 : 1;
      });
    }
    for (; i < this.#entries.length; i++) {
      const entry = this.#entries[i]!;
      if (upper) {
        const c = compareBson(entry.key[0], upper.value);
        if (c > 0 || (c === 0 && !upper.inclusive)) return;
      }
      yield entry;
    }
  }

  /**
   * Entries whose first component has the given type rank and lies between the bounds: MongoDB's
   * comparisons never cross types ({$gt: 5} does not match strings).
   */
  *rangeWithinType(rank: number, lower: Bound | undefined, upper: Bound | undefined): Generator<IndexEntry> {
    let i = this.#lowerBound((e) => {
      const r = typeRank(e.key[0]);
      if (r !== rank) return r < rank ? -1 : 1;
      if (!lower) return 1;
      const c = compareBson(e.key[0], lower.value);
      return c < 0 || (c === 0 && !lower.inclusive) ? -1 : 1;
    });
    for (; i < this.#entries.length; i++) {
      const entry = this.#entries[i]!;
      if (typeRank(entry.key[0]) !== rank) return;
      if (upper) {
        const c = compareBson(entry.key[0], upper.value);
        if (c > 0 || (c === 0 && !upper.inclusive)) return;
      }
      yield entry;
    }
  }

  clear(): void {
    this.#entries = [];
  }
}
