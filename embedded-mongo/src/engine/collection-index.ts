import type { Document } from 'bson';
import { Query } from 'mingo/query';

import { compareBson } from './bson-order.ts';
import { indexKeys } from './index-keys.ts';
import { mingoOptions } from './mingo-options.ts';
import { SortedIndex } from './sorted-index.ts';

/** One secondary index (or `_id_`): its catalog entry and its sorted keys. */
export class CollectionIndex {
  readonly spec: Document;
  readonly name: string;
  readonly fields: string[];
  readonly unique: boolean;
  readonly sparse: boolean;
  readonly expireAfterSeconds: number | undefined;
  readonly sorted = new SortedIndex();
  /** Set once a document has several keys here: range bounds may then be met by different elements. */
  multikey = false;
  /**
   * Per field, set once a document had several values (or an empty array) there: MongoDB's multikey paths. A
   * range on a field that is not multikey may use both bounds even when another field of the index is.
   */
  readonly multikeyFields: boolean[];
  readonly #partial: Query | undefined;
  /** The partial filter's conditions, `[field, condition]`, for `usableFor`. */
  readonly #partialConditions: [string, unknown][] | undefined;

  constructor(spec: Document) {
    this.spec = spec;
    this.name = String(spec.name);
    this.fields = Object.keys(spec.key as Document);
    this.multikeyFields = this.fields.map(() => false);
    this.unique = spec.unique === true || this.name === '_id_';
    this.sparse = spec.sparse === true;
    this.expireAfterSeconds =
      typeof spec.expireAfterSeconds === 'number' ? spec.expireAfterSeconds : undefined;
    this.#partial = spec.partialFilterExpression
      ? new Query(spec.partialFilterExpression as Document, mingoOptions())
      : undefined;
    this.#partialConditions = spec.partialFilterExpression
      ? conditionsOf(spec.partialFilterExpression as Document)
      : undefined;
  }

  /** A fresh, empty index with the same specification (to rebuild elsewhere). */
  cloneSpec(): CollectionIndex {
    return new CollectionIndex(this.spec);
  }

  get keyPattern(): Document {
    return this.spec.key as Document;
  }

  /** Whether some documents are absent from this index, so it cannot answer every query on its fields. */
  get isFiltered(): boolean {
    return this.sparse || this.#partial !== undefined;
  }

  /**
   * Whether this index holds every document a query can match. A partial index does when the query states each
   * condition of its filter expression (at the top level or in a top-level `$and`): MongoDB's rule is that the
   * query must imply the filter, and stating it is the case both recognise, so a query on a partial index's
   * field that repeats the filter (`{ emails: x, 'emails.0': { $exists: true } }`) is answered from it here
   * and by MongoDB alike. A sparse index is never chosen.
   */
  usableFor(filter: Document): boolean {
    if (this.sparse) return false;
    if (this.#partialConditions === undefined) return true;
    const stated = conditionsOf(filter);
    return this.#partialConditions.every(([field, condition]) =>
      stated.some(([name, given]) => name === field && compareBson(given, condition) === 0),
    );
  }

  /** The keys a document has in this index, or null when the index leaves it out (sparse, partial). */
  keysOf(doc: Document): unknown[][] | null {
    if (this.#partial && !this.#partial.test(doc)) return null;
    const keys = indexKeys(doc, this.fields, this.sparse);
    // An empty array is a key of its own, ordered unlike MongoDB's sort of [], so it counts as multikey too.
    if (keys && (keys.length > 1 || keys.some((key) => key.some(Array.isArray)))) {
      this.multikey = true;
      const first = keys[0]!;
      this.fields.forEach((_, p) => {
        if (keys.some((key) => Array.isArray(key[p]) || compareBson(key[p], first[p]) !== 0))
          this.multikeyFields[p] = true;
      });
    }
    return keys;
  }
}

/**
 * A filter's conditions that must all hold: its top-level entries, with a top-level `$and` opened. Other
 * operators (`$or`, `$expr`) stay whole, so a partial filter using one is matched only by a query stating it.
 */
function conditionsOf(filter: Document): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [field, condition] of Object.entries(filter)) {
    if (field === '$and' && Array.isArray(condition)) {
      for (const member of condition)
        if (member && typeof member === 'object') out.push(...conditionsOf(member as Document));
    } else out.push([field, condition]);
  }
  return out;
}
