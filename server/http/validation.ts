import type { z } from 'zod';
import { isObjectIdString } from '../data/ids.ts';
import { AppError } from '../shared/errors.ts';

/** Parses request input; failures become VALIDATION_FAILED listing each field and what is wrong with it. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    field: issue.path.join('.'),
    message: issue.message,
  }));
  throw new AppError('VALIDATION_FAILED', undefined, { details: { issues } });
}

/** A path id: INVALID_ID (400) for anything that is not a 24-hex ObjectId. */
export function parseIdParam(value: string | string[] | undefined, what: string): string {
  if (typeof value !== 'string' || !isObjectIdString(value)) {
    throw new AppError('INVALID_ID', `The ${what} is not valid.`);
  }
  return value.toLowerCase();
}
