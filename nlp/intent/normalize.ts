const COMBINING_MARKS = /[\u0300-\u036f]/g;
const APOSTROPHES = /['\u2019\u2018`]/g;
const DIGITS = /[0-9]+/g;
const NON_WORD = /[^\p{L}\p{N}]+/gu;

/**
 * Light normalisation shared by training and classification: case and accents carry no intent, digit values
 * rarely do (an order number is an entity, not a topic), and apostrophes are dropped so "don't" and "dont" meet.
 */
export function normalizeForIntent(text: string): string {
  return text
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(APOSTROPHES, '')
    .replace(DIGITS, '0')
    .replace(NON_WORD, ' ')
    .trim();
}

export function tokenizeForIntent(normalized: string): string[] {
  return normalized === '' ? [] : normalized.split(' ');
}
