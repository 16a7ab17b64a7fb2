import { AppError } from '../shared/errors.ts';

export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

/** A unique index said no: the caller learns which kind of record clashed, never the driver's message. */
export function duplicateAsConflict(error: unknown, message: string): never {
  if (isDuplicateKeyError(error)) throw new AppError('ALREADY_EXISTS', message, { cause: error });
  throw error;
}

/** A mongoose ValidationError (bad enum, too long…) from data the caller supplied. */
export function validationAsAppError(error: unknown): never {
  if (error instanceof Error && error.name === 'ValidationError') {
    throw new AppError('VALIDATION_FAILED', undefined, { cause: error });
  }
  throw error;
}

/** A create that may hit a unique index (ALREADY_EXISTS) or a schema rule (VALIDATION_FAILED). */
export function writeErrorAsAppError(error: unknown, duplicateMessage: string): never {
  if (isDuplicateKeyError(error)) throw new AppError('ALREADY_EXISTS', duplicateMessage, { cause: error });
  return validationAsAppError(error);
}
