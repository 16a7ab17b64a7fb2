import type { Document } from 'bson';

import { compareBson, typeRank } from './bson-order.ts';

export interface IndexEntry {
  key: unknown[];
  id: string;
  doc: Document;
}

/** A place in the index (a block and an offset in it), and the entry a unique index would refuse it for. */
export interface Slot {
  block: number;
  offset: number;
  conflict: IndexEntry | undefined;
}

export interface Bound {
  value: unknown;
  inclusive: boolean;
}

/**
 * A compound-key interval: keys whose first components equal `prefix` and, when `range` is given, whose next
 * component has the range's type rank and lies between its bounds (either may be open). Later components
 * are free. Such keys are contiguous in the index, so the interval is two positions.
 */
export interface KeyInterval {
  prefix: readonly unknown[];
  range?: { rank: number; lower?: Bound; upper?: Bound };
}

function comparePrefix(key: unknown[], prefix: readonly unknown[]): number {
  for (let i = 0; i < prefix.length; i++) {
    const c = compareBson(key[i], prefix[i]);
    if (c !== 0) return c;
  }
  return 0;
}

/** Whether an entry sorts before the interval's first key. */
function beforeInterval(entry: IndexEntry, interval: KeyInterval): boolean {
  const c = comparePrefix(entry.key, interval.prefix);
  if (c !== 0) return c < 0;
  const range = interval.range;
  if (!range) return false;
  const value = entry.key[interval.prefix.length];
  const rank = typeRank(value);
  if (rank !== range.rank) return rank < range.rank;
  if (!range.lower) return false;
  const b = compareBson(value, range.lower.value);
  return b < 0 || (b === 0 && !range.lower.inclusive);
}

/** Whether an entry sorts before the interval's end: inside it, or before it. */
function notAfterInterval(entry: IndexEntry, interval: KeyInterval): boolean {
  const c = comparePrefix(entry.key, interval.prefix);
  if (c !== 0) return c < 0;
  const range = interval.range;
  if (!range) return true;
  const value = entry.key[interval.prefix.length];
  const rank = typeRank(value);
  if (rank !== range.rank) return rank < range.rank;
  if (!range.upper) return true;
  const b = compareBson(value, range.upper.value);
  return b < 0 || (b === 0 && range.upper.inclusive);
}

