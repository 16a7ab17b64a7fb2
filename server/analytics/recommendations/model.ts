import {
  buildRatingMatrix,
  cosineItemSimilarity,
  type Purchase,
  type RatingMatrix,
  type SimilarityIndex,
} from './item-similarity.ts';
import { predictForUser } from './predict.ts';

export interface CatalogueItem {
  id: string;
  title: string;
  price: number;
  category: string;
  sku?: string;
  /** The product's page (a path on this server, `/products/<sku>`). */
  url?: string;
  /** The product's picture (absolute, or a path on this server). */
  imageUrl?: string;
  /** Items out of stock or withdrawn are never suggested. */
  available: boolean;
}

export interface RecommendationModel {
  ratings: RatingMatrix;
  similarity: SimilarityIndex;
  /** item → number of distinct buyers. */
  popularity: Map<string, number>;
  items: Map<string, CatalogueItem>;
  builtAt: Date;
}

export type RecommendationSource = 'collaborative' | 'category' | 'popular';

export interface Recommendation {
  item: CatalogueItem;
  score: number;
  source: RecommendationSource;
}

export interface RecommendationQuery {
  userId?: string;
  /** Category words taken from the visitor's message (entities); matched loosely against item categories. */
  categories?: readonly string[];
  limit?: number;
}

export function buildRecommendationModel(
  purchases: Iterable<Purchase>,
  catalogue: Iterable<CatalogueItem>,
  builtAt = new Date(),
): RecommendationModel {
  const ratings = buildRatingMatrix(purchases);
  const popularity = new Map<string, number>();
  for (const row of ratings.values()) {
    for (const itemId of row.keys()) popularity.set(itemId, (popularity.get(itemId) ?? 0) + 1);
  }
  const items = new Map<string, CatalogueItem>();
  for (const item of catalogue) items.set(item.id, item);
  return { ratings, similarity: cosineItemSimilarity(ratings), popularity, items, builtAt };
}

export function emptyRecommendationModel(): RecommendationModel {
  return buildRecommendationModel([], [], new Date(0));
}

// Reads only the precomputed model: this runs on the reply path.
export function recommend(model: RecommendationModel, query: RecommendationQuery): Recommendation[] {
  const limit = query.limit ?? 3;
  const owned = (query.userId && model.ratings.get(query.userId)) || new Map<string, number>();
  const wanted = (query.categories ?? []).map(normaliseCategory).filter((c) => c.length > 0);
  const inWantedCategory = (item: CatalogueItem) =>
    wanted.length === 0 || wanted.includes(normaliseCategory(item.category));
  const results: Recommendation[] = [];
  const taken = new Set<string>();
  const take = (
    itemId: string,
    score: number,
    source: RecommendationSource,
    filter: typeof inWantedCategory,
  ) => {
    if (results.length >= limit || taken.has(itemId) || owned.has(itemId)) return;
    const item = model.items.get(itemId);
    if (!item || !item.available || !filter(item)) return;
    taken.add(itemId);
    results.push({ item, score, source });
  };

  for (const scored of predictForUser(model.similarity, owned))
    take(scored.itemId, scored.score, 'collaborative', inWantedCategory);

  const byPopularity = [...model.items.values()].sort(
    (a, b) => (model.popularity.get(b.id) ?? 0) - (model.popularity.get(a.id) ?? 0) || compareIds(a.id, b.id),
  );
  if (wanted.length > 0) {
    for (const item of byPopularity)
      take(item.id, model.popularity.get(item.id) ?? 0, 'category', inWantedCategory);
  }
  // Only when the visitor named no category we know of do unrelated best-sellers make sense.
  if (results.length === 0 || wanted.length === 0) {
    for (const item of byPopularity) take(item.id, model.popularity.get(item.id) ?? 0, 'popular', () => true);
  }
  return results;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "Jackets", "jacket" and " JACKET " name the same category. */
export function normaliseCategory(value: string): string {
  const lower = value.trim().toLowerCase();
  if (lower.endsWith('ies') && lower.length > 4) return `${lower.slice(0, -3)}y`;
  if (lower.endsWith('es') && /(ch|sh|ss|x)es$/.test(lower)) return lower.slice(0, -2);
  if (lower.endsWith('s') && !lower.endsWith('ss') && lower.length > 3) return lower.slice(0, -1);
  return lower;
}
