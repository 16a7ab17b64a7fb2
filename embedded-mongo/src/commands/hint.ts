import type { Document } from 'bson';

import { Codes, MongoCommandError } from '../errors.ts';
import type { Collection } from '../engine/collection.ts';

/** MongoDB refuses a hint that names no existing index; the engine plans by itself otherwise. */
export function checkHint(collection: Collection | undefined, hint: unknown): void {
  if (hint === undefined || hint === null) return;
  if (typeof hint === 'string' && hint.length === 0) return;
  if (typeof hint === 'object' && Object.keys(hint).length === 0) return;
  if (typeof hint === 'object' && '$natural' in (hint as Document)) return;
  const specs = collection?.indexSpecs() ?? [];
  const found = specs.some((spec) =>
    typeof hint === 'string' ? spec.name === hint : JSON.stringify(spec.key) === JSON.stringify(hint),
  );
  if (!found) {
    throw new MongoCommandError(
      Codes.BadValue,
      'error processing query: planner returned error :: caused by :: hint provided does not correspond to an existing index',
    );
  }
}
