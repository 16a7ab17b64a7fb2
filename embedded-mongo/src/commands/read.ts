import { Long } from 'bson';
import type { Document } from 'bson';

import { Codes, MongoCommandError } from '../errors.ts';
import { compareBson } from '../engine/bson-order.ts';
import { collator } from '../engine/collation.ts';
import { countDocuments, findDocuments } from '../engine/find.ts';
import { valuesAtPath, MISSING } from '../engine/index-keys.ts';
import { collectionName, nonNegative, optionalDocument, optionalNumber } from './arguments.ts';
import type { CommandContext, CommandHandler } from './context.ts';
import { queryEnvironment, readTarget } from './environment.ts';
import { checkHint } from './hint.ts';

export function cursorReply(ns: string, batch: Document[], id: Long, first: boolean): Document {
  return { cursor: { [first ? 'firstBatch' : 'nextBatch']: batch, id, ns }, ok: 1 };
}

function toLong(value: unknown, field: string): Long {
  if (value instanceof Long) return value;
  if (typeof value === 'number' && Number.isInteger(value)) return Long.fromNumber(value);
  throw new MongoCommandError(
    Codes.TypeMismatch,
    `BSON field '${field}' is the wrong type, expected type 'long'`,
  );
}

/** Runs the query part of `find` (also used by `explain`). */
export function runFind(command: Document, context: CommandContext) {
  const name = collectionName(command, 'find');
  const collection = readTarget(context, name);
  checkHint(collection, command.hint);
  const limit = optionalNumber(command, 'limit');
  if (limit !== undefined && limit < 0) {
    throw new MongoCommandError(Codes.BadValue, `limit value must be non-negative, but received: ${limit}`);
  }
  const env = queryEnvironment(command, context);
  const result = findDocuments(collection, {
    ...env,
    filter: optionalDocument(command, 'filter'),
    sort: optionalDocument(command, 'sort'),
    projection: optionalDocument(command, 'projection'),
    skip: nonNegative(command, 'skip'),
    limit,
  });
  return { name, collection, result };
}

const find: CommandHandler = (command, context) => {
  const { name, result } = runFind(command, context);
  const batchSize = nonNegative(command, 'batchSize');
  const singleBatch = command.singleBatch === true;
  const ns = `${context.db}.${name}`;
  const { batch, id } = context.engine.cursors.open(ns, result.docs, batchSize, singleBatch);
  return cursorReply(ns, batch, id, true);
};

const getMore: CommandHandler = (command, context) => {
  const id = toLong(command.getMore, 'getMore');
  const name = collectionName(command, 'collection');
  const ns = `${context.db}.${name}`;
  const { batch, id: next } = context.engine.cursors.getMore(id, ns, nonNegative(command, 'batchSize'));
  return cursorReply(ns, batch, next, false);
};

const killCursors: CommandHandler = (command, context) => {
  collectionName(command, 'killCursors');
  const ids = Array.isArray(command.cursors) ? command.cursors : [];
  const killed: Long[] = [];
  const notFound: Long[] = [];
  for (const raw of ids) {
    const id = toLong(raw, 'cursors');
    (context.engine.cursors.kill(id) ? killed : notFound).push(id);
  }
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
};

const count: CommandHandler = (command, context) => {
  const name = collectionName(command, 'count');
  const collection = readTarget(context, name);
  checkHint(collection, command.hint);
  const query = optionalDocument(command, 'query') ?? {};
  const skip = nonNegative(command, 'skip') ?? 0;
  const limit = Math.abs(optionalNumber(command, 'limit') ?? 0);
  if (!collection) return { n: 0, ok: 1 };
  let n = countDocuments(collection, { ...queryEnvironment(command, context), filter: query });
  n = Math.max(0, n - skip);
  if (limit > 0) n = Math.min(n, limit);
  return { n, ok: 1 };
};

const distinct: CommandHandler = (command, context) => {
  const name = collectionName(command, 'distinct');
  const key = command.key;
  if (typeof key !== 'string' || key.length === 0) {
    throw new MongoCommandError(Codes.FailedToParse, "BSON field 'key' is missing or is not a string");
  }
  const collection = readTarget(context, name);
  checkHint(collection, command.hint);
  const env = queryEnvironment(command, context);
  const { docs } = findDocuments(collection, { ...env, filter: optionalDocument(command, 'query') });
  const compareStrings = env.collation ? collator(env.collation) : undefined;
  const all: unknown[] = [];
  for (const doc of docs) {
    for (const value of valuesAtPath(doc, key)) {
      if (value === MISSING || (Array.isArray(value) && value.length === 0)) continue;
      all.push(value);
    }
  }
  // Sorting first makes duplicates neighbours: O(n log n) however many distinct values there are.
  const order = (a: unknown, b: unknown): number => compareBson(a, b, compareStrings);
  all.sort(order);
  const values = all.filter((value, i) => i === 0 || order(all[i - 1], value) !== 0);
  return { values, ok: 1 };
};

export const readCommands: Record<string, CommandHandler> = { find, getMore, killCursors, count, distinct };
