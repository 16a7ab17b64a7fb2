import type { Document } from 'bson';

import { Codes, MongoCommandError } from '../errors.ts';

/** The collection a command names in its first field (`{find: "users"}`). */
export function collectionName(command: Document, name: string): string {
  const value = command[name];
  if (typeof value !== 'string' || value.length === 0) {
    throw new MongoCommandError(
      Codes.InvalidNamespace,
      `collection name has invalid type ${value === null ? 'null' : typeof value}`,
    );
  }
  return value;
}

export function optionalDocument(command: Document, field: string): Document | undefined {
  const value = command[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new MongoCommandError(
      Codes.TypeMismatch,
      `BSON field '${field}' is the wrong type '${Array.isArray(value) ? 'array' : typeof value}', expected type 'object'`,
    );
  }
  return value as Document;
}

export function optionalNumber(command: Document, field: string): number | undefined {
  const value = command[field];
  if (value === undefined || value === null) return undefined;
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'object' && 'toNumber' in value
        ? (value as { toNumber(): number }).toNumber()
        : NaN;
  if (!Number.isFinite(n)) {
    throw new MongoCommandError(
      Codes.TypeMismatch,
      `BSON field '${field}' is the wrong type '${typeof value}', expected a number`,
    );
  }
  return n;
}

export function nonNegative(command: Document, field: string): number | undefined {
  const n = optionalNumber(command, field);
  if (n !== undefined && n < 0) {
    throw new MongoCommandError(Codes.BadValue, `${field} value must be non-negative, but received: ${n}`);
  }
  return n;
}

export function documentArray(command: Document, field: string): Document[] {
  const value = command[field];
  if (!Array.isArray(value)) {
    throw new MongoCommandError(Codes.FailedToParse, `BSON field '${field}' is missing or is not an array`);
  }
  return value as Document[];
}
