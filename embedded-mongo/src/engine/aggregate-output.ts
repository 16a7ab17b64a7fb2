import type { Document } from 'bson';

import { Codes, MongoCommandError } from '../errors.ts';
import type { Catalog } from './catalog.ts';
import { findDocuments } from './find.ts';
import { mingoOptions } from './mingo-options.ts';
import { applyUpdate, withId } from './update.ts';
import { resolve } from 'mingo/util';

interface Target {
  db: string;
  coll: string;
}

function target(spec: unknown, defaultDb: string, stage: string): Target {
  if (typeof spec === 'string') return { db: defaultDb, coll: spec };
  if (spec && typeof spec === 'object') {
    const { db, coll } = spec as Document;
    if (typeof coll === 'string') return { db: typeof db === 'string' ? db : defaultDb, coll };
  }
  throw new MongoCommandError(Codes.FailedToParse, `${stage} requires a collection name or {db, coll}`);
}

/** $out: the target's documents become the pipeline's results; its indexes stay. */
export function writeOut(
  catalog: Catalog,
  defaultDb: string,
  spec: unknown,
  results: Document[],
  bypassValidation: boolean,
): void {
  const { db, coll } = target(spec, defaultDb, '$out');
  const existing = catalog.get(db, coll);
  const indexes = existing ? existing.indexes.map((index) => index.cloneSpec()) : [];
  const options = existing?.options ?? {};
  if (existing) catalog.drop(db, coll);
  const collection = catalog.create(db, coll, options);
  for (const index of indexes) collection.addIndex(index);
  for (const doc of results) collection.insert(withId(doc), bypassValidation);
}

/** $merge: each result is matched on `on` and inserted, merged, replaced, kept or refused. */
export function writeMerge(
  catalog: Catalog,
  defaultDb: string,
  spec: unknown,
  results: Document[],
  bypassValidation: boolean,
): void {
  const options: Document = typeof spec === 'string' ? { into: spec } : (spec as Document);
  const { db, coll } = target(options.into, defaultDb, '$merge');
  const on =
    options.on === undefined
      ? ['_id']
      : Array.isArray(options.on)
        ? (options.on as string[])
        : [String(options.on)];
  const whenMatched = options.whenMatched ?? 'merge';
  const whenNotMatched = options.whenNotMatched ?? 'insert';
  const collection = catalog.getOrCreate(db, coll);
  for (const result of results) {
    const filter: Document = {};
    for (const field of on) filter[field] = resolve(result, field) ?? null;
    const [existing] = findDocuments(collection, { filter, limit: 1 }).docs;
    if (!existing) {
      if (whenNotMatched === 'discard') continue;
      if (whenNotMatched === 'fail') {
        throw new MongoCommandError(
          13113,
          '$merge could not find a matching document in the target collection for at least one document in the source collection',
        );
      }
      collection.insert(withId(result), bypassValidation);
      continue;
    }
    if (whenMatched === 'keepExisting') continue;
    if (whenMatched === 'fail') {
      throw new MongoCommandError(
        Codes.DuplicateKey,
        `E11000 duplicate key error collection: ${db}.${coll} index: _id_ dup key: { _id: ${String(existing._id)} }`,
        {
          keyPattern: { _id: 1 },
          keyValue: { _id: existing._id },
        },
      );
    }
    let next: Document | undefined;
    if (whenMatched === 'replace')
      next = applyUpdate(existing, { ...result, _id: existing._id }, { options: mingoOptions() });
    else if (whenMatched === 'merge')
      next = applyUpdate(
        existing,
        { ...existing, ...result, _id: existing._id },
        { options: mingoOptions() },
      );
    else if (Array.isArray(whenMatched)) {
      const variables = { new: result, ...((options.let as Document | undefined) ?? {}) };
      next = applyUpdate(existing, whenMatched, { options: mingoOptions({ variables }) });
    } else
      throw new MongoCommandError(
        Codes.FailedToParse,
        `Enumeration value '${String(whenMatched)}' for field 'whenMatched' is not a valid value.`,
      );
    if (next) collection.replace(existing, next, bypassValidation);
  }
}
