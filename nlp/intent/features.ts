import { normalizeForIntent, tokenizeForIntent } from './normalize.ts';

/** How text becomes features. Stored in the model artifact so a restored model extracts the same features. */
export interface FeatureConfig {
  /** Word n-gram orders, inclusive, e.g. [1, 2]. */
  wordNgrams: [number, number];
  /** Character n-gram orders within padded words, inclusive, e.g. [3, 5]; [0, 0] disables them. */
  charNgrams: [number, number];
  /** Character n-grams run across word boundaries (over the whole padded text) instead of within words. */
  charAcrossWords: boolean;
  /** Strip common English suffixes from words before the word n-grams ("refunds" meets "refund"). */
  stemWords: boolean;
  /** Relative weight of the word block and the character block (each block is L2-normalised first). */
  wordWeight: number;
  charWeight: number;
}

export const DEFAULT_FEATURES: FeatureConfig = {
  wordNgrams: [1, 2],
  charNgrams: [3, 5],
  charAcrossWords: false,
  stemWords: true,
  wordWeight: 1,
  charWeight: 1,
};

export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

const SUFFIXES = ['ing', 'edly', 'ed', 'ies', 'es', 's', 'ly'];

export function lightStem(word: string): string {
  if (word.length <= 4) return word;
  for (const suffix of SUFFIXES) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      return suffix === 'ies' ? word.slice(0, -3) + 'y' : word.slice(0, -suffix.length);
    }
  }
  return word;
}

function add(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** Raw feature counts per block: word features carry a 'w' prefix, character features a 'c' prefix. */
export interface FeatureCounts {
  words: Map<string, number>;
  chars: Map<string, number>;
}

/**
 * Only the start of a text is read: intents show in the first sentences, and the cost of character n-grams
 * grows with length, so a pasted essay must not cost more than a long chat message.
 */
export const MAX_INTENT_TEXT_LENGTH = 1000;

export function extractFeatureCounts(text: string, config: FeatureConfig): FeatureCounts {
  const tokens = tokenizeForIntent(normalizeForIntent(text.slice(0, MAX_INTENT_TEXT_LENGTH)));
  const words = new Map<string, number>();
  const chars = new Map<string, number>();
  const [wMin, wMax] = config.wordNgrams;
  if (wMax > 0) {
    const units = config.stemWords ? tokens.map(lightStem) : tokens;
    // Sentence boundaries make "cancel" at the start differ from "cancel" in "how do I cancel".
    const padded = wMax > 1 ? ['<s>', ...units, '</s>'] : units;
    for (let n = Math.max(1, wMin); n <= wMax; n++) {
      for (let i = 0; i + n <= padded.length; i++) {
        if (n === 1 && (padded[i] === '<s>' || padded[i] === '</s>')) continue;
        add(words, 'w' + padded.slice(i, i + n).join(' '));
      }
    }
  }
  const [cMin, cMax] = config.charNgrams;
  if (cMax > 0) {
    const spans = config.charAcrossWords ? [tokens.join(' ')] : tokens;
    for (const span of spans) {
      const padded = ` ${span} `;
      for (let n = cMin; n <= cMax; n++) {
        if (padded.length < n) break;
        for (let i = 0; i + n <= padded.length; i++) add(chars, 'c' + padded.slice(i, i + n));
      }
    }
  }
  return { words, chars };
}
