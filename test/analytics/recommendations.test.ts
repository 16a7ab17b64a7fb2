import { expect } from 'chai';
import {
  buildRatingMatrix,
  cosineItemSimilarity,
  type Purchase,
} from '../../server/analytics/recommendations/item-similarity.ts';
import { predictForUser } from '../../server/analytics/recommendations/predict.ts';
import {
  buildRecommendationModel,
  normaliseCategory,
  recommend,
  type CatalogueItem,
} from '../../server/analytics/recommendations/model.ts';
import { createRecommendationService } from '../../server/analytics/recommendations/service.ts';

// The user × item matrix (units bought):
//
//          A   B   C   D
//    u1    2   1   .   .
//    u2    1   .   1   .
//    u3    .   1   1   1
//
// Item columns: A = (2,1,0)  B = (1,0,1)  C = (0,1,1)  D = (0,0,1)
// Norms:       |A| = √5     |B| = √2     |C| = √2     |D| = 1
// Cosine similarities:
//   sim(A,B) = 2 / (√5·√2) = 2/√10 ≈ 0.632456
//   sim(A,C) = 1 / (√5·√2) = 1/√10 ≈ 0.316228
//   sim(A,D) = 0                     (never bought together: not stored)
//   sim(B,C) = 1 / (√2·√2) = 0.5
//   sim(B,D) = 1 / (√2·1)  = 1/√2 ≈ 0.707107
//   sim(C,D) = 1 / (√2·1)  = 1/√2 ≈ 0.707107
const purchases: Purchase[] = [
  { userId: 'u1', itemId: 'A', quantity: 1 },
  { userId: 'u1', itemId: 'A', quantity: 1 }, // two orders of A add up to r = 2
  { userId: 'u1', itemId: 'B', quantity: 1 },
  { userId: 'u2', itemId: 'A', quantity: 1 },
  { userId: 'u2', itemId: 'C', quantity: 1 },
  { userId: 'u3', itemId: 'B', quantity: 1 },
  { userId: 'u3', itemId: 'C', quantity: 1 },
  { userId: 'u3', itemId: 'D', quantity: 1 },
];

const catalogue: CatalogueItem[] = [
  { id: 'A', title: 'Rain jacket', price: 120, category: 'jacket', available: true },
  { id: 'B', title: 'Down jacket', price: 220, category: 'jacket', available: true },
  { id: 'C', title: 'Hiking boots', price: 140, category: 'boots', available: true },
  { id: 'D', title: 'Wool socks', price: 15, category: 'socks', available: true },
  { id: 'E', title: 'Trail boots', price: 160, category: 'boots', available: true },
  { id: 'F', title: 'Old jacket', price: 60, category: 'jacket', available: false },
];

