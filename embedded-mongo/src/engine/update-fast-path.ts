import { serialize } from 'bson';
import type { Document } from 'bson';
import { Timestamp } from 'bson';
import { compare, isEqual, unique } from 'mingo/util';

import { Codes, MongoCommandError } from '../errors.ts';

/**
 * The common update operators on plain paths ($push and $addToSet without $slice, $sort or $position),
 * applied without mingo: `updateOne` builds a fresh operator
 * context on every call (copying ~150 operators four times), which made a one-field `$inc` cost as much as the
 * rest of a findAndModify. Results are mingo's, field for field (same value tests, same order of new fields);
 * anything this does not cover — positional paths, arrays or scalars along a path, `_id`, arrayFilters, other
 * operators, non-numeric arguments — returns `undefined` and goes to mingo unchanged.
 *
 * One deliberate difference, towards MongoDB: `$inc`/`$mul` on an existing non-numeric value fail with code 14
 * TypeMismatch, as mongod answers, where mingo silently leaves the value alone.
 *
 * The stored document is never modified: the top level and the objects along each touched path are copied.
 */

const FAST_OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$currentDate',
  '$push',
  '$addToSet',
]);

const PUSH_MODIFIERS = ['$each', '$slice', '$sort', '$position'];

/**
 * The values `$push`/`$addToSet` add: the argument alone, or a `{$each: [...]}` list; undefined for what mingo
 * must handle (`$slice`, `$sort`, `$position`, a malformed `$each`).
 */
function valuesToAdd(op: string, arg: unknown): unknown[] | undefined {
  if (!isPlainObject(arg)) return [arg];
  const modifiers = op === '$push' ? PUSH_MODIFIERS : ['$each'];
  const used = modifiers.filter((m) => Object.prototype.hasOwnProperty.call(arg, m));
  if (used.length === 0) return [arg];
  if (used.length > 1 || used[0] !== '$each' || !Array.isArray(arg.$each)) return undefined;
  return arg.$each as unknown[];
}

/** Names a plain object inherits (`constructor`, `toString`…): mingo reads them through the prototype. */
function isInheritedName(segment: string): boolean {
  return segment in Object.prototype;
}

function isPlainObject(value: unknown): value is Document {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function isFastPath(path: string): boolean {
  if (path.length === 0 || path.includes('$')) return false;
  const segments = path.split('.');
  if (segments[0] === '_id') return false;
  return segments.every((segment) => segment.length > 0 && !isInheritedName(segment));
}

/** Whether two paths name the same field or one lies inside the other (mingo refuses those, code 40). */
function conflicts(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return long.startsWith(short) && long.charCodeAt(short.length) === 46; // '.'
}

/** Whether the two values have the same BSON encoding (what decides if an update modified a document). */
export function sameEncoding(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a === b;
  if (typeof a === 'number' && typeof b === 'number') {
    // Distinct values always encode differently; 0 and -0 (int32 vs double) are left to the encoder.
    if (a !== 0 && b !== 0 && a === a && b === b) return a === b;
  } else if (a instanceof Date && b instanceof Date) {
    const x = a.getTime();
    const y = b.getTime();
    if (x === x && y === y) return x === y;
  } else if (typeof a === 'boolean' && typeof b === 'boolean') return a === b;
  else if (a === null && b === null) return true;
  return Buffer.from(serialize({ v: a })).equals(Buffer.from(serialize({ v: b })));
}

/** MongoDB's name of a value's type, for error messages. */
function bsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'date';
  if (value instanceof RegExp) return 'regex';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'object': {
      const tag = (value as { _bsontype?: string })._bsontype;
      if (tag === 'ObjectId') return 'objectId';
      if (tag === 'Binary') return 'binData';
      if (tag) return tag.charAt(0).toLowerCase() + tag.slice(1);
      return 'object';
    }
  }
  return typeof value;
}

function idText(id: unknown): string {
  if (typeof id === 'string') return `"${id}"`;
  const hex = (id as { toHexString?: () => string } | null)?.toHexString;
  if (typeof hex === 'function') return `ObjectId('${hex.call(id)}')`;
  return String(id);
}

/** Numeric in MongoDB but not a JS number here (a Long past 2^53, Decimal128…): mingo's business. */
function isBsonNumber(value: unknown): boolean {
  const tag = (value as { _bsontype?: string } | null)?._bsontype;
  return tag === 'Long' || tag === 'Int32' || tag === 'Double' || tag === 'Decimal128';
}

/** Tells the caller to use mingo instead. */
const FALLBACK = Symbol('fallback');

interface Leaf {
  op: string;
  path: string;
  segments: string[];
  arg: unknown;
}

export interface SimpleUpdateResult {
  doc: Document;
  /** Whether the new document encodes differently from the old one (MongoDB's "modified"). */
  changed: boolean;
  /**
   * Whether the new document may encode larger than the old one (a field added, or a value replaced by one of
   * another size), so the 16 MB limit needs checking; false when every change kept its encoded size.
   */
  grows: boolean;
}

/** int32 or double, as the BSON encoder chooses for a JS number. */
function encodesAsInt32(n: number): boolean {
  return Number.isSafeInteger(n) && n <= 0x7fffffff && n >= -0x80000000 && !Object.is(n, -0);
}

/** Whether replacing `a` by `b` certainly keeps the document's encoded size (the common fixed-size types). */
function sameEncodedSize(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return encodesAsInt32(a) === encodesAsInt32(b);
  if (a instanceof Date && b instanceof Date) return true;
  if (typeof a === 'boolean' && typeof b === 'boolean') return true;
  return a === null && b === null;
}

