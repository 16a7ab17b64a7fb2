import type { SimilarityIndex } from './item-similarity.ts';

export interface ScoredItem {
  itemId: string;
  /** P(i|u) = Σ_j∈S(u) r_uj·sim(i,j) / Σ_j∈S(u) |sim(i,j)|. */
  score: number;
  /** The denominator Σ|sim(i,j)|: how much of the user's history speaks for this item. */
  support: number;
}

// With implicit feedback many users have every rating equal, which makes P(i|u) equal for every candidate;
// ties are therefore broken by support (items close to more of what the user bought come first), then id
// so the order is stable.
export function predictForUser(
  similarity: SimilarityIndex,
  owned: ReadonlyMap<string, number>,
): ScoredItem[] {
  const numerator = new Map<string, number>();
  const denominator = new Map<string, number>();
  for (const [ownedItem, rating] of owned) {
    const neighbours = similarity.get(ownedItem);
    if (!neighbours) continue;
    for (const [candidate, sim] of neighbours) {
      if (owned.has(candidate) || sim === 0) continue;
      numerator.set(candidate, (numerator.get(candidate) ?? 0) + rating * sim);
      denominator.set(candidate, (denominator.get(candidate) ?? 0) + Math.abs(sim));
    }
  }
  const scored: ScoredItem[] = [];
  for (const [itemId, support] of denominator) {
    scored.push({ itemId, score: (numerator.get(itemId) ?? 0) / support, support });
  }
  return scored.sort(
    (a, b) =>
      b.score - a.score || b.support - a.support || (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0),
  );
}
