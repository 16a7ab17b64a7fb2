import { createRandom } from '../../data/seed/random.ts';
import { fitOls, rmse, rSquared, type Coefficient } from './ols.ts';

export interface CustomerHistory {
  contactId: string;
  orders: { placedAt: Date; total: number; categories: string[] }[];
  tickets: Date[];
  ratings: { at: Date; score: number }[];
}

export const FEATURES = [
  'recencyDays',
  'frequency',
  'monetary',
  'averageOrderValue',
  'tenureDays',
  'categories',
  'tickets',
  'averageRating',
] as const;
export type FeatureName = (typeof FEATURES)[number];

export interface FeatureRow {
  contactId: string;
  features: Record<FeatureName, number>;
  /** Spend in the 12 months after the cut-off (training rows only). */
  target?: number;
}

const DAY = 86_400_000;
export const HORIZON_DAYS = 365;

/**
 * A customer's features as of a cut-off, from what happened before it only; null without an order before it.
 * The average rating of a customer who never rated is the neutral middle score (3).
 */
export function featuresAt(history: CustomerHistory, cutoff: Date): Record<FeatureName, number> | null {
  const orders = history.orders.filter((o) => o.placedAt < cutoff);
  if (orders.length === 0) return null;
  const first = Math.min(...orders.map((o) => o.placedAt.getTime()));
  const last = Math.max(...orders.map((o) => o.placedAt.getTime()));
  const monetary = orders.reduce((sum, o) => sum + o.total, 0);
  const ratings = history.ratings.filter((r) => r.at < cutoff);
  return {
    recencyDays: (cutoff.getTime() - last) / DAY,
    frequency: orders.length,
    monetary,
    averageOrderValue: monetary / orders.length,
    tenureDays: (cutoff.getTime() - first) / DAY,
    categories: new Set(orders.flatMap((o) => o.categories)).size,
    tickets: history.tickets.filter((t) => t < cutoff).length,
    averageRating: ratings.length === 0 ? 3 : ratings.reduce((s, r) => s + r.score, 0) / ratings.length,
  };
}

export function spendBetween(history: CustomerHistory, from: Date, to: Date): number {
  return history.orders
    .filter((o) => o.placedAt >= from && o.placedAt < to)
    .reduce((sum, o) => sum + o.total, 0);
}

export interface CustomerValueModel {
  trainedAt: string;
  cutoff: string;
  horizonDays: number;
  features: readonly string[];
  /** Features left out because they did not vary among the training customers (no information, singular XᵀX). */
  droppedFeatures: string[];
  coefficients: Coefficient[];
  residualStandardError: number;
  split: { train: number; test: number; seed: number; testShare: number };
  test: { r2: number; rmse: number; baselineR2: number; baselineRmse: number; baselinePrediction: number };
  /** Share of the test RMSE the model removes compared with predicting the training mean. */
  rmseImprovement: number;
}

export interface CustomerValueResult {
  model: CustomerValueModel | null;
  reason?: string;
  /** Training rows: features at the cut-off and the next 12 months' spend. */
  rows: (FeatureRow & { split: 'train' | 'test' })[];
  /** Predicted next-12-month spend per customer from today's features (never below 0). */
  predictions: { contactId: string; features: Record<FeatureName, number>; predictedValue: number }[];
}

const vector = (f: Record<FeatureName, number>) => FEATURES.map((name) => f[name]);

/**
 * Next-12-month spend by multiple linear regression: features at a cut-off a year ago, the spend of the year
 * after it as target; a seeded random 80/20 split of customers; scored on the test part against predicting
 * the training mean. The fitted equation then predicts the coming year from today's features.
 */
export function trainCustomerValue(
  histories: readonly CustomerHistory[],
  now: Date,
  options: { seed?: number; testShare?: number } = {},
): CustomerValueResult {
  const seed = options.seed ?? 12_345;
  const testShare = options.testShare ?? 0.2;
  const cutoff = new Date(now.getTime() - HORIZON_DAYS * DAY);
  const random = createRandom(seed);
  const rows: CustomerValueResult['rows'] = [];
  for (const history of histories) {
    const features = featuresAt(history, cutoff);
    if (features === null) continue;
    rows.push({
      contactId: history.contactId,
      features,
      target: spendBetween(history, cutoff, now),
      split: random.next() < testShare ? 'test' : 'train',
    });
  }
  const predictionsFor = (predict: (row: number[]) => number) =>
    histories.flatMap((history) => {
      const features = featuresAt(history, now);
      return features === null
        ? []
        : [
            {
              contactId: history.contactId,
              features,
              predictedValue: Math.max(0, predict(vector(features))),
            },
          ];
    });
  const train = rows.filter((r) => r.split === 'train');
  const test = rows.filter((r) => r.split === 'test');
  if (train.length < 4 * (FEATURES.length + 1) || test.length < 10) {
    return {
      model: null,
      reason: `Too few customers with a year of history: ${train.length} to train and ${test.length} to test.`,
      rows,
      predictions: [],
    };
  }
  const used = FEATURES.filter((name) => {
    const values = train.map((r) => r.features[name]);
    return Math.max(...values) > Math.min(...values);
  });
  const columns = (f: Record<FeatureName, number>) => used.map((name) => f[name]);
  const fit = fitOls(
    train.map((r) => columns(r.features)),
    train.map((r) => r.target!),
    used,
  );
  const actual = test.map((r) => r.target!);
  const predicted = test.map((r) => fit.predict(columns(r.features)));
  const baselinePrediction = train.reduce((s, r) => s + r.target!, 0) / train.length;
  const baseline = actual.map(() => baselinePrediction);
  const modelRmse = rmse(actual, predicted);
  const baselineRmse = rmse(actual, baseline);
  return {
    model: {
      trainedAt: now.toISOString(),
      cutoff: cutoff.toISOString(),
      horizonDays: HORIZON_DAYS,
      features: used,
      droppedFeatures: FEATURES.filter((name) => !used.includes(name)),
      coefficients: fit.coefficients,
      residualStandardError: fit.residualStandardError,
      split: { train: train.length, test: test.length, seed, testShare },
      test: {
        r2: rSquared(actual, predicted),
        rmse: modelRmse,
        baselineR2: rSquared(actual, baseline),
        baselineRmse,
        baselinePrediction,
      },
      rmseImprovement: baselineRmse === 0 ? 0 : 1 - modelRmse / baselineRmse,
    },
    rows,
    predictions: predictionsFor((row) => fit.predict(used.map((name) => row[FEATURES.indexOf(name)]!))),
  };
}
