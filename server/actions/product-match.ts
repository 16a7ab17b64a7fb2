export interface NamedItem {
  id: string;
  title: string;
}

export interface ProductMatch<T extends NamedItem> {
  item: T;
  /** Share of the item's name words found in the text, 0–1. */
  score: number;
}

const WORD = /[\p{L}\p{N}]+/gu;

function words(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []).filter((w) => w.length >= 2);
}

/** Typos tolerated per word: none for short words, where one edit already changes the word. */
function allowedEdits(length: number): number {
  if (length <= 3) return 0;
  if (length <= 7) return 1;
  return 2;
}

/** Damerau–Levenshtein (optimal string alignment) distance, stopping early once above `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, prevPrev[j - 2]! + 1);
      }
      row.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The catalogue item whose name best matches words of the text, tolerant of typos ("hikng boots"). An item
 * matches when at least half of its name words (and one word of four letters or more) appear.
 */
export function matchProduct<T extends NamedItem>(text: string, items: Iterable<T>): ProductMatch<T> | null {
  const said = [...new Set(words(text))];
  let best: ProductMatch<T> | null = null;
  let bestChars = 0;
  for (const item of items) {
    const name = [...new Set(words(item.title))];
    if (name.length === 0) continue;
    let matched = 0;
    let matchedChars = 0;
    let strong = false;
    for (const word of name) {
      const max = allowedEdits(word.length);
      if (said.some((w) => editDistance(w, word, max) <= max)) {
        matched += 1;
        matchedChars += word.length;
        if (word.length >= 4) strong = true;
      }
    }
    const score = matched / name.length;
    if (!strong || score < 0.5) continue;
    if (!best || score > best.score || (score === best.score && matchedChars > bestChars)) {
      best = { item, score };
      bestChars = matchedChars;
    }
  }
  return best;
}
