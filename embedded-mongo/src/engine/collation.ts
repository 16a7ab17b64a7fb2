import type { Document } from 'bson';
import type { QueryOperator } from 'mingo/types';
import { isEqual, resolve } from 'mingo/util';

/** A string comparison honouring a MongoDB collation document (locale, strength, caseLevel, numericOrdering). */
export function collator(collation: Document): (a: string, b: string) => number {
  const strength = typeof collation.strength === 'number' ? collation.strength : 3;
  let sensitivity: Intl.CollatorOptions['sensitivity'] = 'variant';
  if (strength === 1) sensitivity = collation.caseLevel ? 'case' : 'base';
  else if (strength === 2) sensitivity = 'accent';
  const caseFirst =
    collation.caseFirst === 'upper' || collation.caseFirst === 'lower' ? collation.caseFirst : 'false';
  const intl = new Intl.Collator(String(collation.locale), {
    sensitivity,
    numeric: collation.numericOrdering === true,
    caseFirst,
    ignorePunctuation: collation.alternate === 'shifted',
  });
  return (a, b) => intl.compare(a, b);
}

function candidates(value: unknown): unknown[] {
  return Array.isArray(value) ? [value, ...value] : [value];
}

/**
 * Equality operators that compare strings through the collation. mingo applies a collation only
 * when sorting; MongoDB applies it to every string comparison of the query.
 */
export function collationOperators(collation: Document): Record<string, QueryOperator> {
  const compare = collator(collation);
  const equals = (actual: unknown, expected: unknown): boolean => {
    for (const value of candidates(actual)) {
      if (typeof value === 'string' && typeof expected === 'string') {
        if (compare(value, expected) === 0) return true;
      } else if (isEqual(value, expected)) return true;
      else if ((value === null || value === undefined) && (expected === null || expected === undefined))
        return true;
    }
    return false;
  };
  const matchesIn = (actual: unknown, list: unknown): boolean => {
    const expected = Array.isArray(list) ? list : [list];
    return expected.some((e) =>
      e instanceof RegExp
        ? candidates(actual).some((v) => typeof v === 'string' && e.test(v))
        : equals(actual, e),
    );
  };
  // mingo types query operators as an intersection of every operator's signature; ours take any value.
  const field = (test: (actual: unknown, expected: unknown) => boolean): QueryOperator =>
    ((selector: string, value: unknown) => (doc: unknown) =>
      test(resolve(doc as Document, selector, { unwrapArray: true }), value)) as unknown as QueryOperator;
  return {
    $eq: field(equals),
    $ne: field((a, e) => !equals(a, e)),
    $in: field(matchesIn),
    $nin: field((a, e) => !matchesIn(a, e)),
  };
}
