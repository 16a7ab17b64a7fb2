import { availableParallelism } from 'node:os';
import type { LinearArtifact } from './artifact.ts';
import { ARTIFACT_FORMAT, LINEAR_KIND, LINEAR_VERSION } from './artifact.ts';
import type { HeldOutScores, ThresholdCase } from './calibration.ts';
import {
  chooseOutOfScopeThreshold,
  chooseThresholdForRecall,
  fitTemperature,
  thresholdRejectionPrecision,
} from './calibration.ts';
import type { InternedDocument } from './corpus.ts';
import { FeatureTable, fitVocabulary } from './corpus.ts';
import type { FeatureConfig } from './features.ts';
import { DEFAULT_FEATURES, extractFeatureCounts } from './features.ts';
import { LinearIntentClassifier } from './linear-classifier.ts';
import { quantize } from './quantize.ts';
import { createRandom, shuffleInPlace } from './random.ts';
import { trainSoftmaxRegression } from './softmax-regression.ts';
import { trainSquaredHingeSvm } from './squared-hinge-svm.ts';
import { openSvmThread, type SvmThread } from './svm-thread/svm-thread.ts';
import type { LabeledExample, TrainOptions } from './types.ts';
import { OUT_OF_SCOPE } from './types.ts';
import { embeddingTokens } from './vectorizer.ts';
import type { EmbeddingConfig, StoredEmbedding, TextEmbedder } from './word-vectors.ts';
import { embedderFrom, pretrainedEmbedding } from './word-vectors.ts';

export interface Hyperparameters {
  features: FeatureConfig;
  minDf: number;
  epochs: number;
  l2: number;
  learningRate: number;
  averageFrom: number;
  /**
   * Weight of the one-vs-rest squared-hinge SVM added to the logistic regression's scores (0 = none). The two
   * losses err differently (the hinge ignores well-classified examples, the log-loss never does), so their sum
   * ranks better than either; both are linear in the same features, so the sum is one weight matrix.
   */
  svmWeight: number;
  /** Inverse regularisation strength of the SVM (LIBLINEAR's C). */
  svmCost: number;
  /** Upper bound on the SVM's passes over the data per class. */
  svmIterations: number;
  /** Loss weight of explicit out-of-scope examples in the logistic regression (in-scope examples weigh 1). */
  outOfScopeWeight: number;
  /** The dense block of pretrained word-vector features, or null for the sparse TF-IDF features only. */
  embedding: EmbeddingConfig | null;
}

export const DEFAULT_EMBEDDING: EmbeddingConfig = {
  words: 50000,
  meanWeight: 1,
  maxWeight: 0,
  sifA: 1e-3,
};

/** Below this many examples, calibration data comes from 5-fold cross-fitting; above, from one held-out slice. */
const CROSS_FIT_LIMIT = 3000;
const CROSS_FIT_FOLDS = 5;
const HOLD_OUT_FOLDS = 7;
/**
 * Unless told otherwise, the threshold is chosen as if one message in five were out of scope: a wrongly
 * rejected question and a wrongly answered one each cost one bad reply, so the threshold should maximise right
 * replies over a plausible mix, not over the (arbitrary) mix of the training data.
 */
const DEFAULT_OUT_OF_SCOPE_SHARE = 0.2;

/** From this many examples the SVM is trained on a second thread while this one trains the logistic regression. */
const SVM_THREAD_FROM = 2000;

/** Options of this classifier beyond the shared contract, for experiments and benchmarks. */
export interface LinearTrainOptions extends TrainOptions {
  hyperparameters?: Partial<Hyperparameters>;
  /**
   * Train the SVM on a second thread, beside the logistic regression on this one (the same model, in about half
   * the time on two cores). Default: from 2,000 examples, when the machine has more than one core.
   */
  svmThread?: boolean;
}

function hyperparameters(examples: number, options: LinearTrainOptions): Hyperparameters {
  return {
    features: DEFAULT_FEATURES,
    // Features seen once in a large corpus are mostly typos and names; in a small intent set they still help.
    minDf: examples >= 2000 ? 2 : 1,
    epochs: options.epochs ?? 10,
    l2: options.l2 ?? 1e-5,
    learningRate: 0.5,
    averageFrom: 0.5,
    svmWeight: 4,
    svmCost: 1,
    svmIterations: 50,
    outOfScopeWeight: 1,
    embedding: DEFAULT_EMBEDDING,
    ...options.hyperparameters,
  };
}

export class IntentTrainingError extends Error {
  override readonly name = 'IntentTrainingError';
}

function checkExamples(examples: readonly LabeledExample[]): string[] {
  if (examples.length === 0) throw new IntentTrainingError('no training examples');
  examples.forEach((e, i) => {
    if (typeof e.text !== 'string' || typeof e.intent !== 'string' || e.intent === '') {
      throw new IntentTrainingError(`example ${i} needs a text and an intent name`);
    }
  });
  const labels = [...new Set(examples.map((e) => e.intent))].sort();
  if (labels.filter((l) => l !== OUT_OF_SCOPE).length === 0) {
    throw new IntentTrainingError('training needs examples of at least one in-scope intent');
  }
  if (labels.length < 2) {
    throw new IntentTrainingError(
      `only one intent ("${labels[0]}") in the examples: add another intent or out_of_scope examples`,
    );
  }
  return labels;
}

