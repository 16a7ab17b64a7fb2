import type { PageRequest } from '../records.ts';

export const DEFAULT_PAGE: PageRequest = { page: 1, limit: 20 };

export function skipOf(request: PageRequest): number {
  return (request.page - 1) * request.limit;
}
