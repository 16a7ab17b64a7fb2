import type { Document } from 'bson';
import type { QueryOperator } from 'mingo/types';

import { Codes, MongoCommandError } from '../errors.ts';

// MongoDB's type numbers and aliases.
const ALIASES: Record<number, string> = {
  1: 'double',
  2: 'string',
  3: 'object',
  4: 'array',
  5: 'binData',
  6: 'undefined',
  7: 'objectId',
  8: 'bool',
  9: 'date',
  10: 'null',
  11: 'regex',
  13: 'javascript',
  14: 'symbol',
  16: 'int',
  17: 'timestamp',
  18: 'long',
  19: 'decimal',
  [-1]: 'minKey',
  127: 'maxKey',
};
const KNOWN = new Set([...Object.values(ALIASES), 'number']);

const TAGGED: Record<string, string> = {
  ObjectId: 'objectId',
  Binary: 'binData',
  Timestamp: 'timestamp',
  Long: 'long',
  Decimal128: 'decimal',
  Double: 'double',
  Int32: 'int',
  MinKey: 'minKey',
  MaxKey: 'maxKey',
  BSONRegExp: 'regex',
  BSONSymbol: 'symbol',
  Code: 'javascript',
};

/**
 * The BSON type alias of a decoded value. Numbers were promoted on decoding, so an integral double
 * reads as "int" (or "long" beyond 32 bits): the one place the engine cannot be exact.
 */
function aliasOf(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      if (!Number.isInteger(value)) return 'double';
      return value >= -2_147_483_648 && value <= 2_147_483_647 ? 'int' : 'long';
    case 'bigint':
      return 'long';
  }
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'date';
  if (value instanceof RegExp) return 'regex';
  if (value instanceof Uint8Array) return 'binData';
  const tag = (value as { _bsontype?: string })._bsontype;
  if (tag) return TAGGED[tag] ?? 'object';
  return 'object';
}

function wanted(spec: unknown): Set<string> {
  const names = new Set<string>();
  for (const item of Array.isArray(spec) ? spec : [spec]) {
    const name = typeof item === 'number' ? ALIASES[item] : item;
    if (typeof name !== 'string' || !KNOWN.has(name)) {
      throw new MongoCommandError(Codes.BadValue, `Unknown type name alias: ${String(item)}`);
    }
    names.add(name);
  }
  return names;
}

const ARRAY_INDEX = /^(0|[1-9]\d*)$/;

function isDocument(value: unknown): value is Document {
  return aliasOf(value) === 'object';
}

/**
 * The values a condition on a dotted path is tested against, as MongoDB reaches them: an array met on
 * the way is crossed through its documents (and through the element a numeric step names), and an
 * array at the end counts as itself and as each of its elements, one level deep. mingo's `resolve`
 * gathers what it crosses into one list, which `$type: 'array'` would then match by itself.
 */
function valuesAt(value: unknown, path: readonly string[], found: unknown[] = []): unknown[] {
  if (path.length === 0) {
    found.push(value);
    if (Array.isArray(value)) found.push(...value);
    return found;
  }
  const [step, ...rest] = path as [string, ...string[]];
  if (Array.isArray(value)) {
    if (ARRAY_INDEX.test(step) && Number(step) < value.length) valuesAt(value[Number(step)], rest, found);
    for (const element of value) {
      if (isDocument(element) && Object.hasOwn(element, step)) valuesAt(element[step], rest, found);
    }
  } else if (isDocument(value) && Object.hasOwn(value, step)) {
    valuesAt(value[step], rest, found);
  }
  return found;
}

/** `$type` over every BSON type the engine holds (mingo's own sees only JavaScript types). */
export const $type = ((selector: string, spec: unknown) => {
  const names = wanted(spec);
  const numbers = names.has('number');
  const path = selector.split('.');
  const matches = (value: unknown): boolean => {
    const alias = aliasOf(value);
    return names.has(alias) || (numbers && ['int', 'long', 'double', 'decimal'].includes(alias));
  };
  return (doc: Document) => valuesAt(doc, path).some(matches);
}) as unknown as QueryOperator;
