import { z } from 'zod';

const positiveInt = (max: number) => z.coerce.number().int().min(1).max(max);

/** `page` (1-based) and `limit` (at most 100), shared by every paged list. */
export const pageQuery = z.object({
  page: positiveInt(10_000).default(1),
  limit: positiveInt(100).default(20),
});

/** Free-text search input: bounded so a regular expression built from it stays cheap. */
export const searchText = z.string().trim().min(1).max(100);
