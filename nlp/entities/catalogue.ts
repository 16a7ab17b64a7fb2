import { DamerauLevenshteinDistance } from 'natural/lib/natural/distance/index.js';
import type { PipelineSettings } from '../settings.ts';
import type { Candidate } from './candidate.ts';

export interface CatalogueEntry {
  id: string;
  name: string;
  /** Other names customers use ("earbuds" for "In-ear headphones"). */
  aliases?: string[];
}

/** Products and categories the shop sells, given when the pipeline is built. */
export interface Catalogue {
  products?: CatalogueEntry[];
  categories?: CatalogueEntry[];
}

/** A message word as the catalogue matcher sees it: lower-cased text and lemma, offsets in the normalised text. */
export interface CatalogueWord {
  text: string;
  lemma: string;
  normStart: number;
  normEnd: number;
}

interface Phrase {
  type: 'product' | 'category';
  entry: CatalogueEntry;
  words: string[];
}

const WORD_SPLIT = /[^\p{L}\p{N}]+/u;
const CACHE_LIMIT = 10_000;

export function catalogueWords(name: string): string[] {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .split(WORD_SPLIT)
    .filter((w) => w !== '');
}

export interface CatalogueMatcher {
  find(words: CatalogueWord[]): Candidate[];
}

/**
 * Matches catalogue names word by word: each message word is compared with the catalogue's vocabulary (exact,
 * by lemma, or within a small Damerau-Levenshtein distance so "hedphones" finds "headphones"), then names are
 * matched as sequences of such words, longest and closest first.
 */
export function createCatalogueMatcher(
  catalogue: Catalogue,
  settings: PipelineSettings['entities']['catalogue'],
): CatalogueMatcher {
  const phrasesByFirstWord = new Map<string, Phrase[]>();
  const vocabularyByLength = new Map<number, string[]>();
  const vocabulary = new Set<string>();
  const add = (type: Phrase['type'], entry: CatalogueEntry): void => {
    for (const name of [entry.name, ...(entry.aliases ?? [])]) {
      const words = catalogueWords(name);
      const first = words[0];
      if (first === undefined) continue;
      const list = phrasesByFirstWord.get(first) ?? [];
      list.push({ type, entry, words });
      phrasesByFirstWord.set(first, list);
      for (const word of words) {
        if (vocabulary.has(word)) continue;
        vocabulary.add(word);
        const sameLength = vocabularyByLength.get(word.length) ?? [];
        sameLength.push(word);
        vocabularyByLength.set(word.length, sameLength);
      }
    }
  };
  for (const entry of catalogue.products ?? []) add('product', entry);
  for (const entry of catalogue.categories ?? []) add('category', entry);

  const { maxEditsByLength, minFuzzyLength } = settings;
  const maxEdits = (length: number): number =>
    maxEditsByLength[Math.min(length, maxEditsByLength.length - 1)] ?? 0;
  const largestEdit = Math.max(...maxEditsByLength);

  // message word → vocabulary words it may stand for, with their distance
  const cache = new Map<string, Map<string, number>>();
  const closeWords = (text: string, lemma: string): Map<string, number> => {
    const key = `${text}\u0000${lemma}`;
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const found = new Map<string, number>();
    for (const exact of [text, lemma, text.endsWith('s') ? text.slice(0, -1) : `${text}s`]) {
      if (vocabulary.has(exact)) found.set(exact, 0);
    }
    if (text.length >= minFuzzyLength) {
      for (let length = text.length - largestEdit; length <= text.length + largestEdit; length += 1) {
        for (const word of vocabularyByLength.get(length) ?? []) {
          if (found.has(word) || word.length < minFuzzyLength) continue;
          const allowed = Math.min(maxEdits(word.length), maxEdits(text.length));
          if (allowed === 0 || Math.abs(word.length - text.length) > allowed) continue;
          const distance = DamerauLevenshteinDistance(text, word);
          if (distance <= allowed) found.set(word, distance);
        }
      }
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, found);
    return found;
  };

  return {
    find(words) {
      if (phrasesByFirstWord.size === 0) return [];
      const close = words.map((w) => closeWords(w.text, w.lemma));
      const found: (Candidate & { distance: number })[] = [];
      close.forEach((firstMatches, i) => {
        for (const [firstWord, firstDistance] of firstMatches) {
          for (const phrase of phrasesByFirstWord.get(firstWord) ?? []) {
            let distance = firstDistance;
            let matched = true;
            for (let k = 1; k < phrase.words.length && matched; k += 1) {
              const d = close[i + k]?.get(phrase.words[k] ?? '');
              if (d === undefined) matched = false;
              else distance += d;
            }
            if (!matched) continue;
            const last = words[i + phrase.words.length - 1];
            const first = words[i];
            if (first === undefined || last === undefined) continue;
            found.push({
              type: phrase.type,
              value: { id: phrase.entry.id, name: phrase.entry.name },
              normStart: first.normStart,
              normEnd: last.normEnd,
              distance,
            });
          }
        }
      });
      // among readings of the same span, the closest wins, products before categories
      found.sort(
        (a, b) =>
          a.normStart - b.normStart ||
          b.normEnd - a.normEnd ||
          a.distance - b.distance ||
          (a.type === b.type ? 0 : a.type === 'product' ? -1 : 1),
      );
      const best: Candidate[] = [];
      for (const { distance: _distance, ...candidate } of found) {
        const previous = best[best.length - 1];
        if (previous && previous.normStart === candidate.normStart && previous.normEnd === candidate.normEnd)
          continue;
        best.push(candidate);
      }
      return best;
    },
  };
}