describe('item-based collaborative filtering', () => {
  it('computes cosine item–item similarity over the purchase matrix', () => {
    const sim = cosineItemSimilarity(buildRatingMatrix(purchases));
    expect(sim.get('A')!.get('B')).to.be.closeTo(2 / Math.sqrt(10), 1e-9);
    expect(sim.get('A')!.get('C')).to.be.closeTo(0.316228, 1e-6);
    expect(sim.get('A')!.has('D')).to.equal(false);
    expect(sim.get('B')!.get('C')).to.be.closeTo(0.5, 1e-9);
    expect(sim.get('B')!.get('D')).to.be.closeTo(0.707107, 1e-6);
    expect(sim.get('D')!.get('C')).to.be.closeTo(0.707107, 1e-6);
    expect(sim.get('C')!.get('A'), 'similarity is symmetric').to.equal(sim.get('A')!.get('C'));
  });

  it('predicts P(i|u) as the similarity-weighted average of the user’s ratings', () => {
    const ratings = buildRatingMatrix(purchases);
    const sim = cosineItemSimilarity(ratings);
    // u1 owns A (r=2) and B (r=1); candidates C and D.
    //   P(C|u1) = (2·0.316228 + 1·0.5) / (0.316228 + 0.5) = 1.132456 / 0.816228 ≈ 1.387426
    //   P(D|u1) = (2·0 + 1·0.707107) / (0 + 0.707107)     = 1
    const scored = predictForUser(sim, ratings.get('u1')!);
    expect(scored.map((s) => s.itemId)).to.deep.equal(['C', 'D']);
    expect(scored[0]!.score).to.be.closeTo(1.387426, 1e-6);
    expect(scored[0]!.support).to.be.closeTo(0.816228, 1e-6);
    expect(scored[1]!.score).to.be.closeTo(1, 1e-9);
  });

  it('breaks equal predictions by support', () => {
    const ratings = buildRatingMatrix(purchases);
    // u2 owns A (1) and C (1); every rating is 1 so both candidates predict 1:
    //   P(B|u2) = (0.632456 + 0.5) / (0.632456 + 0.5) = 1, support 1.132456
    //   P(D|u2) = (0 + 0.707107) / 0.707107          = 1, support 0.707107
    const scored = predictForUser(cosineItemSimilarity(ratings), ratings.get('u2')!);
    expect(scored.map((s) => [s.itemId, s.score])).to.deep.equal([
      ['B', 1],
      ['D', 1],
    ]);
    expect(scored[0]!.support).to.be.closeTo(1.132456, 1e-6);
  });

  it('recommends from the precomputed model, never an item the user already owns', () => {
    const model = buildRecommendationModel(purchases, catalogue);
    const result = recommend(model, { userId: 'u1', limit: 2 });
    expect(result.map((r) => [r.item.id, r.source])).to.deep.equal([
      ['C', 'collaborative'],
      ['D', 'collaborative'],
    ]);
  });

  it('keeps collaborative picks inside the category the visitor named', () => {
    const model = buildRecommendationModel(purchases, catalogue);
    const result = recommend(model, { userId: 'u1', categories: ['Socks'], limit: 3 });
    expect(result.map((r) => r.item.id)).to.deep.equal(['D']);
  });

  it('answers a new visitor with the named category ranked by popularity', () => {
    // Buyers per item: A 2, B 2, C 2, D 1, E 0. Boots are C (2) then E (0).
    const model = buildRecommendationModel(purchases, catalogue);
    const result = recommend(model, { userId: 'stranger', categories: ['boot'], limit: 3 });
    expect(result.map((r) => [r.item.id, r.source])).to.deep.equal([
      ['C', 'category'],
      ['E', 'category'],
    ]);
  });

  it('falls back to best-sellers, skipping unavailable items, when nothing else applies', () => {
    const model = buildRecommendationModel(purchases, catalogue);
    const popular = recommend(model, { categories: ['rocket'], limit: 4 });
    expect(popular.map((r) => [r.item.id, r.source])).to.deep.equal([
      ['A', 'popular'],
      ['B', 'popular'],
      ['C', 'popular'],
      ['D', 'popular'],
    ]);
    expect(recommend(model, { limit: 10 }).some((r) => r.item.id === 'F')).to.equal(false);
  });

  it('treats singular, plural and case as the same category', () => {
    expect(normaliseCategory('Jackets')).to.equal('jacket');
    expect(normaliseCategory('accessories')).to.equal('accessory');
    expect(normaliseCategory('watches')).to.equal('watch');
    expect(normaliseCategory('dress')).to.equal('dress');
  });
});

describe('recommendation service', () => {
  it('serves an empty model until the first rebuild, then the rebuilt one', async () => {
    let loads = 0;
    const service = createRecommendationService({
      refreshIntervalMs: 0,
      source: {
        loadPurchases: async () => {
          loads += 1;
          return purchases;
        },
        loadCatalogue: async () => catalogue,
      },
    });
    expect(recommend(service.current(), { limit: 3 })).to.deep.equal([]);
    const [first, second] = await Promise.all([service.refresh(), service.refresh()]);
    expect(first).to.equal(second);
    expect(loads, 'concurrent refreshes share one rebuild').to.equal(1);
    expect(recommend(service.current(), { userId: 'u1', limit: 1 })[0]!.item.id).to.equal('C');
  });
});
