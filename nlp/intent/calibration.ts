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

/** One held-out decision: the best in-scope intent's calibrated confidence and what happened. */
export interface ThresholdCase {
  /** Calibrated confidence of the best in-scope intent. */
  confidence: number;
  /** The gold label is out of scope. */
  outOfScope: boolean;
  /** For an in-scope item: the best in-scope intent is the gold one. For an out-of-scope item: the explicit
   *  out-of-scope class already outscored every in-scope intent (rejected whatever the threshold). */
  correct: boolean;
}

/**
 * Chooses the out-of-scope threshold maximising in-scope accuracy + out-of-scope recall on held-out data
 * (both as rates, so the usually few out-of-scope items weigh as much as the many in-scope ones).
 * Without out-of-scope items there is nothing to learn from, and rejecting could only lose accuracy: 0.
 */
export function chooseOutOfScopeThreshold(cases: readonly ThresholdCase[]): number {
  const inScope = cases.filter((c) => !c.outOfScope);
  const outOfScope = cases.filter((c) => c.outOfScope);
  if (outOfScope.length === 0 || inScope.length === 0) return 0;
  // An item is accepted when confidence >= threshold. Sweep thresholds upward through the observed confidences.
  const sorted = [...cases].sort((x, y) => x.confidence - y.confidence);
  let inScopeCorrect = inScope.filter((c) => c.correct).length;
  let outOfScopeRejected = outOfScope.filter((c) => c.correct).length;
  let best = inScopeCorrect / inScope.length + outOfScopeRejected / outOfScope.length;
  let bestThreshold = 0;
  for (let i = 0; i < sorted.length; i++) {
    const item = sorted[i]!;
    // Raising the threshold just above item.confidence rejects it.
    if (item.outOfScope) {
      if (!item.correct) outOfScopeRejected++;
    } else if (item.correct) {
      inScopeCorrect--;
    }
    const next = sorted[i + 1];
    if (next !== undefined && next.confidence === item.confidence) continue;
    const score = inScopeCorrect / inScope.length + outOfScopeRejected / outOfScope.length;
    if (score > best) {
      best = score;
      // Midway to the next confidence, so the learnt threshold does not sit exactly on a training point.
      bestThreshold = next === undefined ? item.confidence + 1e-9 : (item.confidence + next.confidence) / 2;
    }
  }
  return bestThreshold;
}
