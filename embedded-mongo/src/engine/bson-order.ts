/**
 * MongoDB's ordering of BSON values (the order indexes and sorts use): MinKey < null < numbers < strings <
 * objects < arrays < binary < ObjectId < booleans < dates < timestamps < regexes < MaxKey.
 */

import { ObjectId } from 'bson';

/** bson 7 keeps an ObjectId's 12 bytes as four 24-bit words (not in its public types). */
interface ObjectIdWords {
  i0?: unknown;
  i1: number;
  i2: number;
  i3: number;
}

/**
 * Byte order of two ObjectIds (the order of their hex strings) without building the strings; `undefined`
 * if this bson version stores them otherwise.
 */
function compareObjectIdWords(a: ObjectId, b: ObjectId): number | undefined {
  const x = a as unknown as ObjectIdWords;
  const y = b as unknown as ObjectIdWords;
  if (typeof x.i0 !== 'number' || typeof y.i0 !== 'number') return undefined;
  if (x.i0 !== y.i0) return x.i0 < y.i0 ? -1 : 1;
  if (x.i1 !== y.i1) return x.i1 < y.i1 ? -1 : 1;
  if (x.i2 !== y.i2) return x.i2 < y.i2 ? -1 : 1;
  return x.i3 === y.i3 ? 0 : x.i3 < y.i3 ? -1 : 1;
}

interface BsonTagged {
  _bsontype?: string;
}

function bsonType(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null ? (value as BsonTagged)._bsontype : undefined;
}

/** Canonical type rank; numbers of every representation share one rank so 1, 1.0 and Long(1) compare equal. */
export function typeRank(value: unknown): number {
  if (value === undefined || value === null) return 1;
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return 2;
    case 'string':
      return 3;
    case 'boolean':
      return 8;
  }
  if (Array.isArray(value)) return 5;
  if (value instanceof Date) return 9;
  if (value instanceof RegExp) return 11;
  switch (bsonType(value)) {
    case 'MinKey':
      return 0;
    case 'MaxKey':
      return 12;
    case 'Long':
    case 'Int32':
    case 'Double':
    case 'Decimal128':
      return 2;
    case 'BSONSymbol':
      return 3;
    case 'Binary':
      return 6;
    case 'ObjectId':
      return 7;
    case 'Timestamp':
      return 10;
    case 'BSONRegExp':
      return 11;
    case 'Code':
      return 11.5;
  }
  if (value instanceof Uint8Array) return 6;
  return 4;
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  const tagged = value as { toNumber?: () => number; valueOf(): unknown; toString(): string };
  if (bsonType(value) === 'Decimal128') return Number(tagged.toString());
  if (typeof tagged.toNumber === 'function') return tagged.toNumber();
  return Number(tagged.valueOf());
}

function compareNumbers(a: unknown, b: unknown): number {
  const x = toNumber(a);
  const y = toNumber(b);
  if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : -1;
  if (Number.isNaN(y)) return 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return Buffer.compare(a, b);
}

function bytesOf(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  const binary = value as { buffer: Uint8Array; sub_type?: number };
  return binary.buffer;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares two BSON values the way MongoDB orders them (arrays compared element-wise, as in an index key). */
export function compareBson(a: unknown, b: unknown, collate?: (x: string, y: string) => number): number {
  // Fast paths for the common index keys; the general path below gives the same answers.
  if (typeof a === 'string' && typeof b === 'string' && !collate) return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number' && typeof b === 'number' && a === a && b === b) return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    if (a instanceof ObjectId && b instanceof ObjectId) {
      const c = compareObjectIdWords(a, b);
      if (c !== undefined) return c;
    } else if (a instanceof Date && b instanceof Date) {
      const x = a.getTime();
      const y = b.getTime();
      if (x === x && y === y) return x < y ? -1 : x > y ? 1 : 0;
    }
  }
  const rankA = typeRank(a);
  const rankB = typeRank(b);
  if (rankA !== rankB) return rankA < rankB ? -1 : 1;
  switch (rankA) {
    case 0:
    case 1:
    case 12:
      return 0;
    case 2:
      return compareNumbers(a, b);
    case 3: {
      const x = String(a);
      const y = String(b);
      return collate ? collate(x, y) : compareStrings(x, y);
    }
    case 4:
      return compareObjects(a as Record<string, unknown>, b as Record<string, unknown>, collate);
    case 5:
      return compareArrays(a as unknown[], b as unknown[], collate);
    case 6:
      return compareBytes(bytesOf(a), bytesOf(b));
    case 7:
      return compareStrings(
        (a as { toHexString(): string }).toHexString(),
        (b as { toHexString(): string }).toHexString(),
      );
    case 8:
      return a === b ? 0 : a ? 1 : -1;
    case 9:
      return compareNumbers((a as Date).getTime(), (b as Date).getTime());
    case 10: {
      const x = a as { compare(other: unknown): number };
      return x.compare(b);
    }
    default:
      return compareStrings(String(a), String(b));
  }
}

function compareArrays(a: unknown[], b: unknown[], collate?: (x: string, y: string) => number): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareBson(a[i], b[i], collate);
    if (c !== 0) return c;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function compareObjects(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
  collate?: (x: string, y: string) => number,
): number {
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  const n = Math.min(keysA.length, keysB.length);
  for (let i = 0; i < n; i++) {
    const ka = keysA[i]!;
    const kb = keysB[i]!;
    const byType = typeRank(a[ka]) - typeRank(b[kb]);
    if (byType !== 0) return byType < 0 ? -1 : 1;
    const byName = compareStrings(ka, kb);
    if (byName !== 0) return byName;
    const byValue = compareBson(a[ka], b[kb], collate);
    if (byValue !== 0) return byValue;
  }
  return keysA.length === keysB.length ? 0 : keysA.length < keysB.length ? -1 : 1;
}

export const DATE_RANK = typeRank(new Date(0));
