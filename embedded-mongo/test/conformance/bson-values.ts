/** How the matcher sees BSON values once the driver has decoded them: type aliases, numbers, equality. */
import { BSON, type Document } from 'mongodb';

export function bsonTag(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const tag: unknown = (value as { _bsontype?: unknown })._bsontype;
  return typeof tag === 'string' ? tag : undefined;
}

/**
 * The driver promotes int32, int64 (in the safe range) and double to JS numbers, so a number can only be
 * told apart by whether it is integral: an integral number answers to every numeric alias.
 */
export function bsonTypesOf(value: unknown): string[] {
  if (value === undefined) return [];
  if (value === null) return ['null'];
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return ['double', 'number'];
    const int32 = value >= -2147483648 && value <= 2147483647;
    return int32 ? ['int', 'long', 'double', 'number'] : ['long', 'double', 'number'];
  }
  if (typeof value === 'string') return ['string'];
  if (typeof value === 'boolean') return ['bool'];
  if (Array.isArray(value)) return ['array'];
  if (value instanceof Date) return ['date'];
  if (value instanceof RegExp) return ['regex'];
  switch (bsonTag(value)) {
    case 'ObjectId':
      return ['objectId'];
    case 'Binary':
      return ['binData'];
    case 'Long':
      return ['long', 'number'];
    case 'Int32':
      return ['int', 'number'];
    case 'Double':
      return ['double', 'number'];
    case 'Decimal128':
      return ['decimal', 'number'];
    case 'Timestamp':
      return ['timestamp'];
    case 'BSONRegExp':
      return ['regex'];
    case 'Code':
      return (value as { scope?: unknown }).scope ? ['javascriptWithScope'] : ['javascript'];
    case 'MinKey':
      return ['minKey'];
    case 'MaxKey':
      return ['maxKey'];
    case 'BSONSymbol':
      return ['symbol'];
    default:
      return typeof value === 'object' ? ['object'] : [];
  }
}

/** Exact value of any non-decimal BSON number, as a string so that int64 beyond 2^53 stays exact. */
export function exactNumber(value: unknown): string | undefined {
  if (typeof value === 'number') {
    return Number.isInteger(value) ? BigInt(value).toString() : String(value);
  }
  switch (bsonTag(value)) {
    case 'Long':
      return String(value);
    case 'Int32':
    case 'Double':
      return exactNumber((value as { value: number }).value);
    default:
      return undefined;
  }
}

export function numericValue(value: unknown): number | undefined {
  const exact = exactNumber(value);
  return exact === undefined ? undefined : Number(exact);
}

export function bytesAsHex(value: unknown): string | undefined {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (bsonTag(value) === 'Binary') return Buffer.from((value as BSON.Binary).buffer).toString('hex');
  return undefined;
}

function regexParts(value: unknown): [string, string] | undefined {
  if (value instanceof RegExp) return [value.source, [...value.flags].sort().join('')];
  if (bsonTag(value) === 'BSONRegExp') {
    const regex = value as BSON.BSONRegExp;
    return [regex.pattern, [...regex.options].sort().join('')];
  }
  return undefined;
}

export function scalarsEqual(expected: unknown, actual: unknown): boolean {
  const expectedNumber = exactNumber(expected);
  if (expectedNumber !== undefined) return expectedNumber === exactNumber(actual);
  if (expected === null || typeof expected !== 'object') return expected === actual;
  if (expected instanceof Date) return actual instanceof Date && actual.getTime() === expected.getTime();
  const expectedRegex = regexParts(expected);
  if (expectedRegex) {
    const actualRegex = regexParts(actual);
    return actualRegex !== undefined && actualRegex.join('/') === expectedRegex.join('/');
  }
  const tag = bsonTag(expected);
  if (tag === undefined || tag !== bsonTag(actual)) return false;
  if (tag === 'Binary') {
    const [left, right] = [expected as BSON.Binary, actual as BSON.Binary];
    return left.sub_type === right.sub_type && bytesAsHex(left) === bytesAsHex(right);
  }
  // ObjectId, Decimal128, Timestamp, Code, MinKey, MaxKey...: equal types with equal canonical EJSON.
  return canonical(expected) === canonical(actual);
}

function canonical(value: unknown): string {
  return BSON.EJSON.stringify(value as Document, { relaxed: false });
}

export function describe(value: unknown): string {
  if (value === undefined) return '(absent)';
  let text: string;
  try {
    text = BSON.EJSON.stringify(value as Document, { relaxed: true });
  } catch {
    text = String(value);
  }
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
