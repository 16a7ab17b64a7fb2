import type { FeatureConfig } from './features.ts';
import type { QuantizedArray } from './quantize.ts';
import type { IntentModelArtifact } from './types.ts';
import type { EmbeddingConfig, StoredEmbedding } from './word-vectors.ts';

export const ARTIFACT_FORMAT = 'concierge-intent-model';
export const LINEAR_KIND = 'concierge-linear';
/** 2: the dense word-vector block ("embedding") after the sparse features. Version 1 artifacts are retrained. */
export const LINEAR_VERSION = 2;

/** The saved form of the linear classifier. Every field is plain JSON. */
export interface LinearArtifact extends IntentModelArtifact {
  format: typeof ARTIFACT_FORMAT;
  version: typeof LINEAR_VERSION;
  kind: typeof LINEAR_KIND;
  labels: string[];
  features: FeatureConfig;
  vocabulary: string[];
  idf: number[];
  /** The dense block's settings and word vectors, or null for sparse features only. */
  embedding: StoredEmbedding | null;
  /** labels.length × (vocabulary.length + dense block size) scores, feature-major. */
  weights: QuantizedArray;
  bias: number[];
  temperature: number;
  /** Raw score of the best intent below which a text is out of scope; null when nothing taught one. */
  outOfScopeThreshold: number | null;
  /** Confidence stated when the threshold rejects a text: the held-out precision of such rejections. */
  outOfScopeConfidence: number;
  /** Anything the caller passed in TrainOptions.metadata (e.g. the intent data hash). */
  metadata: Record<string, unknown>;
}

export class IntentModelError extends Error {
  override readonly name = 'IntentModelError';
}

function fail(problem: string): never {
  throw new IntentModelError(`invalid intent model artifact: ${problem}`);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((v) => typeof v === 'string');
const isNumberArray = (value: unknown): value is number[] =>
  Array.isArray(value) && value.every((v) => typeof v === 'number' && Number.isFinite(v));
const isRange = (value: unknown): value is [number, number] =>
  isNumberArray(value) && value.length === 2 && value[0]! >= 0 && value[0]! <= value[1]!;

function checkFeatures(value: unknown): FeatureConfig {
  if (!isRecord(value)) fail('"features" must be an object');
  const { wordNgrams, charNgrams, charAcrossWords, stemWords, wordWeight, charWeight } = value;
  if (!isRange(wordNgrams) || !isRange(charNgrams)) fail('"features" n-gram ranges must be [min, max]');
  if (
    typeof charAcrossWords !== 'boolean' ||
    typeof stemWords !== 'boolean' ||
    typeof wordWeight !== 'number' ||
    typeof charWeight !== 'number'
  ) {
    fail('"features" needs charAcrossWords and stemWords (booleans), wordWeight and charWeight (numbers)');
  }
  return { wordNgrams, charNgrams, charAcrossWords, stemWords, wordWeight, charWeight };
}

function checkEmbedding(value: unknown): StoredEmbedding | null {
  if (value === null) return null;
  if (!isRecord(value) || !isRecord(value.config))
    fail('"embedding" must be null or { config, dimensions, words, vectors }');
  const { words: limit, meanWeight, maxWeight, sifA } = value.config;
  if (
    ![limit, meanWeight, maxWeight, sifA].every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0)
  ) {
    fail('"embedding.config" needs words, meanWeight, maxWeight and sifA (non-negative numbers)');
  }
  const config = { words: limit, meanWeight, maxWeight, sifA } as EmbeddingConfig;
  const { dimensions, words, vectors } = value;
  if (typeof dimensions !== 'number' || !Number.isInteger(dimensions) || dimensions < 1)
    fail('"embedding.dimensions" must be a positive integer');
  if (!isStringArray(words)) fail('"embedding.words" must be a list of strings');
  if (
    !isRecord(vectors) ||
    typeof vectors.scale !== 'number' ||
    typeof vectors.base64 !== 'string' ||
    vectors.length !== words.length * dimensions
  ) {
    fail('"embedding.vectors" must be { scale, length: words × dimensions, base64 }');
  }
  return {
    config,
    dimensions,
    words,
    vectors: { scale: vectors.scale, length: vectors.length, base64: vectors.base64 },
  };
}

/** Size of the dense block an embedding appends. */
export function denseSize(embedding: StoredEmbedding | null): number {
  if (embedding === null) return 0;
  const { meanWeight, maxWeight } = embedding.config;
  return (meanWeight > 0 ? embedding.dimensions : 0) + (maxWeight > 0 ? embedding.dimensions : 0);
}

/** Checks an unknown value (usually parsed JSON) and says precisely what is wrong with it. */
export function validateLinearArtifact(value: unknown): LinearArtifact {
  if (!isRecord(value)) fail('expected a JSON object');
  if (value.format !== ARTIFACT_FORMAT)
    fail(`"format" must be "${ARTIFACT_FORMAT}", got ${JSON.stringify(value.format)}`);
  if (value.kind !== LINEAR_KIND)
    fail(`unknown kind ${JSON.stringify(value.kind)} (this build reads "${LINEAR_KIND}")`);
  if (value.version !== LINEAR_VERSION) {
    fail(
      `version ${JSON.stringify(value.version)} is not supported (this build reads ${LINEAR_VERSION}); retrain the model`,
    );
  }
  const {
    labels,
    vocabulary,
    idf,
    weights,
    bias,
    temperature,
    outOfScopeThreshold,
    outOfScopeConfidence,
    metadata,
  } = value;
  if (!isStringArray(labels) || labels.length < 2) fail('"labels" must list at least two intents');
  if (!isStringArray(vocabulary)) fail('"vocabulary" must be a list of strings');
  if (!isNumberArray(idf) || idf.length !== vocabulary.length)
    fail('"idf" must hold one number per vocabulary entry');
  if (!isNumberArray(bias) || bias.length !== labels.length) fail('"bias" must hold one number per label');
  const embedding = checkEmbedding(value.embedding);
  if (
    !isRecord(weights) ||
    typeof weights.scale !== 'number' ||
    typeof weights.base64 !== 'string' ||
    weights.length !== labels.length * (vocabulary.length + denseSize(embedding))
  ) {
    fail('"weights" must be { scale, length: labels × (vocabulary + dense block), base64 }');
  }
  if (typeof temperature !== 'number' || !(temperature > 0)) fail('"temperature" must be a positive number');
  if (
    outOfScopeThreshold !== null &&
    (typeof outOfScopeThreshold !== 'number' || !Number.isFinite(outOfScopeThreshold))
  ) {
    fail('"outOfScopeThreshold" must be a finite number or null');
  }
  if (typeof outOfScopeConfidence !== 'number' || outOfScopeConfidence < 0 || outOfScopeConfidence > 1) {
    fail('"outOfScopeConfidence" must be a number in [0, 1]');
  }
  if (!isRecord(metadata)) fail('"metadata" must be an object');
  return {
    format: ARTIFACT_FORMAT,
    version: LINEAR_VERSION,
    kind: LINEAR_KIND,
    labels,
    features: checkFeatures(value.features),
    vocabulary,
    idf,
    embedding,
    weights: { scale: weights.scale, length: weights.length, base64: weights.base64 },
    bias,
    temperature,
    outOfScopeThreshold,
    outOfScopeConfidence,
    metadata,
  };
}
