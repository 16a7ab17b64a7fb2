import type { Document } from 'bson';

import { Codes, MongoCommandError } from '../errors.ts';
import { runPipeline } from './aggregate.ts';
import type { Catalog } from './catalog.ts';
import { Collection } from './collection.ts';
import type { QueryEnvironment } from './mingo-options.ts';

// MongoDB's limit on views defined on views.
const MAX_VIEW_DEPTH = 20;

/**
 * The collection a read targets: a real collection as is, a view as the documents its pipeline
 * produces from its source right now (views of views resolved recursively).
 */
export function collectionForRead(
  catalog: Catalog,
  db: string,
  name: string,
  env: QueryEnvironment = {},
  depth = 0,
): Collection | undefined {
  const collection = catalog.get(db, name);
  if (!collection?.isView) return collection;
  if (depth >= MAX_VIEW_DEPTH) {
    throw new MongoCommandError(
      Codes.BadValue,
      `View depth too deep or view cycle detected; maximum depth is ${MAX_VIEW_DEPTH}`,
    );
  }
  const { viewOn, pipeline } = collection.options as { viewOn: string; pipeline?: Document[] };
  const source = collectionForRead(catalog, db, viewOn, env, depth + 1);
  return Collection.computed(db, name, runPipeline(source, pipeline ?? [], env));
}
