import { BSON, type Document } from 'mongodb';
import { bsonTag, bsonTypesOf, bytesAsHex, describe, numericValue, scalarsEqual } from './bson-values.ts';

export { describe } from './bson-values.ts';

/**
 * The unified test format's "Evaluating Matches" rules: expected values come from the spec file (relaxed
 * EJSON), actual values from the driver. Numbers compare by value whatever their BSON width, documents may
 * carry extra keys only at the root, and `$$`-operators replace a value with a check.
 */
export class MatchFailure extends Error {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`${path === '' ? '(root)' : path}: ${detail}`);
    this.name = 'MatchFailure';
  }
}

export interface MatchContext {
  /** The value saved under an entity id, for `$$matchesEntity`. */
  entity(id: string): unknown;
  /** The lsid document of a session entity, for `$$sessionLsid`. */
  sessionLsid(id: string): Document;
}

export interface MatchOptions {
  /** Root documents (results, command documents) may have keys the test does not mention. */
  extraKeysAtRoot: boolean;
}

export const NO_ENTITIES: MatchContext = {
  entity(id) {
    throw new Error(`no entity named ${id}`);
  },
  sessionLsid(id) {
    throw new Error(`no session entity named ${id}`);
  },
};

/** Throws a MatchFailure naming the first difference; returns when `actual` matches `expected`. */
export function assertMatches(
  expected: unknown,
  actual: unknown,
  context: MatchContext = NO_ENTITIES,
  options: MatchOptions = { extraKeysAtRoot: true },
): void {
  matchValue(expected, actual, '', options.extraKeysAtRoot, context);
}

type PlainDocument = Record<string, unknown>;

export function isPlainDocument(value: unknown): value is PlainDocument {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function specialOperator(value: unknown): [string, unknown] | undefined {
  if (!isPlainDocument(value)) return undefined;
  const keys = Object.keys(value);
  const [key] = keys;
  if (keys.length !== 1 || key === undefined || !key.startsWith('$$')) return undefined;
  return [key, value[key]];
}

function matchValue(expected: unknown, actual: unknown, path: string, root: boolean, context: MatchContext) {
  const special = specialOperator(expected);
  if (special) {
    matchSpecial(special[0], special[1], actual, path, root, context);
  } else if (isPlainDocument(expected)) {
    matchDocument(expected, actual, path, root, context);
  } else if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) throw new MatchFailure(path, `expected an array, got ${describe(actual)}`);
    if (actual.length !== expected.length) {
      throw new MatchFailure(
        path,
        `expected ${expected.length} elements, got ${actual.length}: ${describe(actual)}`,
      );
    }
    // Elements of a root array (a find or aggregate result) are themselves root documents.
    expected.forEach((element, index) =>
      matchValue(element, actual[index], join(path, index), root, context),
    );
  } else if (!scalarsEqual(expected, actual)) {
    throw new MatchFailure(path, `expected ${describe(expected)}, got ${describe(actual)}`);
  }
}

function matchDocument(
  expected: PlainDocument,
  actual: unknown,
  path: string,
  root: boolean,
  context: MatchContext,
) {
  actual = asWireDocument(actual);
  if (!isPlainDocument(actual)) throw new MatchFailure(path, `expected a document, got ${describe(actual)}`);
  for (const [key, expectedValue] of Object.entries(expected)) {
    const keyPath = join(path, key);
    const present = Object.hasOwn(actual, key) && actual[key] !== undefined;
    const special = specialOperator(expectedValue);
    if (special?.[0] === '$$exists') {
      if (present !== special[1]) {
        throw new MatchFailure(
          keyPath,
          present ? `should be absent, is ${describe(actual[key])}` : 'missing',
        );
      }
      continue;
    }
    if (special?.[0] === '$$unsetOrMatches' && !present) continue;
    if (!present) throw new MatchFailure(keyPath, `missing; expected ${describe(expectedValue)}`);
    matchValue(expectedValue, actual[key], keyPath, false, context);
  }
  if (!root) {
    const extra = Object.keys(actual).filter(
      (key) => !Object.hasOwn(expected, key) && actual[key] !== undefined,
    );
    if (extra.length > 0) throw new MatchFailure(path, `unexpected keys ${extra.join(', ')}`);
  }
}

/**
 * Command documents in monitoring events hold what the driver will serialize, which is not always a plain
 * object: `sort` is a Map (to keep key order) and `readConcern` a ReadConcern instance. Read them the way
 * the BSON serializer writes them.
 */
function asWireDocument(value: unknown): unknown {
  if (value instanceof Map) return Object.fromEntries(value);
  if (typeof value !== 'object' || value === null || isPlainDocument(value) || Array.isArray(value))
    return value;
  if (value instanceof Date || value instanceof RegExp || ArrayBuffer.isView(value) || bsonTag(value))
    return value;
  const toBSON: unknown = (value as { toBSON?: unknown }).toBSON;
  return typeof toBSON === 'function' ? asWireDocument(toBSON.call(value)) : { ...value };
}

function matchSpecial(
  operator: string,
  argument: unknown,
  actual: unknown,
  path: string,
  root: boolean,
  context: MatchContext,
) {
  switch (operator) {
    case '$$exists':
      if ((actual !== undefined) !== argument) {
        throw new MatchFailure(path, argument ? 'missing' : `should be absent, is ${describe(actual)}`);
      }
      return;
    case '$$unsetOrMatches':
      if (actual !== undefined) matchValue(argument, actual, path, root, context);
      return;
    case '$$type': {
      const wanted = Array.isArray(argument) ? argument : [argument];
      const types = bsonTypesOf(actual);
      if (!wanted.some((type) => typeof type === 'string' && types.includes(type))) {
        throw new MatchFailure(path, `expected type ${wanted.join('|')}, got ${describe(actual)}`);
      }
      return;
    }
    case '$$lte': {
      const limit = numericValue(argument);
      const value = numericValue(actual);
      if (limit === undefined || value === undefined || value > limit) {
        throw new MatchFailure(path, `expected a number <= ${describe(argument)}, got ${describe(actual)}`);
      }
      return;
    }
    case '$$matchesEntity':
      matchValue(context.entity(String(argument)), actual, path, root, context);
      return;
    case '$$sessionLsid':
      matchValue(context.sessionLsid(String(argument)), actual, path, false, context);
      return;
    case '$$matchesHexBytes': {
      const hex = bytesAsHex(actual);
      if (hex === undefined || hex !== String(argument).toLowerCase()) {
        throw new MatchFailure(path, `expected bytes ${String(argument)}, got ${describe(actual)}`);
      }
      return;
    }
    case '$$matchAsDocument': {
      if (typeof actual !== 'string')
        throw new MatchFailure(path, `expected a JSON string, got ${describe(actual)}`);
      const parsed: unknown = BSON.EJSON.parse(actual, { relaxed: true });
      matchValue(argument, parsed, path, false, context);
      return;
    }
    case '$$matchAsRoot':
      matchValue(argument, actual, path, true, context);
      return;
    default:
      throw new MatchFailure(path, `the runner does not implement ${operator}`);
  }
}

function join(path: string, key: string | number): string {
  return path === '' ? String(key) : `${path}.${key}`;
}
