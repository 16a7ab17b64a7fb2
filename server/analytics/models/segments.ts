import { kmeans } from 'ml-kmeans';
import { silhouette } from 'simple-statistics';
import { createRandom } from '../../data/seed/random.ts';
import type { CustomerHistory } from './customer-value.ts';

export interface RfmRow {
  contactId: string;
  recencyDays: number;
  frequency: number;
  monetary: number;
}

/**
 * RFM over the customer's whole history as of `at`; null without an order before it. Segments describe who a
 * customer has been (a lapsed one-time buyer of two years ago included), unlike the value regression, whose
 * features look back one fixed window so that today's customers resemble its training rows.
 */
export function lifetimeRfm(history: CustomerHistory, at: Date): RfmRow | null {
  const orders = history.orders.filter((o) => o.placedAt < at);
  if (orders.length === 0) return null;
  const last = Math.max(...orders.map((o) => o.placedAt.getTime()));
  return {
    contactId: history.contactId,
    recencyDays: (at.getTime() - last) / 86_400_000,
    frequency: orders.length,
    monetary: orders.reduce((sum, o) => sum + o.total, 0),
  };
}

export interface Segment {
  id: number;
  label: string;
  description: string;
  size: number;
  share: number;
  /** Centroid in the original units (recency in days, frequency in orders, monetary in currency). */
  centroid: { recencyDays: number; frequency: number; monetary: number };
  /** Centroid in the standardised space the clustering ran in. */
  standardisedCentroid: number[];
}

export interface SegmentationResult {
  k: number;
  candidates: { k: number; silhouette: number; inertia: number }[];
  silhouetteSample: number;
  standardisation: { features: string[]; mean: number[]; sd: number[]; transform: string };
  segments: Segment[];
  assignments: { contactId: string; segment: number }[];
  /** Points for a scatter plot (a seeded sample when there are many customers). */
  scatter: { contactId: string; recencyDays: number; frequency: number; monetary: number; segment: number }[];
}

const K_RANGE = [2, 3, 4, 5, 6];
const RESTARTS = 10;
const SILHOUETTE_SAMPLE = 1000;
const SCATTER_SAMPLE = 2000;

export function standardise(rows: readonly RfmRow[]) {
  const raw = rows.map((r) => [r.recencyDays, Math.log1p(r.frequency), Math.log1p(r.monetary)]);
  const mean = [0, 1, 2].map((j) => raw.reduce((s, x) => s + x[j]!, 0) / raw.length);
  const sd = [0, 1, 2].map((j) => {
    const v = raw.reduce((s, x) => s + (x[j]! - mean[j]!) ** 2, 0) / raw.length;
    return v > 0 ? Math.sqrt(v) : 1;
  });
  return { points: raw.map((x) => x.map((v, j) => (v - mean[j]!) / sd[j]!)), mean, sd };
}

/** Best of several k-means++ runs (lowest within-cluster sum of squares J). */
export function bestKmeans(points: number[][], k: number, seed: number) {
  let best: { clusters: number[]; centroids: number[][]; inertia: number } | null = null;
  for (let run = 0; run < RESTARTS; run += 1) {
    const result = kmeans(points, k, { initialization: 'kmeans++', seed: seed + run, maxIterations: 300 });
    const inertia = points.reduce((sum, p, i) => {
      const c = result.centroids[result.clusters[i]!]!;
      return sum + p.reduce((s, v, j) => s + (v - c[j]!) ** 2, 0);
    }, 0);
    if (best === null || inertia < best.inertia) {
      best = { clusters: result.clusters, centroids: result.centroids, inertia };
    }
  }
  return best!;
}

