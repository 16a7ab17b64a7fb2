import { z } from 'zod';

const positiveInt = (max: number) => z.coerce.number().int().min(1).max(max);

/** `page` (1-based) and `limit` (at most 100), shared by every paged list. */
export const pageQuery = z.object({
  page: positiveInt(10_000).default(1),
  limit: positiveInt(100).default(20),
});

/**
 * A query filter value: no control characters (a NUL byte cannot be part of a MongoDB regular expression, and
 * none belongs in a filter), at most `max` characters.
 */
export const filterText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    // eslint-disable-next-line no-control-regex
    .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), 'must not contain control characters');

/** Free-text search input: bounded so a regular expression built from it stays cheap. */
export const searchText = filterText(100);
