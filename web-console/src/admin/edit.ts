import { ApiError } from '../api/http.ts';

// The editors' pure helpers (no JSX), unit-tested in test/web-console/admin-edit.test.ts.

/** A textarea's entries, one per line: trimmed, blank lines dropped. */
export const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

/** The fields of `content` that differ from `before` (all of them when there is no `before`: a new record). */
export function changedFields<T extends object>(content: T, before: T | null): Partial<T> {
  if (before === null) return content;
  return Object.fromEntries(
    Object.entries(content).filter(
      ([field, value]) => JSON.stringify(value) !== JSON.stringify(before[field as keyof T]),
    ),
  ) as Partial<T>;
}

/** A 409 VERSION_CONFLICT: the version now stored, or null for any other error. */
export function conflictVersion(error: unknown): number | null {
  if (!(error instanceof ApiError) || error.code !== 'VERSION_CONFLICT') return null;
  const current = (error.details as { currentVersion?: unknown } | undefined)?.currentVersion;
  return typeof current === 'number' ? current : null;
}
