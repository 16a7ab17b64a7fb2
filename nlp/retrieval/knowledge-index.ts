import { DamerauLevenshteinDistance } from 'natural/lib/natural/distance/index.js';
import { PorterStemmer } from 'natural/lib/natural/stemmers/index.js';
import { WordTokenizer } from 'natural/lib/natural/tokenizers/index.js';
import { namesCountry } from './countries.ts';

/** An article as retrieval sees it: the ways visitors ask for it, plus its title and tags. */
export interface KnowledgeEntry {
  id: string;
  title: string;
  questions: readonly string[];
  tags?: readonly string[];
}

export interface KnowledgeMatch {
  id: string;
  /** Combined similarity in [0, 1] of the message to the article's closest question variant. */
  score: number;
  lexical: number;
  vector: number;
}

/** Dense text vectors (the intent model's word-vector block); unit length or undefined. */
export type TextEmbedding = (text: string) => Float32Array | undefined;

export interface KnowledgeIndexOptions {
  embed?: TextEmbedding;
  /** Share of the vector similarity in the combined score (the rest is lexical). */
  vectorWeight?: number;
}

export interface KnowledgeIndex {
  /** The best articles for a message, best first (at most `limit`, only those scoring above zero). */
  search(text: string, limit?: number): KnowledgeMatch[];
  readonly size: number;
}

// Words that carry no topic. Question words stay: "how long" and "how much" ask different things. "find"
// names no topic either: in "where do I find the invoice" it made "where do I find my tracking number" win.
const STOPWORDS = new Set(
  'a an the i me my mine you your yours we our us it its is are was were be been am do does did to of in on at for with and or but if so this that these those there here can could would should will shall may might must have has had get got just please hi hello hey thanks thank any some one about from by as up out not no yes ok okay also really very like know tell want wondering find'.split(
    ' ',
  ),
);

const tokenizer = new WordTokenizer();
const COUNTRY_TERM = PorterStemmer.stem('country');
const VECTOR_BASELINE = 0.85;

interface Terms {
  /** Stemmed content words with their counts. */
  counts: Map<string, number>;
}