/**
 * Applies `modifier` (operators only, `$setOnInsert` already folded in or dropped) to `doc`, or returns
 * `undefined` when the update needs mingo.
 */
export function applySimpleUpdate(
  doc: Document,
  modifier: Document,
  hasArrayFilters: boolean,
): SimpleUpdateResult | undefined {
  if (hasArrayFilters) return undefined;
  const leaves: Leaf[] = [];
  for (const op of Object.keys(modifier)) {
    if (!FAST_OPERATORS.has(op)) return undefined;
    const spec = modifier[op] as Document;
    for (const path of Object.keys(spec)) {
      if (!isFastPath(path)) return undefined;
      const arg = spec[path];
      if (arg === undefined) return undefined;
      if ((op === '$inc' || op === '$mul') && (typeof arg !== 'number' || arg !== arg)) return undefined;
      if (op === '$currentDate' && currentDateKind(arg) === undefined) return undefined;
      if ((op === '$push' || op === '$addToSet') && valuesToAdd(op, arg) === undefined) return undefined;
      leaves.push({ op, path, segments: path.split('.'), arg });
    }
  }
  for (let i = 0; i < leaves.length; i++)
    for (let j = i + 1; j < leaves.length; j++)
      if (conflicts(leaves[i]!.path, leaves[j]!.path)) return undefined;

  const root: Document = { ...doc };
  const copies = new Map<string, Document>();
  let changed = false;
  let grows = false;
  let now: Date | undefined;
  for (const leaf of leaves) {
    const parent = container(root, leaf, copies, leaf.op !== '$unset');
    if (parent === FALLBACK) return undefined;
    if (parent === undefined) continue; // $unset of a path that does not exist
    const key = leaf.segments[leaf.segments.length - 1]!;
    const present = Object.prototype.hasOwnProperty.call(parent, key);
    const old: unknown = present ? parent[key] : undefined;
    if (present && old === undefined) return undefined;
    let next: unknown;
    switch (leaf.op) {
      case '$set':
        if (isEqual(old, leaf.arg)) continue;
        next = leaf.arg;
        break;
      case '$unset':
        if (!present) continue;
        delete parent[key];
        changed = true;
        continue;
      case '$inc':
      case '$mul': {
        const amount = leaf.arg as number;
        // mingo's arithmetic, to the sign of zero: `(old || 0) + amount`, a missing field multiplied gives 0.
        if (!present) next = leaf.op === '$inc' ? 0 + amount : 0;
        else if (typeof old === 'number') {
          if (old !== old) return undefined; // NaN: mingo leaves it, MongoDB computes NaN
          next = leaf.op === '$inc' ? (old || 0) + amount : old * amount;
        } else if (isBsonNumber(old)) return undefined;
        else {
          throw new MongoCommandError(
            Codes.TypeMismatch,
            `Cannot apply ${leaf.op} to a value of non-numeric type. {_id: ${idText(doc._id)}} has the field '${key}' of non-numeric type ${bsonTypeName(old)}`,
          );
        }
        break;
      }
      case '$min':
        if (present && compare(old, leaf.arg) < 1) continue;
        next = leaf.arg;
        break;
      case '$max':
        if (compare(present ? old : undefined, leaf.arg) > -1) continue;
        next = leaf.arg;
        break;
      case '$currentDate':
        now ??= new Date();
        next =
          currentDateKind(leaf.arg) === 'timestamp'
            ? new Timestamp({ t: Math.floor(now.getTime() / 1000), i: 1 })
            : now;
        break;
      case '$push':
      case '$addToSet': {
        // mingo: a missing field becomes the list as given (not deduplicated); a value that is not an array
        // is left alone, which mingo decides (mongod refuses it).
        const values = valuesToAdd(leaf.op, leaf.arg)!;
        if (!present) {
          parent[key] = values.slice();
          changed = grows = true;
          continue;
        }
        if (!Array.isArray(old)) return undefined;
        const list = leaf.op === '$push' ? old.concat(values) : unique(old.concat(values));
        if (list.length === old.length) continue; // nothing new: the array is unchanged
        parent[key] = list;
        changed = grows = true;
        continue;
      }
    }
    parent[key] = next;
    if (!present || !sameEncoding(old, next)) changed = true;
    if (!present || !sameEncodedSize(old, next)) grows = true;
  }
  return { doc: changed ? root : doc, changed, grows: changed && grows };
}

function currentDateKind(arg: unknown): 'date' | 'timestamp' | undefined {
  if (arg === true) return 'date';
  if (isPlainObject(arg) && (arg.$type === 'date' || arg.$type === 'timestamp')) return arg.$type;
  return undefined;
}

/**
 * The (copied) object holding a leaf's last segment: intermediate plain objects are copied once per update,
 * missing ones created when `create` is set. `undefined` when the path is missing and not to be created;
 * FALLBACK when something other than a plain object lies on the path (an array, a scalar, null).
 */
function container(
  root: Document,
  leaf: Leaf,
  copies: Map<string, Document>,
  create: boolean,
): Document | undefined | typeof FALLBACK {
  let parent = root;
  let prefix = '';
  for (let i = 0; i < leaf.segments.length - 1; i++) {
    const segment = leaf.segments[i]!;
    prefix = i === 0 ? segment : `${prefix}.${segment}`;
    let copy = copies.get(prefix);
    if (!copy) {
      const present = Object.prototype.hasOwnProperty.call(parent, segment);
      const current: unknown = present ? parent[segment] : undefined;
      if (!present) {
        if (!create) return undefined;
        copy = {};
      } else if (isPlainObject(current)) copy = { ...current };
      else return FALLBACK;
      parent[segment] = copy;
      copies.set(prefix, copy);
    }
    parent = copy;
  }
  return parent;
}
