import type { FeatureConfig, FeatureCounts, SparseVector } from './features.ts';
import { extractFeatureCounts } from './features.ts';

/**
 * TF-IDF with sublinear term frequency; the word block and the character block are L2-normalised separately
 * and then weighted, so long words do not drown the word features in character n-grams.
 */
export class TfidfVectorizer {
  readonly config: FeatureConfig;
  readonly features: readonly string[];
  readonly idf: Float32Array;
  private readonly index: Map<string, number>;

  constructor(config: FeatureConfig, features: readonly string[], idf: Float32Array) {
    if (features.length !== idf.length) throw new Error('vectorizer: features and idf differ in length');
    this.config = config;
    this.features = features;
    this.idf = idf;
    this.index = new Map(features.map((feature, i) => [feature, i]));
  }

  get size(): number {
    return this.features.length;
  }

  transform(text: string): SparseVector {
    return this.transformCounts(extractFeatureCounts(text, this.config));
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