function words(text: string): string[] {
  return tokenizer
    .tokenize(text.normalize('NFKC').toLowerCase().replace(/['’]/g, ''))
    .filter((w) => w.length > 0 && !STOPWORDS.has(w));
}

interface Vector {
  terms: Map<string, number>;
  norm: number;
}

/**
 * Retrieval over knowledge articles for one chat message: TF-IDF cosine over Porter stems of content words
 * (natural's tokenizer and stemmer), a typo-tolerant mapping of unknown words onto the articles' vocabulary
 * (natural's Damerau-Levenshtein), and the cosine of the texts' word-vector blocks, which finds "can I settle
 * the bill with paypal" for "what payment methods do you accept" when they share few words. Each article
 * scores as its best question variant; its title and tags count as one more variant.
 */
export function createKnowledgeIndex(
  entries: readonly KnowledgeEntry[],
  options: KnowledgeIndexOptions = {},
): KnowledgeIndex {
  const vectorWeight = options.embed ? (options.vectorWeight ?? 0.35) : 0;
  const stemOf = new Map<string, string>();
  const stem = (word: string): string => {
    let s = stemOf.get(word);
    if (s === undefined) {
      s = PorterStemmer.stem(word);
      stemOf.set(word, s);
    }
    return s;
  };
  const termsOf = (text: string): Terms => {
    const counts = new Map<string, number>();
    for (const word of words(text)) {
      const s = stem(word);
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    return { counts };
  };

  const variants: { id: string; text: string; terms: Terms }[] = [];
  for (const entry of entries) {
    for (const question of entry.questions)
      variants.push({ id: entry.id, text: question, terms: termsOf(question) });
    const extra = [entry.title, ...(entry.tags ?? [])].join(' ');
    variants.push({ id: entry.id, text: extra, terms: termsOf(extra) });
  }
  const documentFrequency = new Map<string, number>();
  for (const variant of variants) {
    for (const term of variant.terms.counts.keys())
      documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  }
  const idf = (term: string): number =>
    Math.log((1 + variants.length) / (1 + (documentFrequency.get(term) ?? 0))) + 1;
  const vectorOf = (terms: Terms): Vector => {
    const weighted = new Map<string, number>();
    let sum = 0;
    for (const [term, count] of terms.counts) {
      const weight = (1 + Math.log(count)) * idf(term);
      weighted.set(term, weight);
      sum += weight * weight;
    }
    return { terms: weighted, norm: Math.sqrt(sum) };
  };
  const indexed = variants.map((variant) => ({
    id: variant.id,
    vector: vectorOf(variant.terms),
    embedding: options.embed?.(variant.text),
  }));

  // Raw words of the articles by length, to map a misspelt word of a message onto one of them.
  const vocabulary = new Map<number, string[]>();
  const known = new Set<string>();
  for (const variant of variants) {
    for (const word of words(variant.text)) {
      if (known.has(word)) continue;
      known.add(word);
      const list = vocabulary.get(word.length) ?? [];
      list.push(word);
      vocabulary.set(word.length, list);
    }
  }
  const corrections = new Map<string, string>();
  const corrected = (word: string): string => {
    if (known.has(word) || word.length < 5 || /\d/.test(word)) return word;
    const cached = corrections.get(word);
    if (cached !== undefined) return cached;
    const allowed = word.length >= 9 ? 2 : 1;
    let best = word;
    let bestDistance = allowed + 1;
    for (let length = word.length - allowed; length <= word.length + allowed; length += 1) {
      for (const candidate of vocabulary.get(length) ?? []) {
        if (candidate[0] !== word[0] && candidate[1] !== word[1]) continue;
        const distance = DamerauLevenshteinDistance(word, candidate);
        if (distance < bestDistance) {
          best = candidate;
          bestDistance = distance;
        }
      }
    }
    if (corrections.size > 5000) corrections.clear();
    corrections.set(word, best);
    return best;
  };

  // Every article's best variant for one text.
  const scoreAll = (text: string): KnowledgeMatch[] => {
    const counts = new Map<string, number>();
    for (const word of words(text)) {
      const s = stem(corrected(word));
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    // "do you ship to Ireland?": a country no article names is still a question about countries.
    if (namesCountry(text)) counts.set(COUNTRY_TERM, (counts.get(COUNTRY_TERM) ?? 0) + 1);
    const query = vectorOf({ counts });
    const embedding = vectorWeight > 0 ? options.embed?.(text) : undefined;
    const best = new Map<string, KnowledgeMatch>();
    for (const variant of indexed) {
      let dot = 0;
      for (const [term, weight] of query.terms) dot += weight * (variant.vector.terms.get(term) ?? 0);
      const lexical =
        query.norm > 0 && variant.vector.norm > 0 ? dot / (query.norm * variant.vector.norm) : 0;
      // Means of word vectors are all alike (above 0.8 for unrelated chat texts), so only the part above a
      // baseline counts.
      const vector =
        embedding && variant.embedding
          ? Math.max(0, (cosine(embedding, variant.embedding) - VECTOR_BASELINE) / (1 - VECTOR_BASELINE))
          : 0;
      const score = (1 - vectorWeight) * lexical + vectorWeight * vector;
      const previous = best.get(variant.id);
      if (!previous || score > previous.score)
        best.set(variant.id, { id: variant.id, score, lexical, vector });
    }
    return [...best.values()];
  };

  return {
    size: entries.length,
    search(text, limit = 3) {
      const best = new Map<string, KnowledgeMatch>();
      // Each clause of a message of several ("how do I cancel my order, I changed my mind") is also searched on
      // its own, and an article scores its best: the words of the visitor's reason ("changed") must not lift a
      // neighbouring article ("changing an order") above the one the request's own clause names outright.
      const parts = clauses(text);
      for (const part of parts.length > 1 ? [text, ...parts] : [text]) {
        for (const match of scoreAll(part)) {
          const previous = best.get(match.id);
          if (!previous || match.score > previous.score) best.set(match.id, match);
        }
      }
      return [...best.values()]
        .filter((m) => m.score > 0)
        .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
        .slice(0, limit);
    },
  };
}

/** The clauses of a message with at least two content words each ("how do I cancel my order", "I changed my mind"). */
function clauses(text: string): string[] {
  return text
    .split(/[,;!?]+|\.(?:\s|$)/)
    .map((part) => part.trim())
    .filter((part) => words(part).length >= 2);
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}