/** The dense block shared by every model trained in one call: its saved form, embedder and per-example output. */
interface DenseFeatures {
  stored: StoredEmbedding | null;
  embedder: TextEmbedder | undefined;
  /** Dense block of each training example (undefined where no word has a vector). */
  blocks: (Float32Array | undefined)[];
}

function denseFeatures(examples: readonly LabeledExample[], config: EmbeddingConfig | null): DenseFeatures {
  if (config === null || (config.meanWeight <= 0 && config.maxWeight <= 0)) {
    return { stored: null, embedder: undefined, blocks: examples.map(() => undefined) };
  }
  const stored = pretrainedEmbedding(config);
  const embedder = embedderFrom(stored);
  return { stored, embedder, blocks: examples.map((e) => embedder.embed(embeddingTokens(e.text))) };
}

/** Fits features and weights on the given documents, then freezes them into an artifact (T = 1, no threshold). */
function fitArtifact(
  table: FeatureTable,
  docs: readonly InternedDocument[],
  dense: DenseFeatures,
  subset: readonly number[] | undefined,
  gold: Int32Array,
  labels: string[],
  hyper: Hyperparameters,
  seed: number,
  svmThread: SvmThread | null,
): LinearArtifact {
  const { vectorizer, vectorize } = fitVocabulary(table, docs, hyper.features, hyper.minDf, dense.embedder);
  const vectors = docs.map((doc, i) => vectorize(doc, dense.blocks[subset ? subset[i]! : i]));
  const oos = labels.indexOf(OUT_OF_SCOPE);
  const classWeights =
    oos >= 0 && hyper.outOfScopeWeight !== 1
      ? Float64Array.from(labels, (_, c) => (c === oos ? hyper.outOfScopeWeight : 1))
      : undefined;
  const svmOptions = { cost: hyper.svmCost, maxIterations: hyper.svmIterations, tolerance: 0.1, seed };
  // Submitted first, so the other thread trains the SVM while this one trains the logistic regression.
  const pendingSvm =
    hyper.svmWeight > 0 && svmThread
      ? svmThread.submit(vectors, gold, labels.length, vectorizer.size, svmOptions)
      : null;
  const model = trainSoftmaxRegression(vectors, gold, labels.length, vectorizer.size, {
    ...hyper,
    seed,
    ...(classWeights ? { classWeights } : {}),
  });
  if (hyper.svmWeight > 0) {
    const svm = pendingSvm
      ? pendingSvm.wait()
      : trainSquaredHingeSvm(vectors, gold, labels.length, vectorizer.size, svmOptions);
    for (let j = 0; j < model.weights.length; j++)
      model.weights[j] = model.weights[j]! + hyper.svmWeight * svm.weights[j]!;
    for (let c = 0; c < model.bias.length; c++)
      model.bias[c] = model.bias[c]! + hyper.svmWeight * svm.bias[c]!;
  }
  return {
    format: ARTIFACT_FORMAT,
    version: LINEAR_VERSION,
    kind: LINEAR_KIND,
    labels,
    features: hyper.features,
    vocabulary: [...vectorizer.features],
    idf: Array.from(vectorizer.idf),
    embedding: dense.stored,
    weights: quantize(model.weights),
    bias: Array.from(model.bias),
    temperature: 1,
    outOfScopeThreshold: null,
    outOfScopeConfidence: 0.5,
    metadata: {},
  };
}

/** Assigns each example to a fold so that every intent is spread evenly over the folds. */
function stratifiedFolds(gold: Int32Array, folds: number, random: () => number): Int32Array {
  const byClass = new Map<number, number[]>();
  gold.forEach((label, i) => byClass.set(label, [...(byClass.get(label) ?? []), i]));
  const fold = new Int32Array(gold.length);
  let offset = 0;
  for (const members of byClass.values()) {
    shuffleInPlace(members, random);
    // Continuing the round-robin across classes keeps the fold sizes balanced too.
    members.forEach((index, k) => (fold[index] = (offset + k) % folds));
    offset += members.length;
  }
  return fold;
}

interface HeldOutItem {
  scores: Float64Array;
  /** Index of the gold label, or -1 for an out-of-scope item the model has no class for. */
  gold: number;
  outOfScope: boolean;
}

