import { UUID } from 'bson';
import type { Binary, Document } from 'bson';

import type { JournalRecord } from '../storage/types.ts';
import { compareBson } from './bson-order.ts';
import type { CollectionIndex } from './collection-index.ts';
import { idKey } from './document-id.ts';
import { DocumentValidator } from './document-validator.ts';
import { duplicateKeyError } from './duplicate-key.ts';
import type { IndexEntry, Slot } from './sorted-index.ts';

export type Journal = (record: JournalRecord) => void;

/**
 * The documents of one collection, keyed by `_id`, with their secondary indexes kept in step.
 * Stored documents are never mutated: an update stores a new object, so cursors and journal records
 * may hold references safely.
 */
export class Collection {
  readonly db: string;
  readonly name: string;
  #options: Document;
  #validator: DocumentValidator | undefined;
  readonly uuid: Binary;
  readonly docs = new Map<string, Document>();
  /** Secondary indexes; `_id_` is the `docs` map itself and is listed by `indexSpecs()`. */
  readonly indexes: CollectionIndex[] = [];
  readonly #journal: Journal;
  /** While replaying, indexes are rebuilt once at the end instead of maintained per record. */
  #deferIndexes = false;

  constructor(db: string, name: string, options: Document, journal: Journal) {
    this.db = db;
    this.name = name;
    this.#options = options;
    this.#validator = DocumentValidator.lenient(options);
    this.uuid = new UUID().toBinary();
    this.#journal = journal;
  }

  get options(): Document {
    return this.#options;
  }

  /** A view: read-only, its documents computed from `viewOn` through `pipeline` at each read. */
  get isView(): boolean {
    return typeof this.#options.viewOn === 'string';
  }

  /** A read-only, unjournaled collection holding computed documents (a view's result). */
  static computed(db: string, name: string, docs: Document[]): Collection {
    const collection = new Collection(db, name, {}, () => {});
    // Keyed by position: a view's documents need not have unique _ids.
    docs.forEach((doc, i) => collection.docs.set(String(i), doc));
    return collection;
  }

  /** Replaces the collection options (collMod); journaled as a createCollection of the same name. */
  setOptions(options: Document): void {
    this.#validator = DocumentValidator.lenient(options);
    this.#options = options;
    this.#journal({ op: 'createCollection', db: this.db, coll: this.name, options });
  }

  get namespace(): string {
    return `${this.db}.${this.name}`;
  }

  idIndexSpec(): Document {
    return { v: 2, key: { _id: 1 }, name: '_id_' };
  }

  indexSpecs(): Document[] {
    return [this.idIndexSpec(), ...this.indexes.map((index) => index.spec)];
  }

  findIndex(name: string): CollectionIndex | undefined {
    return this.indexes.find((index) => index.name === name);
  }

  getById(id: unknown): Document | undefined {
    return this.docs.get(idKey(id));
  }

