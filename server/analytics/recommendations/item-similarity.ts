export interface Purchase {
  userId: string;
  itemId: string;
  /** Units bought; the rating r_ui is the total over the user's orders. */
  quantity: number;
}

/** user → item → rating r_ui. */
export type RatingMatrix = Map<string, Map<string, number>>;

/** item → neighbour → cosine similarity; only pairs bought together at least once are stored. */
export type SimilarityIndex = Map<string, Map<string, number>>;

export function buildRatingMatrix(purchases: Iterable<Purchase>): RatingMatrix {
  const matrix: RatingMatrix = new Map();
  for (const { userId, itemId, quantity } of purchases) {
    if (!(quantity > 0)) continue;
    let row = matrix.get(userId);
    if (!row) {
      row = new Map();
      matrix.set(userId, row);
    }
    row.set(itemId, (row.get(itemId) ?? 0) + quantity);
  }
  return matrix;
}

// Cosine similarity between item columns. Accumulating dot products user by user costs Σ basket², which
// stays small for a shop's order history, instead of items² over a dense matrix.
export function cosineItemSimilarity(matrix: RatingMatrix): SimilarityIndex {
  const squaredNorm = new Map<string, number>();
  const dot = new Map<string, Map<string, number>>();
  for (const row of matrix.values()) {
    const items = [...row.entries()];
    for (let a = 0; a < items.length; a += 1) {
      const [itemA, ratingA] = items[a]!;
      squaredNorm.set(itemA, (squaredNorm.get(itemA) ?? 0) + ratingA * ratingA);
      for (let b = a + 1; b < items.length; b += 1) {
        const [itemB, ratingB] = items[b]!;
        addTo(dot, itemA, itemB, ratingA * ratingB);
        addTo(dot, itemB, itemA, ratingA * ratingB);
      }
    }
  }
  const similarity: SimilarityIndex = new Map();
  for (const [itemA, neighbours] of dot) {
    const row = new Map<string, number>();
    const normA = Math.sqrt(squaredNorm.get(itemA) ?? 0);
    for (const [itemB, product] of neighbours) {
      const normB = Math.sqrt(squaredNorm.get(itemB) ?? 0);
      if (normA > 0 && normB > 0) row.set(itemB, product / (normA * normB));
    }
    similarity.set(itemA, row);
  }
  return similarity;
}

function addTo(target: Map<string, Map<string, number>>, a: string, b: string, value: number): void {
  let row = target.get(a);
  if (!row) {
    row = new Map();
    target.set(a, row);
  }
  row.set(b, (row.get(b) ?? 0) + value);
}
