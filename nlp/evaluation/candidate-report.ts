import type { IntentClassifier, LabeledExample } from '../intent/types.ts';
import { OUT_OF_SCOPE } from '../intent/types.ts';
import { reliabilityTable, type Reliability } from './calibration.ts';
import { stratifiedFolds } from './cross-validation.ts';
import { confusionMatrix, labelSet, metricsFromConfusion, type ClassMetrics } from './metrics.ts';

/** One out-of-fold prediction, with what the out-of-scope slider needs. */
interface FoldItem {
  text: string;
  gold: string;
  predicted: string;
  confidence: number;
  /** The calibrated probability of the best in-scope intent, and whether the explicit class outscored it. */
  bestInScope: number;
  explicitOutOfScope: boolean;
}

export interface ConfusionCell {
  gold: string;
  predicted: string;
  count: number;
  /** The misclassified examples of the cell, most confidently wrong first (at most `examplesPerCell`). */
  examples: { text: string; confidence: number }[];
}

export interface ThresholdPoint {
  /** Reject as out of scope when the best intent's calibrated confidence is below this. */
  threshold: number;
  outOfScopeRecall: number;
  outOfScopePrecision: number;
  inScopeAccuracy: number;
}

/** What the console's report page shows for a candidate model (docs/admin.md). */
export interface CandidateReport {
  folds: number;
  examples: number;
  intents: number;
  accuracy: number;
  macroF1: number;
  perIntent: ClassMetrics[];
  confusion: { labels: string[]; counts: number[][]; cells: ConfusionCell[] };
  reliability: Reliability;
  /** The model's own decisions, then the trade-off when the confidence threshold moves. */
  outOfScope: {
    recall: number;
    precision: number;
    curve: ThresholdPoint[];
  } | null;
  trainMilliseconds: number;
  /** The candidate scored on the deployed model's data when the job started (the gate compares this). */
  reference?: ReferenceScore;
}

