import type { Document } from 'bson';

import { DATE_RANK } from './bson-order.ts';
import type { Catalog } from './catalog.ts';

/**
 * Removes documents whose TTL index date is older than `expireAfterSeconds`, as mongod's TTL monitor
 * does (the value, or the earliest date of an array, counts; non-dates never expire).
 * Returns how many documents were removed; the caller journals them like any write.
 */
export function sweepExpired(catalog: Catalog, now = Date.now()): number {
  let removed = 0;
  for (const collection of catalog.allCollections()) {
    for (const index of collection.indexes) {
      if (index.expireAfterSeconds === undefined || index.fields.length !== 1) continue;
      const cutoff = new Date(now - index.expireAfterSeconds * 1000);
      // Dates have a rank of their own in the index, so this range holds only dates before the cutoff.
      const expired = new Map<string, Document>();
      for (const entry of index.sorted.rangeWithinType(DATE_RANK, undefined, {
        value: cutoff,
        inclusive: false,
      })) {
        expired.set(entry.id, entry.doc);
      }
      for (const doc of expired.values()) {
        collection.remove(doc);
        removed++;
      }
    }
  }
  return removed;
}
