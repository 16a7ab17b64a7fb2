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
