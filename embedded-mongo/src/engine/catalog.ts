import type { Document } from 'bson';

import { Codes, MongoCommandError } from '../errors.ts';
import type { JournalRecord } from '../storage/types.ts';
import { CollectionIndex } from './collection-index.ts';
import { Collection } from './collection.ts';
import { idKey } from './document-id.ts';

function validateName(db: string, coll?: string): void {
  if (!db || /[/\\. "$\0]/.test(db))
    throw new MongoCommandError(Codes.InvalidNamespace, `Invalid database name: '${db}'`);
  if (
    coll !== undefined &&
    (!coll || coll.includes('\0') || coll.startsWith('system.') || coll.includes('$'))
  ) {
    throw new MongoCommandError(Codes.InvalidNamespace, `Invalid collection name: ${db}.${coll}`);
  }
}

/**
 * Every database and collection the engine holds. Mutations append journal records to `pending`,
 * which the command layer hands to storage before it replies.
 */
export class Catalog {
  readonly #databases = new Map<string, Map<string, Collection>>();
  #pending: JournalRecord[] = [];
  #replaying = false;
  readonly #journal = (record: JournalRecord): void => {
    if (!this.#replaying) this.#pending.push(record);
  };

  takePending(): JournalRecord[] {
    const records = this.#pending;
    this.#pending = [];
    return records;
  }

  databaseNames(): string[] {
    return [...this.#databases.keys()];
  }

  collections(db: string): Collection[] {
    return [...(this.#databases.get(db)?.values() ?? [])];
  }

  *allCollections(): Generator<Collection> {
    for (const db of this.#databases.values()) yield* db.values();
  }

  get(db: string, name: string): Collection | undefined {
    return this.#databases.get(db)?.get(name);
  }

  /** Creates a collection; code 48 when it exists, as `create` answers. */
  create(db: string, name: string, options: Document = {}): Collection {
    validateName(db, name);
    if (this.get(db, name)) {
      throw new MongoCommandError(Codes.NamespaceExists, `Collection ${db}.${name} already exists.`);
    }
    let collections = this.#databases.get(db);
    if (!collections) {
      collections = new Map();
      this.#databases.set(db, collections);
    }
    const collection = new Collection(db, name, options, this.#journal);
    if (this.#replaying) collection.beginReplay();
    collections.set(name, collection);
    this.#journal({ op: 'createCollection', db, coll: name, options });
    return collection;
  }

  /** The collection, created implicitly as MongoDB does on a first write. */
  getOrCreate(db: string, name: string): Collection {
    return this.forWrite(db, name) ?? this.create(db, name);
  }

  /** The collection a write targets, if it exists; views refuse writes (166). */
  forWrite(db: string, name: string): Collection | undefined {
    const collection = this.get(db, name);
    if (collection?.isView) {
      throw new MongoCommandError(
        Codes.CommandNotSupportedOnView,
        `Namespace ${db}.${name} is a view, not a collection`,
      );
    }
    return collection;
  }

  drop(db: string, name: string): Collection | undefined {
    const collections = this.#databases.get(db);
    const collection = collections?.get(name);
    if (!collections || !collection) return undefined;
    collections.delete(name);
    if (collections.size === 0) this.#databases.delete(db);
    this.#journal({ op: 'dropCollection', db, coll: name });
    return collection;
  }

  dropDatabase(db: string): boolean {
    const existed = this.#databases.delete(db);
    if (existed) this.#journal({ op: 'dropDatabase', db });
    return existed;
  }

  /** Rebuilds the state from journal records (effects, so no query logic runs). */
  replay(records: Iterable<JournalRecord>): void {
    this.#replaying = true;
    try {
      for (const record of records) this.#apply(record);
      for (const collection of this.allCollections()) collection.endReplay();
    } finally {
      this.#replaying = false;
    }
  }

  #apply(record: JournalRecord): void {
    switch (record.op) {
      case 'put':
        this.getOrCreate(record.db, record.coll).docs.set(idKey(record.doc._id), record.doc);
        return;
      case 'delete':
        this.get(record.db, record.coll)?.docs.delete(idKey(record.id));
        return;
      case 'createCollection': {
        // A second record for a live collection carries its new options (collMod).
        const existing = this.get(record.db, record.coll);
        if (existing) existing.setOptions(record.options);
        else this.create(record.db, record.coll, record.options);
        return;
      }
      case 'dropCollection':
        this.drop(record.db, record.coll);
        return;
      case 'createIndex': {
        const collection = this.getOrCreate(record.db, record.coll);
        const existing = collection.findIndex(String(record.spec.name));
        if (!existing) collection.addIndex(new CollectionIndex(record.spec));
        return;
      }
      case 'dropIndex': {
        const collection = this.get(record.db, record.coll);
        const index = collection?.findIndex(record.name);
        if (collection && index) collection.dropIndex(index);
        return;
      }
      case 'dropDatabase':
        this.dropDatabase(record.db);
        return;
    }
  }

  /** The live state as the shortest list of records that rebuilds it. */
  snapshot(): JournalRecord[] {
    const records: JournalRecord[] = [];
    for (const collection of this.allCollections()) {
      const { db, name } = collection;
      records.push({ op: 'createCollection', db, coll: name, options: collection.options });
      for (const index of collection.indexes)
        records.push({ op: 'createIndex', db, coll: name, spec: index.spec });
      for (const doc of collection.docs.values()) records.push({ op: 'put', db, coll: name, doc });
    }
    return records;
  }

  liveRecordCount(): number {
    let count = 0;
    for (const collection of this.allCollections())
      count += 1 + collection.indexes.length + collection.docs.size;
    return count;
  }
}
