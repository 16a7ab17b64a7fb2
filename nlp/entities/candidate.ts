import type { EntityType, EntityValue } from '../types.ts';

/** An entity found in the normalised text, before overlaps are resolved and offsets mapped back. */
export interface Candidate {
  type: EntityType;
  value: EntityValue;
  normStart: number;
  normEnd: number;
}

/**
 * When two candidates overlap, the more specific reading wins: an email contains something that looks like a
 * URL host, an order number looks like a phone number, a price contains a number compromise may read as a date.
 */
const PRIORITY: Record<EntityType, number> = {
  email: 0,
  url: 1,
  order_number: 2,
  ticket_number: 2,
  // A price limit contains an amount: "under $150" is one limit, not money.
  price_range: 2.5,
  money: 3,
  phone: 4,
  date: 5,
  product: 6,
  category: 7,
};

/** Keeps a set of non-overlapping candidates: by priority, then the longer, then the earlier. */
export function resolveOverlaps(candidates: Candidate[]): Candidate[] {
  const ranked = [...candidates].sort(
    (a, b) =>
      PRIORITY[a.type] - PRIORITY[b.type] ||
      b.normEnd - b.normStart - (a.normEnd - a.normStart) ||
      a.normStart - b.normStart,
  );
  const kept: Candidate[] = [];
  for (const candidate of ranked) {
    const clash = kept.some((k) => candidate.normStart < k.normEnd && k.normStart < candidate.normEnd);
    if (!clash) kept.push(candidate);
  }
  return kept.sort((a, b) => a.normStart - b.normStart);
}
