import { isValidObjectId, Types } from 'mongoose';
import { AppError } from '../shared/errors.ts';

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** Only the 24-hex form: mongoose would also accept any 12-character string, which is never a real id. */
export function isObjectIdString(value: string): boolean {
  return OBJECT_ID.test(value) && isValidObjectId(value);
}

export function toObjectId(value: string, what = 'id'): Types.ObjectId {
  if (!isObjectIdString(value)) throw new AppError('INVALID_ID', `The ${what} is not valid.`);
  return new Types.ObjectId(value);
}

export function idOf(value: Types.ObjectId | null | undefined): string | null {
  return value === null || value === undefined ? null : value.toHexString();
}

export function newId(): string {
  return new Types.ObjectId().toHexString();
}