function collectHeldOut(
  table: FeatureTable,
  docs: readonly InternedDocument[],
  dense: DenseFeatures,
  examples: readonly LabeledExample[],
  gold: Int32Array,
  labels: string[],
  hyper: Hyperparameters,
  seed: number,
  svmThread: SvmThread | null,
): HeldOutItem[] {
  const crossFit = examples.length < CROSS_FIT_LIMIT;
  const foldCount = crossFit ? CROSS_FIT_FOLDS : HOLD_OUT_FOLDS;
  const fold = stratifiedFolds(gold, foldCount, createRandom(seed + 1));
  const items: HeldOutItem[] = [];
  for (let k = 0; k < (crossFit ? foldCount : 1); k++) {
    const trainIdx: number[] = [];
    const testIdx: number[] = [];
    fold.forEach((f, i) => (f === k ? testIdx : trainIdx).push(i));
    const trainGold = Int32Array.from(trainIdx, (i) => gold[i]!);
    if (testIdx.length === 0 || new Set(trainGold).size < labels.length) continue;
    const model = new LinearIntentClassifier(
      fitArtifact(
        table,
        trainIdx.map((i) => docs[i]!),
        dense,
        trainIdx,
        trainGold,
        labels,
        hyper,
        seed + 2 + k,
        svmThread,
      ),
    );
    for (const i of testIdx) {
      items.push({
        scores: model.scores(examples[i]!.text),
        gold: gold[i]!,
        outOfScope: examples[i]!.intent === OUT_OF_SCOPE,
      });
    }
  }
  return items;
}

function thresholdCases(items: readonly HeldOutItem[], labels: string[]): ThresholdCase[] {
  const oos = labels.indexOf(OUT_OF_SCOPE);
  return items.map(({ scores, gold, outOfScope }) => {
    let best = -1;
    for (let c = 0; c < scores.length; c++)
      if (c !== oos && (best < 0 || scores[c]! > scores[best]!)) best = c;
    return {
      score: scores[best]!,
      outOfScope,
      bestIsGold: best === gold,
      explicit: oos >= 0 && scores[oos]! > scores[best]!,
    };
  });
}

function learntThreshold(cases: readonly ThresholdCase[], options: LinearTrainOptions): number | null {
  if (options.outOfScopeRecall !== undefined) {
    const forRecall = chooseThresholdForRecall(cases, options.outOfScopeRecall);
    if (forRecall !== undefined) return forRecall;
  }
  return chooseOutOfScopeThreshold(cases, options.outOfScopeShare ?? DEFAULT_OUT_OF_SCOPE_SHARE);
}

/**
 * Trains the linear intent classifier. The temperature and the out-of-scope threshold are fitted on data the
 * scoring model never saw: the caller's validation split, or else out-of-fold scores from the training data.
 */
export function trainLinearClassifier(
  examples: readonly LabeledExample[],
  options: LinearTrainOptions = {},
): LinearIntentClassifier {
  const labels = checkExamples(examples);
  const recall = options.outOfScopeRecall;
  if (recall !== undefined && !(recall > 0 && recall <= 1)) {
    throw new IntentTrainingError('outOfScopeRecall must be a share above 0 and at most 1, e.g. 0.55');
  }
  const hyper = hyperparameters(examples.length, options);
  const threaded = options.svmThread ?? (examples.length >= SVM_THREAD_FROM && availableParallelism() > 1);
  // Opened first, so the thread starts while the features are extracted.
  const svmThread = threaded && hyper.svmWeight > 0 ? openSvmThread() : null;
  try {
    return train(examples, options, labels, hyper, svmThread);
  } finally {
    svmThread?.close();
  }
}

function train(
  examples: readonly LabeledExample[],
  options: LinearTrainOptions,
  labels: string[],
  hyper: Hyperparameters,
  svmThread: SvmThread | null,
): LinearIntentClassifier {
  const seed = options.seed ?? 1;
  const index = new Map(labels.map((label, i) => [label, i]));
  const gold = Int32Array.from(examples, (e) => index.get(e.intent)!);
  const table = new FeatureTable();
  const docs = examples.map((e) => table.intern(extractFeatureCounts(e.text, hyper.features)));
  const dense = denseFeatures(examples, hyper.embedding);
  const artifact = fitArtifact(table, docs, dense, undefined, gold, labels, hyper, seed, svmThread);
  let heldOut: HeldOutItem[];
  if (options.validation && options.validation.length > 0) {
    const scorer = new LinearIntentClassifier(artifact);
    heldOut = options.validation
      .filter((e) => index.has(e.intent) || e.intent === OUT_OF_SCOPE)
      .map((e) => ({
        scores: scorer.scores(e.text),
        gold: index.get(e.intent) ?? -1,
        outOfScope: e.intent === OUT_OF_SCOPE,
      }));
  } else {
    heldOut = collectHeldOut(table, docs, dense, examples, gold, labels, hyper, seed, svmThread);
  }
  const known = heldOut.filter((item) => item.gold >= 0);
  const calibration: HeldOutScores = {
    scores: known.map((i) => i.scores),
    gold: Int32Array.from(known, (i) => i.gold),
  };
  const temperature = fitTemperature(calibration);
  const cases = thresholdCases(heldOut, labels);
  const threshold = options.outOfScopeThreshold ?? learntThreshold(cases, options);
  return new LinearIntentClassifier({
    ...artifact,
    temperature,
    outOfScopeThreshold: threshold,
    outOfScopeConfidence: thresholdRejectionPrecision(cases, threshold),
    metadata: { ...(options.metadata ?? {}) },
  });
}
