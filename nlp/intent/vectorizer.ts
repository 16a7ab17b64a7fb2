import type { FeatureConfig, FeatureCounts, SparseVector } from './features.ts';
import { MAX_INTENT_TEXT_LENGTH, extractFeatureCounts } from './features.ts';
import { normalizeForIntent, tokenizeForIntent } from './normalize.ts';
import type { TextEmbedder } from './word-vectors.ts';

/** Appends a dense block after the sparse features, its first value at index `offset`. */
export function appendDense(
  sparse: SparseVector,
  dense: Float32Array | undefined,
  offset: number,
): SparseVector {
  if (dense === undefined) return sparse;
  const indices = new Int32Array(sparse.indices.length + dense.length);
  const values = new Float32Array(indices.length);
  indices.set(sparse.indices);
  values.set(sparse.values);
  for (let d = 0; d < dense.length; d++) {
    indices[sparse.indices.length + d] = offset + d;
    values[sparse.values.length + d] = dense[d]!;
  }
  return { indices, values };
}

/** The tokens the dense block reads: the intent tokenizer's, unstemmed (the pretrained table has full words). */
export function embeddingTokens(text: string): string[] {
  return tokenizeForIntent(normalizeForIntent(text.slice(0, MAX_INTENT_TEXT_LENGTH)));
}

/**
 * TF-IDF with sublinear term frequency; the word block and the character block are L2-normalised separately
 * and then weighted, so long words do not drown the word features in character n-grams. With an embedder,
 * a dense block of word-vector features follows the sparse ones.
 */
export class TfidfVectorizer {
  readonly config: FeatureConfig;
  readonly features: readonly string[];
  readonly idf: Float32Array;
  readonly embedder: TextEmbedder | undefined;
  private readonly index: Map<string, number>;

  constructor(
    config: FeatureConfig,
    features: readonly string[],
    idf: Float32Array,
    embedder?: TextEmbedder,
  ) {
    if (features.length !== idf.length) throw new Error('vectorizer: features and idf differ in length');
    this.config = config;
    this.features = features;
    this.idf = idf;
    this.embedder = embedder;
    this.index = new Map(features.map((feature, i) => [feature, i]));
  }

  /** Sparse features plus the dense block. */
  get size(): number {
    return this.features.length + (this.embedder?.size ?? 0);
  }

  transform(text: string): SparseVector {
    const sparse = this.transformCounts(extractFeatureCounts(text, this.config));
    if (this.embedder === undefined) return sparse;
    return appendDense(sparse, this.embedder.embed(embeddingTokens(text)), this.features.length);
  }

  transformCounts(counts: FeatureCounts): SparseVector {
    const indices: number[] = [];
    const values: number[] = [];
    this.appendBlock(counts.words, this.config.wordWeight, indices, values);
    this.appendBlock(counts.chars, this.config.charWeight, indices, values);
    return { indices: Int32Array.from(indices), values: Float32Array.from(values) };
  }

  private appendBlock(
    counts: Map<string, number>,
    weight: number,
    indices: number[],
    values: number[],
  ): void {
    if (weight === 0) return;
    const start = values.length;
    let norm = 0;
    for (const [key, count] of counts) {
      const i = this.index.get(key);
      if (i === undefined) continue;
      const value = (1 + Math.log(count)) * this.idf[i]!;
      indices.push(i);
      values.push(value);
      norm += value * value;
    }
    if (norm === 0) return;
    const scale = weight / Math.sqrt(norm);
    for (let k = start; k < values.length; k++) values[k] = values[k]! * scale;
  }
}
