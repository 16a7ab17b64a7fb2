/**
 * Canonical forms for contact details, so the same person typed twice is one contact and unique indexes
 * catch duplicates. Pure functions: the chat side uses them on entities before looking contacts up.
 */

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Lowercased and trimmed; null when it is not shaped like an address. */
export function normaliseEmail(input: string): string | null {
  const email = input.trim().toLowerCase();
  return email.length <= 254 && EMAIL.test(email) ? email : null;
}

/**
 * E.164-like: `+` and digits when an international prefix (`+` or `00`) was given, otherwise the digits as
 * typed (we do not guess a country). Null when the digit count cannot be a phone number.
 */
export function normalisePhone(input: string): string | null {
  const trimmed = input.trim();
  if (!/^[+\d][\d\s().-]*$/.test(trimmed)) return null;
  const international = trimmed.startsWith('+') || trimmed.startsWith('00');
  let digits = trimmed.replace(/\D/g, '');
  if (trimmed.startsWith('00')) digits = digits.slice(2);
  if (digits.length < 7 || digits.length > 15) return null;
  return international ? `+${digits}` : digits;
}

/** Normalised, invalid entries dropped, first occurrence kept. */
export function normaliseList(
  values: readonly string[],
  normalise: (value: string) => string | null,
): string[] {
  const out = new Set<string>();
  for (const value of values) {
    const normalised = normalise(value);
    if (normalised !== null) out.add(normalised);
  }
  return [...out];
}

/** For user-typed search text put into a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
