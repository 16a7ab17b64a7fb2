import { softmaxInPlace } from './softmax-regression.ts';

/** Scores of held-out examples (never seen by the model that produced them) and their gold class index. */
export interface HeldOutScores {
  scores: Float64Array[];
  gold: Int32Array;
}

function negativeLogLikelihood(heldOut: HeldOutScores, temperature: number): number {
  let total = 0;
  const { scores, gold } = heldOut;
  for (let i = 0; i < scores.length; i++) {
    const p = softmaxInPlace(Float64Array.from(scores[i]!), temperature);
    total -= Math.log(Math.max(p[gold[i]!]!, 1e-12));
  }
  return total;
}

/**
 * Temperature scaling (Guo et al. 2017): one scalar dividing the scores, chosen to minimise the held-out
 * negative log-likelihood, so stated confidences match observed accuracy without changing the ranking.
 * Golden-section search on log T; the NLL is unimodal in T for a fixed set of scores.
 */
export function fitTemperature(heldOut: HeldOutScores): number {
  if (heldOut.scores.length === 0) return 1;
  let lo = Math.log(0.02);
  let hi = Math.log(50);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = hi - ratio * (hi - lo);
  let b = lo + ratio * (hi - lo);
  let fa = negativeLogLikelihood(heldOut, Math.exp(a));
  let fb = negativeLogLikelihood(heldOut, Math.exp(b));
  for (let step = 0; step < 60 && hi - lo > 1e-4; step++) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - ratio * (hi - lo);
      fa = negativeLogLikelihood(heldOut, Math.exp(a));
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + ratio * (hi - lo);
      fb = negativeLogLikelihood(heldOut, Math.exp(b));
    }
  }
  return Math.exp((lo + hi) / 2);
}

/** One held-out decision: the score of the best in-scope intent and what happened. */
export interface ThresholdCase {
  /** Score of the best in-scope intent (higher: more likely in scope). */
  score: number;
  /** The gold label is out of scope. */
  outOfScope: boolean;
  /** The best in-scope intent is the gold one. */
  bestIsGold: boolean;
  /** The explicit out-of-scope class outscored every in-scope intent: rejected whatever the threshold. */
  explicit: boolean;
}

/**
 * Chooses the out-of-scope threshold that maximises the expected share of right decisions when a share
 * `outOfScopeShare` of the traffic is out of scope: (1 − share) · in-scope accuracy + share · out-of-scope
 * recall, both measured on held-out data. Weighting by rates, not counts, keeps the choice independent of how
 * many out-of-scope examples happen to be in the data. Returns null (reject nothing by threshold) when no
 * threshold does better than none, in particular without out-of-scope items to learn from.
 */
export function chooseOutOfScopeThreshold(
  cases: readonly ThresholdCase[],
  outOfScopeShare: number,
): number | null {
  const inScope = cases.filter((c) => !c.outOfScope);
  const outOfScope = cases.filter((c) => c.outOfScope);
  if (outOfScope.length === 0 || inScope.length === 0) return null;
  const inWeight = (1 - outOfScopeShare) / inScope.length;
  const outWeight = outOfScopeShare / outOfScope.length;
  // An item is accepted when score >= threshold. Sweep thresholds upward through the observed scores.
  const sorted = [...cases].sort((x, y) => x.score - y.score);
  let inScopeCorrect = inScope.filter((c) => c.bestIsGold && !c.explicit).length;
  let outOfScopeRejected = outOfScope.filter((c) => c.explicit).length;
  let best = inScopeCorrect * inWeight + outOfScopeRejected * outWeight;
  let bestThreshold: number | null = null;
  for (let i = 0; i < sorted.length; i++) {
    const item = sorted[i]!;
    // Raising the threshold just above item.score rejects it (explicitly rejected items already are).
    if (!item.explicit) {
      if (item.outOfScope) outOfScopeRejected++;
      else if (item.bestIsGold) inScopeCorrect--;
    }
    const next = sorted[i + 1];
    if (next !== undefined && next.score === item.score) continue;
    const score = inScopeCorrect * inWeight + outOfScopeRejected * outWeight;
    if (score > best + 1e-12) {
      best = score;
      // Midway to the next score, so the learnt threshold does not sit exactly on a held-out point.
      bestThreshold = next === undefined ? item.score + 1e-9 : (item.score + next.score) / 2;
    }
  }
  return bestThreshold;
}

/** One-sided 95% normal quantile: the lower bound below holds with 95% confidence. */
const Z_95 = 1.6448536269514722;

/**
 * Lower end of the one-sided Wilson score interval for a proportion of `hits` in `trials`: the share one can
 * claim with 95% confidence from a small sample (50 hits in 100 trials supports only about 41.9%).
 */
export function wilsonLowerBound(hits: number, trials: number, z: number = Z_95): number {
  if (trials === 0) return 0;
  const p = hits / trials;
  const z2 = z * z;
  const centre = p + z2 / (2 * trials);
  const spread = z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return Math.max(0, (centre - spread) / (1 + z2 / trials));
}

/**
 * Chooses the lowest threshold whose out-of-scope recall on held-out data is at least `minRecall` with 95%
 * confidence (Wilson lower bound), i.e. the one that keeps in-scope accuracy highest while rejecting that share
 * of out-of-scope messages: an operating point stated as a requirement ("catch at least 55%") rather than as an
 * assumed traffic mix. The confidence bound matters because held-out out-of-scope items are few (CLINC150's
 * validation split has 100, so an observed 55% is 55 ± 8 points). Returns null when the explicit out-of-scope
 * class alone meets the requirement, and undefined when the held-out data cannot show it at any threshold (too
 * few out-of-scope items): the caller then falls back to `chooseOutOfScopeThreshold`.
 */
export function chooseThresholdForRecall(
  cases: readonly ThresholdCase[],
  minRecall: number,
): number | null | undefined {
  const outOfScope = cases.filter((c) => c.outOfScope).length;
  if (outOfScope === 0) return undefined;
  let rejected = cases.filter((c) => c.outOfScope && c.explicit).length;
  if (wilsonLowerBound(rejected, outOfScope) >= minRecall) return null;
  const sorted = [...cases].sort((x, y) => x.score - y.score);
  for (let i = 0; i < sorted.length; i++) {
    const item = sorted[i]!;
    if (item.outOfScope && !item.explicit) rejected++;
    const next = sorted[i + 1];
    if (next !== undefined && next.score === item.score) continue;
    if (wilsonLowerBound(rejected, outOfScope) >= minRecall) {
      return next === undefined ? item.score + 1e-9 : (item.score + next.score) / 2;
    }
  }
  return undefined;
}

/**
 * The confidence to state when the threshold (not the explicit class) rejects a text: how often such
 * rejections were right on held-out data, smoothed towards 1/2 so a handful of cases cannot claim certainty.
 */
export function thresholdRejectionPrecision(
  cases: readonly ThresholdCase[],
  threshold: number | null,
): number {
  let rejected = 0;
  let right = 0;
  for (const c of cases) {
    if (threshold === null || c.explicit || c.score >= threshold) continue;
    rejected++;
    if (c.outOfScope) right++;
  }
  return (right + 1) / (rejected + 2);
}
