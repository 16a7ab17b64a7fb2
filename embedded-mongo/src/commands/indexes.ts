import { Long } from 'bson';
import type { Document } from 'bson';

import { Codes, MongoCommandError } from '../errors.ts';
import { CollectionIndex } from '../engine/collection-index.ts';
import type { Collection } from '../engine/collection.ts';
import { defaultIndexName } from '../engine/index-keys.ts';
import { collectionName, documentArray } from './arguments.ts';
import type { CommandContext, CommandHandler } from './context.ts';
import { cursorReply } from './read.ts';

// Options that change what an index holds or enforces; two specs differing in them conflict (code 85).
const SEMANTIC_OPTIONS = ['unique', 'sparse', 'partialFilterExpression', 'expireAfterSeconds', 'collation'];
const KEPT_OPTIONS = [...SEMANTIC_OPTIONS, 'hidden', 'weights', 'default_language', 'storageEngine'];

function normalizeSpec(raw: Document): Document {
  const key = raw.key;
  if (typeof key !== 'object' || key === null || Array.isArray(key) || Object.keys(key).length === 0) {
    throw new MongoCommandError(
      Codes.CannotCreateIndex,
      "Index key pattern must be a non-empty object ('key')",
    );
  }
  for (const [field, direction] of Object.entries(key as Document)) {
    if (field === '$**' || field.endsWith('.$**')) {
      throw new MongoCommandError(
        Codes.CannotCreateIndex,
        'The embedded engine does not support wildcard indexes',
      );
    }
    if (typeof direction === 'string') {
      throw new MongoCommandError(
        Codes.CannotCreateIndex,
        `The embedded engine does not support '${direction}' indexes (field '${field}')`,
      );
    }
    if (typeof direction !== 'number' || direction === 0 || Number.isNaN(direction)) {
      throw new MongoCommandError(
        Codes.CannotCreateIndex,
        `Values in the index key pattern can't be 0 or NaN: ${field}`,
      );
    }
  }
  const name = raw.name === undefined ? defaultIndexName(key as Document) : raw.name;
  if (typeof name !== 'string' || name.length === 0) {
    throw new MongoCommandError(Codes.CannotCreateIndex, 'The index name must be a non-empty string');
  }
  if (
    raw.expireAfterSeconds !== undefined &&
    (typeof raw.expireAfterSeconds !== 'number' || raw.expireAfterSeconds < 0)
  ) {
    throw new MongoCommandError(
      Codes.CannotCreateIndex,
      'TTL index expireAfterSeconds must be a non-negative number',
    );
  }
  const spec: Document = { v: 2, key, name };
  for (const option of KEPT_OPTIONS) if (raw[option] !== undefined) spec[option] = raw[option];
  if (spec.unique === false) delete spec.unique;
  if (spec.sparse === false) delete spec.sparse;
  return spec;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function sameOptions(a: Document, b: Document): boolean {
  return SEMANTIC_OPTIONS.every((option) => same(a[option], b[option]));
}

/** Whether the index already exists as specified (true), must be built (false), or conflicts (throws). */
function alreadyExists(collection: Collection, spec: Document): boolean {
  for (const existing of collection.indexSpecs()) {
    const sameName = existing.name === spec.name;
    const sameKey = same(existing.key, spec.key);
    if (sameName && !sameKey) {
      throw new MongoCommandError(
        Codes.IndexKeySpecsConflict,
        `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(existing)}`,
      );
    }
    if (!sameKey) continue;
    if (existing.name === '_id_') return true;
    if (sameName && sameOptions(existing, spec)) return true;
    if (sameName) {
      throw new MongoCommandError(
        Codes.IndexOptionsConflict,
        `An equivalent index already exists with the same name but different options. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(existing)}`,
      );
    }
    if (sameOptions(existing, spec)) {
      throw new MongoCommandError(
        Codes.IndexOptionsConflict,
        `Index already exists with a different name: ${String(existing.name)}`,
      );
    }
  }
  return false;
}

const createIndexes: CommandHandler = (command, context) => {
  const name = collectionName(command, 'createIndexes');
  const specs = documentArray(command, 'indexes').map(normalizeSpec);
  const created = context.engine.catalog.forWrite(context.db, name) === undefined;
  const collection = context.engine.catalog.getOrCreate(context.db, name);
  const before = collection.indexSpecs().length;
  for (const spec of specs) {
    if (!alreadyExists(collection, spec)) collection.addIndex(new CollectionIndex(spec));
  }
  const reply: Document = {
    numIndexesBefore: before,
    numIndexesAfter: collection.indexSpecs().length,
    createdCollectionAutomatically: created,
  };
  if (before === reply.numIndexesAfter) reply.note = 'all indexes already exist';
  reply.ok = 1;
  return reply;
};

function existingCollection(context: CommandContext, name: string): Collection {
  const collection = context.engine.catalog.get(context.db, name);
  if (!collection) {
    throw new MongoCommandError(Codes.NamespaceNotFound, `ns does not exist: ${context.db}.${name}`);
  }
  return collection;
}

const listIndexes: CommandHandler = (command, context) => {
  const name = collectionName(command, 'listIndexes');
  const collection = existingCollection(context, name);
  return cursorReply(`${context.db}.${name}`, collection.indexSpecs(), Long.ZERO, true);
};

function indexesToDrop(collection: Collection, index: unknown): CollectionIndex[] {
  if (index === '*') return [...collection.indexes];
  const targets = Array.isArray(index) ? index : [index];
  return targets.map((target) => {
    if (target === '_id_' || same(target, { _id: 1 })) {
      throw new MongoCommandError(Codes.InvalidOptions, 'cannot drop _id index');
    }
    const found =
      typeof target === 'string'
        ? collection.findIndex(target)
        : collection.indexes.find((candidate) => same(candidate.keyPattern, target));
    if (!found) {
      throw new MongoCommandError(
        Codes.IndexNotFound,
        typeof target === 'string'
          ? `index not found with name [${target}]`
          : `can't find index with key: ${JSON.stringify(target)}`,
      );
    }
    return found;
  });
}

const dropIndexes: CommandHandler = (command, context) => {
  const name = collectionName(command, command.dropIndexes !== undefined ? 'dropIndexes' : 'deleteIndexes');
  const collection = existingCollection(context, name);
  const nIndexesWas = collection.indexSpecs().length;
  for (const index of indexesToDrop(collection, command.index)) collection.dropIndex(index);
  return { nIndexesWas, ok: 1 };
};

export const indexCommands: Record<string, CommandHandler> = {
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
};
