import { ObjectId, Timestamp, serialize } from 'bson';
import type { Document } from 'bson';
import { Aggregator } from 'mingo/aggregator';
import { updateOne } from 'mingo/updater';
import type { Options } from 'mingo/types';
import { cloneDeep, setValue } from 'mingo/util';

import { Codes, MongoCommandError } from '../errors.ts';
import { MAX_BSON_OBJECT_SIZE } from '../wire/protocol.ts';
import { compareBson } from './bson-order.ts';
import { encodedSize } from './sizes.ts';
import { applySimpleUpdate } from './update-fast-path.ts';

export type UpdateKind = 'operators' | 'replacement' | 'pipeline';

const UPDATE_OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$push',
  '$addToSet',
  '$pull',
  '$pullAll',
  '$pop',
  '$bit',
  '$currentDate',
  '$setOnInsert',
]);

export function classifyUpdate(update: unknown): UpdateKind {
  if (Array.isArray(update)) return 'pipeline';
  if (typeof update !== 'object' || update === null) {
    throw new MongoCommandError(Codes.FailedToParse, 'Update argument must be either an object or an array');
  }
  const keys = Object.keys(update);
  const operators = keys.filter((key) => key.startsWith('$'));
  if (operators.length === 0) return 'replacement';
  for (const op of operators) {
    if (!UPDATE_OPERATORS.has(op))
      throw new MongoCommandError(
        Codes.FailedToParse,
        `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
  }
  if (operators.length !== keys.length) {
    throw new MongoCommandError(
      Codes.FailedToParse,
      `Unknown modifier: ${keys.find((k) => !k.startsWith('$'))}`,
    );
  }
  for (const op of operators) {
    const args = (update as Document)[op];
    if (typeof args !== 'object' || args === null || Array.isArray(args)) {
      throw new MongoCommandError(
        Codes.FailedToParse,
        `Modifiers operate on fields but we found type ${Array.isArray(args) ? 'array' : typeof args} instead. For example: {$mod: {<field>: ...}} not {${op}: ${JSON.stringify(args)}}`,
      );
    }
  }
  return 'operators';
}

/** Puts `_id` first, as mongod stores it, whatever order the client sent. */
export function idFirst(doc: Document): Document {
  const keys = Object.keys(doc);
  if (keys[0] === '_id' || !('_id' in doc)) return doc;
  const { _id, ...rest } = doc;
  return { _id, ...rest };
}

/** A new document's `_id`: the client's, else a fresh ObjectId; never `undefined` (BSON would drop it). */
export function withId(doc: Document): Document {
  checkSize(doc, 'object to insert too large');
  if (doc._id === undefined) return withGeneratedId(doc);
  const id = doc._id;
  if (Array.isArray(id))
    throw new MongoCommandError(Codes.InvalidIdField, `The '_id' value cannot be of type array`);
  if (id instanceof RegExp) throw new MongoCommandError(Codes.InvalidIdField, `can't use a regex for _id`);
  if (isPlainObject(id)) {
    const dollar = Object.keys(id).find((key) => key.startsWith('$'));
    if (dollar) {
      throw new MongoCommandError(
        Codes.DollarPrefixedFieldName,
        `_id fields may not contain '$'-prefixed fields: ${dollar} is not valid for storage.`,
      );
    }
  }
  return idFirst(doc);
}

/** MongoDB stores no document over 16 MB, whatever route (insert, update, upsert) it arrives by. */
function checkSize(doc: Document, message: string): void {
  const size = encodedSize(doc);
  if (size > MAX_BSON_OBJECT_SIZE) {
    throw new MongoCommandError(
      Codes.BadValue,
      `${message}: ${size} bytes, the limit is ${MAX_BSON_OBJECT_SIZE}`,
    );
  }
}

function isPlainObject(value: unknown): value is Document {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function withGeneratedId(doc: Document): Document {
  const { _id: _ignored, ...rest } = doc;
  return { _id: new ObjectId(), ...rest };
}

export interface UpdateContext {
  arrayFilters?: Document[];
  /** The statement's filter, needed by the positional `$` operator. */
  filter?: Document;
  options: Partial<Options>;
}

function sameBytes(a: Document, b: Document): boolean {
  return Buffer.from(serialize(a)).equals(Buffer.from(serialize(b)));
}

// $currentDate with {$type: 'timestamp'} must store a BSON Timestamp; mingo stores a number.
function fixCurrentDateTimestamps(doc: Document, update: Document): void {
  const spec = update.$currentDate as Document | undefined;
  if (!spec) return;
  for (const [path, how] of Object.entries(spec)) {
    if (how && typeof how === 'object' && (how as Document).$type === 'timestamp') {
      const seconds = Math.floor(Date.now() / 1000);
      setValue(doc, path, new Timestamp({ t: seconds, i: 1 }));
    }
  }
}

/** The operators that apply: `$setOnInsert` joins `$set` when the update inserts and is dropped otherwise. */
function operatorsFor(update: Document, inserting: boolean): Document {
  if (!('$setOnInsert' in update)) return update;
  const { $setOnInsert, ...rest } = update;
  if (inserting && $setOnInsert)
    return { ...rest, $set: { ...(rest.$set as Document | undefined), ...($setOnInsert as Document) } };
  return rest;
}

/** The general operator path, through mingo (the input is not touched); exported for the fast path's tests. */
export function applyOperators(
  doc: Document,
  modifier: Document,
  context: UpdateContext,
  inserting: boolean,
): Document {
  if (Object.keys(modifier).length === 0) return doc;
  const target = cloneDeep(doc) as Document;
  const docs = [target];
  const usesPositional = Object.values(modifier).some((v) =>
    Object.keys(v as Document).some((k) => k.endsWith('.$') || k.includes('.$.')),
  );
  const condition = usesPositional && !inserting ? (context.filter ?? {}) : {};
  updateOne(docs, condition, modifier, { arrayFilters: context.arrayFilters ?? [] }, context.options);
  const result = docs[0]!;
  fixCurrentDateTimestamps(result, modifier);
  return result;
}

function hasArrayFilters(context: UpdateContext): boolean {
  return context.arrayFilters !== undefined && context.arrayFilters.length > 0;
}

function applyPipeline(doc: Document, pipeline: Document[], context: UpdateContext): Document {
  for (const stage of pipeline) {
    const op = Object.keys(stage)[0];
    if (!op || !['$addFields', '$set', '$project', '$unset', '$replaceRoot', '$replaceWith'].includes(op)) {
      throw new MongoCommandError(
        Codes.InvalidOptions,
        `${op ?? 'empty stage'} is not allowed to be used within an update`,
      );
    }
  }
  // mingo's Aggregator, not its pipeline updater: the updater cannot follow fields named with '$' or '.'.
  const [result] = new Aggregator(pipeline, context.options).run([cloneDeep(doc) as Document]) as Document[];
  if (!result) throw new MongoCommandError(Codes.BadValue, 'the update pipeline produced no document');
  // mongod puts the original _id back when a pipeline drops it ($replaceRoot, $project).
  if (result._id === undefined && doc._id !== undefined) return { _id: doc._id, ...result };
  return result;
}

/**
 * Applies an update to a stored document and returns the new version (the input is not touched),
 * or `undefined` when nothing changed. Changing `_id` is refused with code 66.
 */
export function applyUpdate(doc: Document, update: unknown, context: UpdateContext): Document | undefined {
  const kind = classifyUpdate(update);
  let next: Document;
  if (kind === 'replacement') {
    const replacement = update as Document;
    next = { _id: doc._id, ...replacement };
    if (replacement._id === undefined) next._id = doc._id;
  } else if (kind === 'pipeline') next = applyPipeline(doc, update as Document[], context);
  else {
    const modifier = operatorsFor(update as Document, false);
    const simple = applySimpleUpdate(doc, modifier, hasArrayFilters(context));
    if (simple) {
      // `_id` and the order of existing fields are untouched on this path, and `changed` is known. A stored
      // document is within the size limit, so only an update that may grow it is measured.
      if (!simple.changed) return undefined;
      if (simple.grows) checkSize(simple.doc, 'Resulting document after update is larger than the maximum');
      return simple.doc;
    }
    next = applyOperators(doc, modifier, context, false);
  }
  if (next._id === undefined || compareBson(next._id, doc._id) !== 0 || typeof next._id !== typeof doc._id) {
    throw new MongoCommandError(
      Codes.ImmutableField,
      kind === 'replacement'
        ? `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${String(next._id)}`
        : `Performing an update on the path '_id' would modify the immutable field '_id'`,
    );
  }
  next = idFirst(next);
  checkSize(next, 'Resulting document after update is larger than the maximum');
  return sameBytes(doc, next) ? undefined : next;
}

function isOperatorObject(value: unknown): value is Document {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => key.startsWith('$'));
}

/** The document an upsert starts from: the filter's equality conditions (MongoDB's "query seed"). */
export function upsertSeed(filter: Document): Document {
  const seed: Document = {};
  const visit = (conditions: Document): void => {
    for (const [field, condition] of Object.entries(conditions)) {
      if (field === '$and' && Array.isArray(condition)) {
        for (const member of condition) visit(member as Document);
        continue;
      }
      if (field.startsWith('$')) continue;
      if (isOperatorObject(condition)) {
        if ('$eq' in condition) setValue(seed, field, cloneDeep(condition.$eq));
        else if (Array.isArray(condition.$in) && condition.$in.length === 1)
          setValue(seed, field, cloneDeep(condition.$in[0]));
        continue;
      }
      if (condition instanceof RegExp) continue;
      setValue(seed, field, cloneDeep(condition));
    }
  };
  visit(filter);
  return seed;
}

/** Builds the document an upsert inserts. */
export function upsertDocument(filter: Document, update: unknown, context: UpdateContext): Document {
  const kind = classifyUpdate(update);
  const seed = upsertSeed(filter);
  let doc: Document;
  if (kind === 'replacement') {
    doc = { ...(update as Document) };
    if (doc._id === undefined && seed._id !== undefined) doc = { _id: seed._id, ...doc };
  } else if (kind === 'pipeline') doc = applyPipeline(seed, update as Document[], context);
  else {
    const modifier = operatorsFor(update as Document, true);
    doc =
      applySimpleUpdate(seed, modifier, hasArrayFilters(context))?.doc ??
      applyOperators(seed, modifier, context, true);
  }
  if (seed._id !== undefined && doc._id !== undefined && compareBson(seed._id, doc._id) !== 0) {
    throw new MongoCommandError(
      Codes.ImmutableField,
      `Performing an update on the path '_id' would modify the immutable field '_id'`,
    );
  }
  return withId(doc);
}
