import { EJSON, ObjectId } from 'bson';
import type { Document } from 'bson';

import { Codes, MongoCommandError } from '../errors.ts';

/** Renders a key value the way mongod's E11000 message does (`"a@b.c"`, `ObjectId('…')`, `null`). */
function formatValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof ObjectId) return `ObjectId('${value.toHexString()}')`;
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  return EJSON.stringify(value, { relaxed: true });
}

export function duplicateKeyError(
  namespace: string,
  indexName: string,
  keyPattern: Document,
  key: unknown[],
): MongoCommandError {
  const fields = Object.keys(keyPattern);
  const keyValue: Document = {};
  fields.forEach((field, i) => (keyValue[field] = key[i] ?? null));
  const rendered = fields.map((field, i) => `${field}: ${formatValue(key[i])}`).join(', ');
  return new MongoCommandError(
    Codes.DuplicateKey,
    `E11000 duplicate key error collection: ${namespace} index: ${indexName} dup key: { ${rendered} }`,
    { keyPattern: { ...keyPattern }, keyValue },
  );
}