  /**
   * A new document's entries, added once every unique index has accepted its keys (a refusal changes nothing).
   * A single key in a unique index is checked and inserted from one lookup.
   */
  #addNewEntries(id: string, doc: Document): void {
    const pending: [CollectionIndex, unknown[][], Slot | undefined][] = [];
    for (const index of this.indexes) {
      const keys = index.keysOf(doc);
      if (!keys) continue;
      if (index.unique && keys.length === 1) {
        const slot = index.sorted.locate(keys[0]!, id);
        if (slot.conflict) throw duplicateKeyError(this.namespace, index.name, index.keyPattern, keys[0]!);
        pending.push([index, keys, slot]);
      } else {
        if (index.unique) this.#refuseDuplicates(index, keys, undefined);
        pending.push([index, keys, undefined]);
      }
    }
    for (const [index, keys, slot] of pending) {
      if (slot) index.sorted.insertAt(slot, { key: keys[0]!, id, doc });
      else for (const key of keys) index.sorted.add({ key, id, doc });
    }
  }

  #refuseDuplicates(index: CollectionIndex, keys: unknown[][], selfId: string | undefined): void {
    for (const key of keys) {
      if (index.sorted.conflict(key, selfId))
        throw duplicateKeyError(this.namespace, index.name, index.keyPattern, key);
    }
  }

  #removeEntries(id: string, doc: Document): void {
    for (const index of this.indexes) {
      const keys = index.keysOf(doc);
      if (keys) for (const key of keys) index.sorted.remove(key, id);
    }
  }

  /** Stores a new document (its `_id` already set); throws E11000 before changing anything. */
  insert(doc: Document, bypassValidation = false): void {
    if (!bypassValidation) this.#validator?.check(doc, undefined);
    const id = idKey(doc._id);
    if (this.docs.has(id)) throw duplicateKeyError(this.namespace, '_id_', { _id: 1 }, [doc._id]);
    if (!this.#deferIndexes) this.#addNewEntries(id, doc);
    this.docs.set(id, doc);
    this.#journal({ op: 'put', db: this.db, coll: this.name, doc });
  }

  /** Replaces a stored document by a new version with the same `_id`. */
  replace(previous: Document, next: Document, bypassValidation = false): void {
    if (!bypassValidation) this.#validator?.check(next, previous);
    const id = idKey(previous._id);
    if (!this.#deferIndexes) this.#moveEntries(id, previous, next);
    this.docs.set(id, next);
    this.#journal({ op: 'put', db: this.db, coll: this.name, doc: next });
  }

  /**
   * Index maintenance for an update: an index whose keys did not change only has its entries pointed at the new
   * version (one lookup each, no uniqueness check: the keys were already this document's); the others lose
   * the old keys and gain the new ones, after every unique index has accepted the new keys.
   */
  #moveEntries(id: string, previous: Document, next: Document): void {
    const moved: [CollectionIndex, unknown[][] | null, unknown[][] | null][] = [];
    const kept: [CollectionIndex, unknown[][]][] = [];
    for (const index of this.indexes) {
      const before = index.keysOf(previous);
      const after = index.keysOf(next);
      if (sameKeyLists(before, after)) {
        if (after) kept.push([index, after]);
        continue;
      }
      if (index.unique && after) this.#refuseDuplicates(index, after, id);
      moved.push([index, before, after]);
    }
    for (const [index, keys] of kept) {
      for (const key of keys) index.sorted.setDoc(key, id, next);
    }
    for (const [index, before, after] of moved) {
      if (before) for (const key of before) index.sorted.remove(key, id);
      if (after) for (const key of after) index.sorted.add({ key, id, doc: next });
    }
  }

  remove(doc: Document): void {
    const id = idKey(doc._id);
    if (!this.docs.has(id)) return;
    if (!this.#deferIndexes) this.#removeEntries(id, doc);
    this.docs.delete(id);
    this.#journal({ op: 'delete', db: this.db, coll: this.name, id: doc._id });
  }

  /** Builds a new index over the existing documents; refuses (E11000) if they violate its uniqueness. */
  addIndex(index: CollectionIndex): void {
    if (!this.#deferIndexes) this.#build(index);
    this.indexes.push(index);
    this.#journal({ op: 'createIndex', db: this.db, coll: this.name, spec: index.spec });
  }

  dropIndex(index: CollectionIndex): void {
    this.indexes.splice(this.indexes.indexOf(index), 1);
    this.#journal({ op: 'dropIndex', db: this.db, coll: this.name, name: index.name });
  }

  #build(index: CollectionIndex): void {
    const entries: IndexEntry[] = [];
    for (const [id, doc] of this.docs) {
      const keys = index.keysOf(doc);
      if (keys) for (const key of keys) entries.push({ key, id, doc });
    }
    index.sorted.clear();
    index.sorted.addAll(entries);
    if (!index.unique) return;
    let previous: IndexEntry | undefined;
    for (const entry of index.sorted.range(undefined, undefined)) {
      if (previous && previous.id !== entry.id && sameKey(previous.key, entry.key)) {
        index.sorted.clear();
        throw duplicateKeyError(this.namespace, index.name, index.keyPattern, entry.key);
      }
      previous = entry;
    }
  }

  beginReplay(): void {
    this.#deferIndexes = true;
  }

  endReplay(): void {
    this.#deferIndexes = false;
    for (const index of this.indexes) this.#build(index);
  }
}

function sameKeyLists(a: unknown[][] | null, b: unknown[][] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((key, i) => sameKey(key, b[i]!));
}

function sameKey(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((value, i) => compareBson(value, b[i]) === 0);
}