export interface EvaluateOptions {
  folds: number;
  seed?: number;
  examplesPerCell?: number;
  /** Told after each fold (for a progress bar). */
  onFold?: (done: number, total: number) => void;
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

/** k-fold cross-validation of any classifier, reported as the admin console shows it. */
export function evaluateCandidate(
  examples: readonly LabeledExample[],
  train: (examples: LabeledExample[], fold: number) => IntentClassifier,
  options: EvaluateOptions,
): CandidateReport {
  const started = performance.now();
  const k = options.folds;
  const items = outOfFoldItems(
    examples,
    stratifiedFolds(examples, k, options.seed ?? 1),
    k,
    (fold, assignment) =>
      train(
        examples.filter((_, i) => assignment[i] !== fold),
        fold,
      ),
    options.onFold,
  );

  const gold = items.map((i) => i.gold);
  const predicted = items.map((i) => i.predicted);
  const matrix = confusionMatrix(gold, predicted, labelSet(gold, predicted));
  const metrics = metricsFromConfusion(matrix);
  const perCell = options.examplesPerCell ?? 20;
  const cells = new Map<string, ConfusionCell>();
  for (const item of [...items].sort((a, b) => b.confidence - a.confidence)) {
    if (item.gold === item.predicted) continue;
    const key = `${item.gold}\u0000${item.predicted}`;
    const cell = cells.get(key) ?? { gold: item.gold, predicted: item.predicted, count: 0, examples: [] };
    cell.count++;
    if (cell.examples.length < perCell) cell.examples.push({ text: item.text, confidence: item.confidence });
    cells.set(key, cell);
  }

  const oosItems = items.filter((i) => i.gold === OUT_OF_SCOPE);
  let outOfScope: CandidateReport['outOfScope'] = null;
  if (oosItems.length > 0) {
    const flagged = items.filter((i) => i.predicted === OUT_OF_SCOPE);
    const curve: ThresholdPoint[] = [];
    for (let step = 0; step <= 20; step++) {
      const threshold = step / 20;
      let caught = 0;
      let rejected = 0;
      let inScope = 0;
      let inScopeRight = 0;
      for (const item of items) {
        const reject = item.explicitOutOfScope || item.bestInScope < threshold;
        if (reject) rejected++;
        if (item.gold === OUT_OF_SCOPE) {
          if (reject) caught++;
        } else {
          inScope++;
          // Not rejected, the model answers with its best in-scope intent.
          const answered = item.predicted === OUT_OF_SCOPE ? null : item.predicted;
          if (!reject && answered === item.gold) inScopeRight++;
        }
      }
      curve.push({
        threshold,
        outOfScopeRecall: ratio(caught, oosItems.length),
        outOfScopePrecision: ratio(caught, rejected),
        inScopeAccuracy: ratio(inScopeRight, inScope),
      });
    }
    outOfScope = {
      recall: ratio(flagged.filter((i) => i.gold === OUT_OF_SCOPE).length, oosItems.length),
      precision: ratio(flagged.filter((i) => i.gold === OUT_OF_SCOPE).length, flagged.length),
      curve,
    };
  }

  return {
    folds: k,
    examples: items.length,
    intents: new Set(gold.filter((g) => g !== OUT_OF_SCOPE)).size,
    accuracy: metrics.accuracy,
    macroF1: metrics.macroF1,
    perIntent: metrics.perClass,
    confusion: { labels: matrix.labels, counts: matrix.counts, cells: [...cells.values()] },
    reliability: reliabilityTable(
      items.map((i) => i.confidence),
      items.map((i) => i.gold === i.predicted),
    ),
    outOfScope,
    trainMilliseconds: performance.now() - started,
  };
}

/** Each test example predicted by the model of its fold (trained without it). */
function outOfFoldItems(
  tests: readonly LabeledExample[],
  assignment: readonly number[],
  k: number,
  trainFold: (fold: number, assignment: readonly number[]) => IntentClassifier,
  onFold?: (done: number, total: number) => void,
): FoldItem[] {
  const items: FoldItem[] = [];
  for (let fold = 0; fold < k; fold++) {
    const testPart = tests.filter((_, i) => assignment[i] === fold);
    if (testPart.length > 0) {
      const classifier = trainFold(fold, assignment);
      for (const example of testPart) {
        const { intent, ranking } = classifier.classify(example.text);
        const best = ranking.find((r) => r.name !== OUT_OF_SCOPE)?.confidence ?? 0;
        const oos = ranking.find((r) => r.name === OUT_OF_SCOPE)?.confidence ?? 0;
        items.push({
          text: example.text,
          gold: example.intent,
          predicted: intent.name,
          confidence: intent.confidence,
          bestInScope: best,
          explicitOutOfScope: oos > best,
        });
      }
    }
    onFold?.(fold + 1, k);
  }
  return items;
}

/** How a candidate does on another version's training data (the deployed one's), for the deploy gate. */
export interface ReferenceScore {
  /** The kept model version whose training data was the test set. */
  versionId: string;
  examples: number;
  accuracy: number;
  macroF1: number;
  /** Intents of the reference that the candidate no longer has (renamed or deleted): not scored. */
  leftOut: string[];
}

/**
 * Scores a candidate's training data on a reference set (the deployed model's training data), with the same
 * folds the reference's own evaluation used: each fold's model is trained on the candidate's examples minus
 * that fold's texts. A candidate's own k-fold score cannot see a regression, since its data defines what is
 * right: an intent whose examples were replaced by nonsense is learnt perfectly as "the nonsense intent"
 * (random letters are easy to tell from English), while the visitors' real phrasings for it are no longer
 * recognised. On the reference's data those phrasings are still the test, so the loss shows. With the same
 * data as the reference this is exactly the reference's own k-fold protocol, hence its score.
 */
export function scoreOnReference(
  reference: { versionId: string; examples: readonly LabeledExample[] },
  candidate: readonly LabeledExample[],
  train: (examples: LabeledExample[], fold: number) => IntentClassifier,
  options: EvaluateOptions & {
    /** The key two texts share when they are the same phrase (the loader's duplicate check). */
    textKey: (text: string) => string;
  },
): ReferenceScore {
  const sameText = options.textKey;
  const known = new Set(candidate.map((e) => e.intent));
  const tests = reference.examples.filter((e) => known.has(e.intent));
  const leftOut = [...new Set(reference.examples.map((e) => e.intent))].filter((i) => !known.has(i));
  const k = options.folds;
  const items = outOfFoldItems(
    tests,
    stratifiedFolds(tests, k, options.seed ?? 1),
    k,
    (fold, assignment) => {
      const held = new Set(tests.filter((_, i) => assignment[i] === fold).map((e) => sameText(e.text)));
      return train(
        candidate.filter((e) => !held.has(sameText(e.text))),
        fold,
      );
    },
    options.onFold,
  );
  const gold = items.map((i) => i.gold);
  const predicted = items.map((i) => i.predicted);
  const metrics = metricsFromConfusion(confusionMatrix(gold, predicted, labelSet(gold, predicted)));
  return {
    versionId: reference.versionId,
    examples: items.length,
    accuracy: metrics.accuracy,
    macroF1: metrics.macroF1,
    leftOut: leftOut.sort(),
  };
}
