import type { IntentClassifier, LabeledExample } from '../intent/types.ts';
import { OUT_OF_SCOPE } from '../intent/types.ts';
import type { EvaluatedItem } from './confused-pairs.ts';

export interface FoldSummary {
  fold: number;
  trainSize: number;
  testSize: number;
  /** The out-of-scope threshold the fold's model learnt, when its artifact states one. */
  outOfScopeThreshold?: number;
  trainMilliseconds: number;
}

export interface CrossValidationResult {
  folds: FoldSummary[];
  /** Every example exactly once, predicted by the model that did not see it. */
  items: (EvaluatedItem & { fold: number })[];
}

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/**
 * Assigns each example a fold in [0, k) so that every intent is spread evenly over the folds
 * (an intent with fewer than k examples appears in fewer folds).
 */
export function stratifiedFolds(examples: readonly LabeledExample[], k: number, seed = 1): number[] {
  if (!Number.isInteger(k) || k < 2) throw new Error('cross-validation needs k ≥ 2 folds');
  const random = seededRandom(seed);
  const byIntent = new Map<string, number[]>();
  examples.forEach((e, i) => byIntent.set(e.intent, [...(byIntent.get(e.intent) ?? []), i]));
  const folds = new Array<number>(examples.length).fill(0);
  let offset = 0;
  for (const intent of [...byIntent.keys()].sort()) {
    const members = byIntent.get(intent)!;
    for (let i = members.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [members[i], members[j]] = [members[j]!, members[i]!];
    }
    // Continuing the round-robin from the previous intent keeps the folds the same size overall.
    members.forEach((index, position) => (folds[index] = (offset + position) % k));
    offset += members.length;
  }
  return folds;
}

function thresholdOf(classifier: IntentClassifier): number | undefined {
  const value = classifier.toJSON()['outOfScopeThreshold'];
  return typeof value === 'number' ? value : undefined;
}

/** k-fold cross-validation with any classifier: `train` is called once per fold with that fold's training part. */
export function crossValidate(
  examples: readonly LabeledExample[],
  train: (examples: LabeledExample[], fold: number) => IntentClassifier,
  k = 5,
  seed = 1,
): CrossValidationResult {
  const assignment = stratifiedFolds(examples, k, seed);
  const folds: FoldSummary[] = [];
  const items: CrossValidationResult['items'] = [];
  for (let fold = 0; fold < k; fold++) {
    const trainPart = examples.filter((_, i) => assignment[i] !== fold);
    const testPart = examples.filter((_, i) => assignment[i] === fold);
    if (testPart.length === 0) continue;
    const started = performance.now();
    const classifier = train(trainPart, fold);
    const trainMilliseconds = performance.now() - started;
    const summary: FoldSummary = {
      fold,
      trainSize: trainPart.length,
      testSize: testPart.length,
      trainMilliseconds,
    };
    const threshold = thresholdOf(classifier);
    if (threshold !== undefined) summary.outOfScopeThreshold = threshold;
    folds.push(summary);
    for (const example of testPart) {
      const { intent, ranking } = classifier.classify(example.text);
      const bestInScope = ranking.find((r) => r.name !== OUT_OF_SCOPE)?.name;
      items.push({
        text: example.text,
        gold: example.intent,
        predicted: intent.name,
        confidence: intent.confidence,
        ...(bestInScope === undefined ? {} : { bestInScope }),
        fold,
      });
    }
  }
  return { folds, items };
}