/** The mean silhouette value (as scikit-learn's silhouette_score: points alone in their cluster score 0). */
export function meanSilhouette(points: number[][], labels: number[]): number {
  const values = silhouette(points, labels);
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function sampleIndexes(n: number, size: number, seed: number): number[] {
  const indexes = Array.from({ length: n }, (_, i) => i);
  if (n <= size) return indexes;
  const random = createRandom(seed);
  for (let i = 0; i < size; i += 1) {
    const j = i + Math.floor(random.next() * (n - i));
    [indexes[i], indexes[j]] = [indexes[j]!, indexes[i]!];
  }
  return indexes.slice(0, size).sort((a, b) => a - b);
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Words for a centroid, relative to the median customer. */
export function describe(
  centroid: Segment['centroid'],
  medians: { recencyDays: number; frequency: number; monetary: number },
): { label: string; description: string } {
  const recent = centroid.recencyDays <= medians.recencyDays;
  const lapsed = centroid.recencyDays > 2 * medians.recencyDays;
  const often = centroid.frequency >= 1.5 * medians.frequency;
  const once = centroid.frequency < 1.5;
  const big = centroid.monetary >= 1.5 * medians.monetary;
  const small = centroid.monetary <= 0.6 * medians.monetary;
  const who = once
    ? 'one-time buyers'
    : often
      ? big
        ? 'high spenders'
        : 'frequent buyers'
      : big
        ? 'big-basket buyers'
        : 'occasional buyers';
  const when = lapsed ? 'lapsed' : recent ? (often ? 'loyal' : 'recent') : 'cooling';
  const spend =
    big && !who.includes('spend') && !who.includes('big') ? ', high spend' : small ? ', low spend' : '';
  return {
    label: `${when} ${who}`,
    description: `Last order about ${Math.round(centroid.recencyDays)} days ago, ${centroid.frequency.toFixed(1)} orders, ${Math.round(centroid.monetary)} spent on average${spend}.`,
  };
}

/**
 * k-means on standardised RFM (recency in days; frequency and monetary log-transformed against their skew),
 * k from 2 to 6 chosen by the mean silhouette (on a seeded sample of at most 1,000 customers).
 */
export function segmentCustomers(rows: readonly RfmRow[], seed = 2026): SegmentationResult | null {
  if (rows.length < 3 * K_RANGE[0]!) return null;
  const { points, mean, sd } = standardise(rows);
  const sample = sampleIndexes(points.length, SILHOUETTE_SAMPLE, seed);
  const candidates = [];
  let chosen: { k: number; fit: ReturnType<typeof bestKmeans>; silhouette: number } | null = null;
  for (const k of K_RANGE) {
    if (k >= rows.length) break;
    const fit = bestKmeans(points, k, seed);
    const score = meanSilhouette(
      sample.map((i) => points[i]!),
      sample.map((i) => fit.clusters[i]!),
    );
    candidates.push({ k, silhouette: score, inertia: fit.inertia });
    if (chosen === null || score > chosen.silhouette) chosen = { k, fit, silhouette: score };
  }
  const { k, fit } = chosen!;
  const medians = {
    recencyDays: median(rows.map((r) => r.recencyDays)),
    frequency: median(rows.map((r) => r.frequency)),
    monetary: median(rows.map((r) => r.monetary)),
  };
  const segments: Segment[] = Array.from({ length: k }, (_, id) => {
    const members = rows.filter((_, i) => fit.clusters[i] === id);
    const avg = (f: (r: RfmRow) => number) =>
      members.reduce((s, r) => s + f(r), 0) / Math.max(1, members.length);
    const centroid = {
      recencyDays: avg((r) => r.recencyDays),
      frequency: avg((r) => r.frequency),
      monetary: avg((r) => r.monetary),
    };
    return {
      id,
      ...describe(centroid, medians),
      size: members.length,
      share: members.length / rows.length,
      centroid,
      standardisedCentroid: fit.centroids[id]!,
    };
  });
  // Stable ids: the biggest spenders first.
  const order = [...segments].sort((a, b) => b.centroid.monetary - a.centroid.monetary).map((s) => s.id);
  const renumber = new Map(order.map((old, index) => [old, index]));
  const renumbered = order.map((old, index) => ({ ...segments[old]!, id: index }));
  const scatterIndexes = sampleIndexes(rows.length, SCATTER_SAMPLE, seed + 1);
  return {
    k,
    candidates,
    silhouetteSample: sample.length,
    standardisation: {
      features: ['recencyDays', 'log1p(frequency)', 'log1p(monetary)'],
      mean,
      sd,
      transform: 'z = (x − mean) / sd, population standard deviation',
    },
    segments: renumbered,
    assignments: rows.map((r, i) => ({ contactId: r.contactId, segment: renumber.get(fit.clusters[i]!)! })),
    scatter: scatterIndexes.map((i) => ({ ...rows[i]!, segment: renumber.get(fit.clusters[i]!)! })),
  };
}