function compareKeys(a: unknown[], b: unknown[]): number {
  if (a.length === 1) return compareBson(a[0], b[0]);
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

function isBefore(entry: IndexEntry, key: unknown[], id: string | undefined): boolean {
  const c = compareKeys(entry.key, key);
  if (c !== 0) return c < 0;
  return id !== undefined && entry.id < id;
}

/** Entries per block: a block splits in two above this, so an insert moves at most this many. */
const MAX_BLOCK = 512;

/** Position of the first element for which `isBefore` is false, in an array partitioned by it. */
function partitionPoint<T>(items: readonly T[], isBefore: (item: T) => boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (isBefore(items[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Index entries kept sorted by key (ascending whatever the declared direction: lookups do not care)
 * then by document id, so equality and range lookups are binary searches. Entries live in blocks of
 * at most MAX_BLOCK (a one-level B-tree), so inserting into 10^5 entries moves hundreds, not tens of
 * thousands, of references.
 */
export class SortedIndex {
  #blocks: IndexEntry[][] = [];
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** The first position (block, offset) whose entry is not before the target. */
  #seek(isBefore: (entry: IndexEntry) => boolean): [number, number] {
    const block = partitionPoint(this.#blocks, (b) => isBefore(b[b.length - 1]!));
    if (block === this.#blocks.length) return [block, 0];
    return [block, partitionPoint(this.#blocks[block]!, isBefore)];
  }

  /**
   * The first position whose entry is not before (key, id), or not before key when id is undefined: #seek
   * without its closures, for the lookups every write makes.
   */
  #lowerBound(key: unknown[], id: string | undefined): [number, number] {
    const blocks = this.#blocks;
    let lo = 0;
    let hi = blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const block = blocks[mid]!;
      if (isBefore(block[block.length - 1]!, key, id)) lo = mid + 1;
      else hi = mid;
    }
    if (lo === blocks.length) return [lo, 0];
    const block = blocks[lo]!;
    let l = 0;
    let h = block.length;
    while (l < h) {
      const mid = (l + h) >>> 1;
      if (isBefore(block[mid]!, key, id)) l = mid + 1;
      else h = mid;
    }
    return [lo, l];
  }

  add(entry: IndexEntry): void {
    const [block, offset] = this.#lowerBound(entry.key, entry.id);
    this.insertAt({ block, offset, conflict: undefined }, entry);
  }

  /**
   * Where (key, id) goes, with an entry of another document holding an equal key if there is one (entries with
   * equal keys are adjacent, ordered by id, so such an entry sits right before or at that place). One lookup
   * serves both a unique index's check and the insert, through `insertAt` with no other change in between.
   */
  locate(key: unknown[], id: string): Slot {
    const [b, i] = this.#lowerBound(key, id);
    const block = this.#blocks[b];
    const previous = i > 0 ? block![i - 1] : b > 0 ? this.#blocks[b - 1]!.at(-1) : undefined;
    const next = block?.[i];
    let conflict: IndexEntry | undefined;
    if (previous && previous.id !== id && compareKeys(previous.key, key) === 0) conflict = previous;
    else if (next && next.id !== id && compareKeys(next.key, key) === 0) conflict = next;
    return { block: b, offset: i, conflict };
  }

  /** Inserts at a place `locate` returned, the index unchanged since. */
  insertAt(slot: Slot, entry: IndexEntry): void {
    if (this.#blocks.length === 0) {
      this.#blocks.push([entry]);
      this.#size = 1;
      return;
    }
    let b = slot.block;
    let i = slot.offset;
    if (b === this.#blocks.length) {
      b--;
      i = this.#blocks[b]!.length;
    }
    const block = this.#blocks[b]!;
    block.splice(i, 0, entry);
    this.#size++;
    if (block.length > MAX_BLOCK) this.#blocks.splice(b + 1, 0, block.splice(MAX_BLOCK / 2));
  }

  /** Adds many entries at once (replay, index build): one sort instead of many inserts. */
  addAll(entries: IndexEntry[]): void {
    const all = [...this.#entriesInOrder(), ...entries].sort(compareEntries);
    this.#blocks = [];
    for (let i = 0; i < all.length; i += MAX_BLOCK / 2) this.#blocks.push(all.slice(i, i + MAX_BLOCK / 2));
    this.#size = all.length;
  }

  remove(key: unknown[], id: string): void {
    const [b, i] = this.#lowerBound(key, id);
    const block = this.#blocks[b];
    const found = block?.[i];
    if (!block || !found || found.id !== id || compareKeys(found.key, key) !== 0) return;
    block.splice(i, 1);
    this.#size--;
    if (block.length === 0) this.#blocks.splice(b, 1);
  }

  /** An entry with this key that belongs to another document than `id`: what a unique index refuses. */
  conflict(key: unknown[], id: string | undefined): IndexEntry | undefined {
    const blocks = this.#blocks;
    let [b, i] = this.#lowerBound(key, undefined);
    for (; b < blocks.length; b++, i = 0) {
      const block = blocks[b]!;
      for (; i < block.length; i++) {
        const entry = block[i]!;
        if (compareKeys(entry.key, key) !== 0) return undefined;
        if (entry.id !== id) return entry;
      }
    }
    return undefined;
  }

  /** Points the entry (key, id) at a new version of its document; false if there is no such entry. */
  setDoc(key: unknown[], id: string, doc: Document): boolean {
    const found = this.#find(key, id);
    if (!found) return false;
    found.doc = doc;
    return true;
  }

  #find(key: unknown[], id: string): IndexEntry | undefined {
    const [b, i] = this.#lowerBound(key, id);
    const found = this.#blocks[b]?.[i];
    return found && found.id === id && compareKeys(found.key, key) === 0 ? found : undefined;
  }

  *#from(b: number, i: number): Generator<IndexEntry> {
    for (; b < this.#blocks.length; b++, i = 0) {
      const block = this.#blocks[b]!;
      for (; i < block.length; i++) yield block[i]!;
    }
  }

  /** Every entry, highest key first. */
  *descending(): Generator<IndexEntry> {
    for (let b = this.#blocks.length - 1; b >= 0; b--) {
      const block = this.#blocks[b]!;
      for (let i = block.length - 1; i >= 0; i--) yield block[i]!;
    }
  }

  #entriesInOrder(): Generator<IndexEntry> {
    return this.#from(0, 0);
  }

  /** Entries whose full key equals `key`. */
  *equal(key: unknown[]): Generator<IndexEntry> {
    const [b, i] = this.#lowerBound(key, undefined);
    for (const entry of this.#from(b, i)) {
      if (compareKeys(entry.key, key) !== 0) return;
      yield entry;
    }
  }

  /** Entries whose first key component lies between the bounds (either may be open). */
  *range(lower: Bound | undefined, upper: Bound | undefined): Generator<IndexEntry> {
    const [b, i] = lower
      ? this.#seek((e) => {
          const c = compareBson(e.key[0], lower.value);
          return c < 0 || (c === 0 && !lower.inclusive);
        })
      : [0, 0];
    for (const entry of this.#from(b, i)) {
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
    const [b, i] = this.#seek((e) => {
      const r = typeRank(e.key[0]);
      if (r !== rank) return r < rank;
      if (!lower) return false;
      const c = compareBson(e.key[0], lower.value);
      return c < 0 || (c === 0 && !lower.inclusive);
    });
    for (const entry of this.#from(b, i)) {
      if (typeRank(entry.key[0]) !== rank) return;
      if (upper) {
        const c = compareBson(entry.key[0], upper.value);
        if (c > 0 || (c === 0 && !upper.inclusive)) return;
      }
      yield entry;
    }
  }

  /** The entries of an interval, in key order or (reverse) the opposite. */
  *scan(interval: KeyInterval, reverse = false): Generator<IndexEntry> {
    const [b0, i0] = this.#seek((entry) => beforeInterval(entry, interval));
    const [b1, i1] = this.#seek((entry) => notAfterInterval(entry, interval));
    const blocks = this.#blocks;
    if (!reverse) {
      for (let b = b0, i = i0; b < b1 || (b === b1 && i < i1); b++, i = 0) {
        const block = blocks[b]!;
        const end = b === b1 ? i1 : block.length;
        for (; i < end; i++) yield block[i]!;
      }
      return;
    }
    // Step back from the end position one entry at a time (blocks are never empty).
    let b = b1;
    let i = i1;
    for (;;) {
      if (i > 0) i--;
      else {
        b--;
        if (b < 0) return;
        i = blocks[b]!.length - 1;
      }
      if (b < b0 || (b === b0 && i < i0)) return;
      yield blocks[b]![i]!;
    }
  }

  /** How many entries an interval holds: two binary searches and a sum of block sizes, no entry visited. */
  count(interval: KeyInterval): number {
    const start = this.#ordinal(this.#seek((entry) => beforeInterval(entry, interval)));
    // An empty range ({$gt: 5, $lt: 3}) puts its end before its start.
    return Math.max(0, this.#ordinal(this.#seek((entry) => notAfterInterval(entry, interval))) - start);
  }

  #ordinal([block, offset]: [number, number]): number {
    let n = offset;
    for (let b = 0; b < block; b++) n += this.#blocks[b]!.length;
    return n;
  }

  clear(): void {
    this.#blocks = [];
    this.#size = 0;
  }
}
