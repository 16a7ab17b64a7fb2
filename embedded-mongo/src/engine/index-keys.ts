import type { Document } from 'bson';

import { compareBson } from './bson-order.ts';

/** Marks a path that does not exist in a document (MongoDB indexes it as null unless the index is sparse). */
export const MISSING = Symbol('missing');

type KeyPart = unknown | typeof MISSING;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return (
    (value as { _bsontype?: string })._bsontype === undefined &&
    !(value instanceof Date) &&
    !(value instanceof RegExp)
  );
}

function collect(value: unknown, parts: string[], i: number, out: KeyPart[]): void {
  if (i === parts.length) {
    if (Array.isArray(value)) {
      // A multikey index holds one key per element; an empty array is its own key.
      if (value.length === 0) out.push([]);
      else for (const element of value) out.push(element);
    } else out.push(value);
    return;
  }
  const part = parts[i]!;
  if (Array.isArray(value)) {
    if (/^\d+$/.test(part) && Number(part) < value.length) {
      collect(value[Number(part)], parts, i + 1, out);
      return;
    }
    let found = false;
    for (const element of value) {
      if (isPlainObject(element)) {
        found = true;
        collect(element, parts, i, out);
      }
    }
    if (!found) out.push(MISSING);
    return;
  }
  if (isPlainObject(value) && Object.prototype.hasOwnProperty.call(value, part)) {
    collect(value[part], parts, i + 1, out);
    return;
  }
  out.push(MISSING);
}

/** Every value a document has at a dotted path, unwinding arrays as a multikey index does. */
export function valuesAtPath(doc: Document, path: string): KeyPart[] {
  const out: KeyPart[] = [];
  collect(doc, path.split('.'), 0, out);
  return out;
}

/** Marks a path that leads through an array: the document may have several keys. */
const ARRAY = Symbol('array');

/** The value at a path that crosses only plain objects, MISSING, or ARRAY when an array lies on the way. */
function scalarAt(doc: Document, path: string): unknown {
  let value: unknown = doc;
  let start = 0;
  for (;;) {
    const dot = path.indexOf('.', start);
    const part = dot === -1 ? path.slice(start) : path.slice(start, dot);
    if (!isPlainObject(value) || !Object.prototype.hasOwnProperty.call(value, part))
      return Array.isArray(value) ? ARRAY : MISSING;
    value = value[part];
    if (Array.isArray(value)) return ARRAY;
    if (dot === -1) return value;
    start = dot + 1;
  }
}

/** The index keys of a document (the cartesian product over compound fields), or null if a sparse index skips it. */
export function indexKeys(doc: Document, fields: readonly string[], sparse: boolean): unknown[][] | null {
  // Most documents have one value per indexed field: one key, no cartesian product.
  const key: unknown[] = [];
  let present = false;
  for (const field of fields) {
    const value = scalarAt(doc, field);
    if (value === ARRAY) return multikeyIndexKeys(doc, fields, sparse);
    if (value !== MISSING) present = true;
    key.push(value === MISSING || value === undefined ? null : value);
  }
  if (sparse && !present) return null;
  return [key];
}

/** The general computation, over every value of each field; exported for the specs that compare the two. */
export function multikeyIndexKeys(
  doc: Document,
  fields: readonly string[],
  sparse: boolean,
): unknown[][] | null {
  let tuples: unknown[][] = [[]];
  let anyPresent = false;
  for (const field of fields) {
    const values = valuesAtPath(doc, field);
    const distinct: unknown[] = [];
    for (const value of values) {
      if (value !== MISSING) anyPresent = true;
      const normalized = value === MISSING || value === undefined ? null : value;
      if (!distinct.some((d) => compareBson(d, normalized) === 0)) distinct.push(normalized);
    }
    const next: unknown[][] = [];
    for (const tuple of tuples) for (const value of distinct) next.push([...tuple, value]);
    tuples = next;
  }
  if (sparse && !anyPresent) return null;
  return tuples;
}

/** MongoDB's default index name: `field_1_other_-1`. */
export function defaultIndexName(key: Document): string {
  return Object.entries(key)
    .map(([field, direction]) => `${field}_${String(direction)}`)
    .join('_');
}
