import type { FeatureCounts, FeatureConfig, SparseVector } from './features.ts';
import { TfidfVectorizer, appendDense } from './vectorizer.ts';
import type { TextEmbedder } from './word-vectors.ts';

/** A training document as ids into the corpus's feature table: far smaller than maps of strings. */
export interface InternedDocument {
  ids: Int32Array;
  counts: Float32Array;
}

/** Gives every distinct feature string of a training corpus one integer id. */
export class FeatureTable {
  readonly keys: string[] = [];
  private readonly index = new Map<string, number>();

  intern(counts: FeatureCounts): InternedDocument {
    const size = counts.words.size + counts.chars.size;
    const ids = new Int32Array(size);
    const values = new Float32Array(size);
    let k = 0;
    for (const block of [counts.words, counts.chars]) {
      for (const [key, count] of block) {
        let id = this.index.get(key);
        if (id === undefined) {
          id = this.keys.length;
          this.keys.push(key);
          this.index.set(key, id);
        }
        ids[k] = id;
        values[k] = count;
        k++;
      }
    }
    return { ids, counts: values };
  }
}

/** A vocabulary fitted on some training documents, able to vectorise any interned document of the corpus. */
export interface FittedVocabulary {
  vectorizer: TfidfVectorizer;
  /** The document's features; `dense` is its precomputed dense block (the embedder's output for its text). */
  vectorize(doc: InternedDocument, dense?: Float32Array): SparseVector;
}

/**
 * Keeps the features seen in at least `minDf` of `documents` and computes their smoothed idf. The result
 * vectorises exactly as `vectorizer.transform` would vectorise the original text.
 */
export function fitVocabulary(
  table: FeatureTable,
  documents: readonly InternedDocument[],
  config: FeatureConfig,
  minDf: number,
  embedder?: TextEmbedder,
): FittedVocabulary {
  const df = new Int32Array(table.keys.length);
  for (const doc of documents) for (let k = 0; k < doc.ids.length; k++) df[doc.ids[k]!]!++;
  const kept: number[] = [];
  df.forEach((count, id) => {
    if (count >= minDf) kept.push(id);
  });
  kept.sort((a, b) => (table.keys[a]! < table.keys[b]! ? -1 : 1));
  const featureOf = new Int32Array(table.keys.length).fill(-1);
  kept.forEach((id, feature) => (featureOf[id] = feature));
  const n = documents.length;
  const idf = Float32Array.from(kept, (id) => Math.log((1 + n) / (1 + df[id]!)) + 1);
  const vectorizer = new TfidfVectorizer(
    config,
    kept.map((id) => table.keys[id]!),
    idf,
    embedder,
  );
  const vectorize = (doc: InternedDocument, dense?: Float32Array): SparseVector => {
    const words = new Map<string, number>();
    const chars = new Map<string, number>();
    for (let k = 0; k < doc.ids.length; k++) {
      const id = doc.ids[k]!;
      if (featureOf[id]! < 0) continue;
      const key = table.keys[id]!;
      (key.startsWith('w') ? words : chars).set(key, doc.counts[k]!);
    }
    return appendDense(vectorizer.transformCounts({ words, chars }), dense, kept.length);
  };
  return { vectorizer, vectorize };
}
