/** Classification metrics computed from gold and predicted labels. Pure functions, shared by CLI and console. */

export interface ConfusionMatrix {
  /** Row and column order: gold labels on rows, predicted labels on columns. */
  labels: string[];
  counts: number[][];
}

export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Number of gold items of this label. */
  support: number;
}

export interface ClassificationMetrics {
  accuracy: number;
  macroPrecision: number;
  macroRecall: number;
  /** Mean of the per-label F1 over the labels that occur in the gold data. */
  macroF1: number;
  weightedF1: number;
  perClass: ClassMetrics[];
}

function checkLengths(gold: readonly string[], predicted: readonly string[]): void {
  if (gold.length !== predicted.length) {
    throw new Error(`metrics: ${gold.length} gold labels but ${predicted.length} predictions`);
  }
}

/** Labels in gold or predictions, sorted, so matrices from different runs line up. */
export function labelSet(gold: readonly string[], predicted: readonly string[]): string[] {
  return [...new Set([...gold, ...predicted])].sort();
}

export function confusionMatrix(
  gold: readonly string[],
  predicted: readonly string[],
  labels: string[] = labelSet(gold, predicted),
): ConfusionMatrix {
  checkLengths(gold, predicted);
  const index = new Map(labels.map((label, i) => [label, i]));
  const counts = labels.map(() => labels.map(() => 0));
  gold.forEach((g, i) => {
    const row = index.get(g);
    const column = index.get(predicted[i]!);
    if (row === undefined || column === undefined) {
      throw new Error(`metrics: label "${row === undefined ? g : predicted[i]}" is not in the label list`);
    }
    counts[row]![column]!++;
  });
  return { labels, counts };
}

const ratio = (numerator: number, denominator: number): number =>
  denominator === 0 ? 0 : numerator / denominator;

export function metricsFromConfusion(matrix: ConfusionMatrix): ClassificationMetrics {
  const { labels, counts } = matrix;
  const n = labels.length;
  let total = 0;
  let correct = 0;
  const predictedTotals = new Array<number>(n).fill(0);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const value = counts[r]![c]!;
      total += value;
      predictedTotals[c]! += value;
      if (r === c) correct += value;
    }
  }
  const perClass: ClassMetrics[] = labels.map((label, i) => {
    const support = counts[i]!.reduce((sum, v) => sum + v, 0);
    const truePositives = counts[i]![i]!;
    const precision = ratio(truePositives, predictedTotals[i]!);
    const recall = ratio(truePositives, support);
    return { label, precision, recall, f1: ratio(2 * precision * recall, precision + recall), support };
  });
  // Labels never in the gold data (only predicted) have no recall to speak of; averaging them in would
  // punish a model for a label the test set does not contain.
  const present = perClass.filter((m) => m.support > 0);
  const mean = (pick: (m: ClassMetrics) => number): number =>
    ratio(
      present.reduce((sum, m) => sum + pick(m), 0),
      present.length,
    );
  return {
    accuracy: ratio(correct, total),
    macroPrecision: mean((m) => m.precision),
    macroRecall: mean((m) => m.recall),
    macroF1: mean((m) => m.f1),
    weightedF1: ratio(
      present.reduce((sum, m) => sum + m.f1 * m.support, 0),
      total,
    ),
    perClass,
  };
}

export function classificationMetrics(
  gold: readonly string[],
  predicted: readonly string[],
): ClassificationMetrics {
  return metricsFromConfusion(confusionMatrix(gold, predicted));
}

export interface OutOfScopeMetrics {
  /** Share of in-scope items given their gold intent (an out-of-scope verdict counts as wrong). */
  inScopeAccuracy: number;
  /** Share of out-of-scope items judged out of scope. */
  outOfScopeRecall: number;
  inScopeCount: number;
  outOfScopeCount: number;
}

/** Larson et al. (2019): in-scope accuracy and out-of-scope recall, reported separately. */
export function outOfScopeMetrics(
  gold: readonly string[],
  predicted: readonly string[],
  outOfScopeLabel: string,
): OutOfScopeMetrics {
  checkLengths(gold, predicted);
  let inScope = 0;
  let inScopeCorrect = 0;
  let outOfScope = 0;
  let outOfScopeCaught = 0;
  gold.forEach((g, i) => {
    if (g === outOfScopeLabel) {
      outOfScope++;
      if (predicted[i] === outOfScopeLabel) outOfScopeCaught++;
    } else {
      inScope++;
      if (predicted[i] === g) inScopeCorrect++;
    }
  });
  return {
    inScopeAccuracy: ratio(inScopeCorrect, inScope),
    outOfScopeRecall: ratio(outOfScopeCaught, outOfScope),
    inScopeCount: inScope,
    outOfScopeCount: outOfScope,
  };
}

/**
 * Where the in-scope items went, to tell the two kinds of error apart: the intents' wording overlapping (the
 * best intent is wrong) and the out-of-scope decision rejecting a question the model had ranked right.
 */
export interface InScopeBreakdown {
  /** Share of in-scope items whose best in-scope intent is the gold one, whatever the out-of-scope decision. */
  bestIntentAccuracy: number;
  /** Share of in-scope items judged out of scope. */
  rejected: number;
  /** Share of in-scope items judged out of scope although their best in-scope intent was the gold one. */
  rightIntentRejected: number;
}

/** `bestInScope[i]` is the best in-scope intent the classifier ranked for item i (its answer aside). */
export function inScopeBreakdown(
  gold: readonly string[],
  predicted: readonly string[],
  bestInScope: readonly string[],
  outOfScopeLabel: string,
): InScopeBreakdown {
  checkLengths(gold, predicted);
  checkLengths(gold, bestInScope);
  let inScope = 0;
  let bestRight = 0;
  let rejected = 0;
  let rightRejected = 0;
  gold.forEach((g, i) => {
    if (g === outOfScopeLabel) return;
    inScope++;
    const right = bestInScope[i] === g;
    if (right) bestRight++;
    if (predicted[i] === outOfScopeLabel) {
      rejected++;
      if (right) rightRejected++;
    }
  });
  return {
    bestIntentAccuracy: ratio(bestRight, inScope),
    rejected: ratio(rejected, inScope),
    rightIntentRejected: ratio(rightRejected, inScope),
  };
}

/** Nearest-rank percentile of a sample (p in [0, 100]). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}
