import type { AnalysedEntity } from '../conversation/analysis.ts';
import type { ProductRecord } from '../data/records.ts';
import { editDistance, matchProduct } from '../actions/product-match.ts';
import { COLOURS, colourOf, familyName } from './product-facts.ts';

/** What a shopping request asks for: categories, a price range, features and a colour. */
export interface ProductConstraints {
  categories: string[];
  maxPrice?: number;
  minPrice?: number;
  /** Tags or attribute words the products must have ("wireless", "noise cancelling"). */
  features: string[];
  colour?: string;
}

const WORD = /[\p{L}\p{N}]+/gu;

function words(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

function singular(word: string): string {
  return word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

/** Same word, give or take a plural and a typo (one edit from five letters, two from nine). */
export function sameWord(a: string, b: string): boolean {
  const x = singular(a);
  const y = singular(b);
  if (x === y) return true;
  const max = Math.min(x.length, y.length) >= 9 ? 2 : Math.min(x.length, y.length) >= 5 ? 1 : 0;
  // Typos seldom change the first letters, while real words differing there abound: "sneakers" is not
  // "speakers", "night" is not "light", "right" is not "light".
  if (max === 0 || x.slice(0, 2) !== y.slice(0, 2)) return false;
  return editDistance(x, y, max) <= max;
}

function phraseIn(phrase: string, said: readonly string[]): boolean {
  const parts = words(phrase);
  if (parts.length === 0) return false;
  for (let i = 0; i + parts.length <= said.length; i++) {
    if (parts.every((p, k) => sameWord(said[i + k]!, p))) return true;
  }
  return false;
}

// Features visitors ask for that products record as attributes rather than tags.
const ATTRIBUTE_FEATURES: Record<string, (p: ProductRecord) => boolean> = {
  wireless: (p) => p.attributes['wireless'] === true || p.tags.includes('wireless'),
  bluetooth: (p) => p.attributes['wireless'] === true || p.tags.includes('bluetooth'),
  wired: (p) => p.attributes['wireless'] === false || p.tags.includes('wired'),
  waterproof: (p) => /IPX[5-8]/i.test(String(p.attributes['waterResistance'] ?? '')),
  'water resistant': (p) => p.attributes['waterResistance'] !== undefined,
  'noise cancelling': (p) => p.tags.includes('noise cancelling') || /noise cancel/i.test(p.description),
  'noise canceling': (p) => p.tags.includes('noise cancelling') || /noise cancel/i.test(p.description),
};

/** The constraints of a message, read from its entities (category, price_range) and its words. */
export function constraintsOf(
  text: string,
  entities: readonly AnalysedEntity[],
  products: readonly ProductRecord[],
): ProductConstraints {
  const said = words(text);
  const categories = categoryEntities(entities, products).map((e) =>
    typeof e.value === 'object' && e.value !== null ? String((e.value as { id: unknown }).id) : e.text,
  );
  const constraints: ProductConstraints = { categories: [...new Set(categories)], features: [] };
  for (const e of entities) {
    if (e.type !== 'price_range' || typeof e.value !== 'object' || e.value === null) continue;
    const range = e.value as { min?: number; max?: number };
    if (range.max !== undefined) constraints.maxPrice = range.max;
    if (range.min !== undefined) constraints.minPrice = range.min;
  }
  const featureWords = new Set<string>(Object.keys(ATTRIBUTE_FEATURES));
  // Tags that describe a quality rather than a kind of product ("wireless", "noise cancelling", "usb-c").
  for (const p of products)
    for (const tag of p.tags)
      if (tag.includes(' ') || /less|proof|usb|4k|sport/.test(tag)) featureWords.add(tag);
  for (const feature of featureWords) {
    // One feature per thing said: "noise cancelling" and "noise canceling" are spellings of one.
    if (phraseIn(feature, said) && !constraints.features.some((f) => phraseIn(feature, words(f))))
      constraints.features.push(feature);
  }
  const colour = COLOURS.find((c) => said.includes(c));
  if (colour) constraints.colour = colour === 'gray' ? 'grey' : colour;
  return constraints;
}

/**
 * The catalogue's category matches that really name a category or one of its kinds: the NLP's loose matching
 * also reads "right now" as "light" and "phone number" as phones.
 */
export function categoryEntities(
  entities: readonly AnalysedEntity[],
  products: readonly ProductRecord[],
): AnalysedEntity[] {
  return entities.filter((e) => {
    if (e.type !== 'category') return false;
    const said = words(e.text);
    if (said.some((w) => NOT_A_KIND.has(w))) return false;
    const vocabulary = new Set<string>();
    for (const p of products) {
      for (const w of words(p.category)) vocabulary.add(w);
      // A product's first tag is its kind; the others are qualities ("noise cancelling"), which are features.
      for (const w of words(p.tags[0] ?? '')) vocabulary.add(w);
    }
    return said.some((w) => [...vocabulary].some((v) => sameWord(w, v)));
  });
}

// Words the catalogue uses as tags that, said alone, are about something else ("my phone number", "right now").
const NOT_A_KIND = new Set(['number', 'now']);

export function hasFeature(product: ProductRecord, feature: string): boolean {
  const check = ATTRIBUTE_FEATURES[feature];
  if (check) return check(product);
  return product.tags.includes(feature);
}

/** Products meeting every constraint, in the order given (callers pass them most popular first). */
export function filterProducts(
  products: readonly ProductRecord[],
  constraints: ProductConstraints,
  nouns: readonly string[] = [],
): ProductRecord[] {
  return products.filter(
    (p) =>
      p.active &&
      (constraints.categories.length === 0 ||
        constraints.categories.includes(p.category) ||
        nouns.some((n) => isKind(p, n))) &&
      (nouns.length === 0 || nouns.some((n) => isKind(p, n))) &&
      (constraints.maxPrice === undefined || p.price <= constraints.maxPrice) &&
      (constraints.minPrice === undefined || p.price >= constraints.minPrice) &&
      constraints.features.every((f) => hasFeature(p, f)) &&
      (constraints.colour === undefined || colourOf(p) === constraints.colour),
  );
}

/** Kinds that include others: earbuds are headphones too, for a visitor asking for headphones. */
const BROADER_KINDS: Readonly<Record<string, readonly string[]>> = {
  headphones: ['earbuds'],
  speakers: ['speaker'],
};

/** A product's first tag says what kind of thing it is ("headphones", "case", "laptop"). */
function isKind(product: ProductRecord, noun: string): boolean {
  const kind = product.tags[0];
  if (kind === undefined) return false;
  return phraseIn(kind, words(noun)) || (BROADER_KINDS[noun] ?? []).includes(kind);
}

/** Kinds of product named in the message ("headphones", "earbuds", "tent"), typos allowed. */
export function productNouns(text: string, products: readonly ProductRecord[]): string[] {
  const said = words(text);
  const nouns = new Set<string>();
  for (const p of products) {
    const kind = p.tags[0];
    if (kind !== undefined && phraseIn(kind, said)) nouns.add(kind);
  }
  return [...nouns];
}

/** The product the visitor names (the NLP's catalogue match first, then a typo-tolerant match on names). */
export function namedProduct(
  text: string,
  entities: readonly AnalysedEntity[],
  products: readonly ProductRecord[],
): ProductRecord | undefined {
  const byId = new Map(products.map((p) => [p.id, p]));
  for (const e of entities) {
    if (e.type !== 'product' || typeof e.value !== 'object' || e.value === null) continue;
    const found = byId.get(String((e.value as { id: unknown }).id));
    if (found) return found;
  }
  const families = new Map<string, ProductRecord>();
  for (const p of products) if (!families.has(familyName(p.name))) families.set(familyName(p.name), p);
  const match = matchProduct(
    text,
    [...families].map(([title, product]) => ({ id: product.id, title })),
  );
  return match ? byId.get(match.item.id) : undefined;
}

/** Every product of the same family (colours and other variants), the given one first. */
export function variantsOf(product: ProductRecord, products: readonly ProductRecord[]): ProductRecord[] {
  const family = familyName(product.name);
  return [
    product,
    ...products.filter((p) => p.id !== product.id && p.active && familyName(p.name) === family),
  ];
}

const NAME_WORD = /[\p{L}\p{N}]+/gu;

/**
 * The one product among `candidates` that the text names by a word no other candidate family has in its name:
 * "the 16" among the Nimbus 14 and 16, "the pro" among the Pulse earbuds, "the aria ones" among headphones.
 * Undefined when no word or several families match.
 */
export function distinctiveMatch(
  text: string,
  candidates: readonly ProductRecord[],
): ProductRecord | undefined {
  const said = words(text);
  const families = new Map<string, ProductRecord>();
  for (const p of candidates) if (!families.has(familyName(p.name))) families.set(familyName(p.name), p);
  if (families.size === 0) return undefined;
  const nameWords = new Map(
    [...families.keys()].map((f) => [f, new Set((f.toLowerCase().match(NAME_WORD) ?? []).map(singular))]),
  );
  const hits: ProductRecord[] = [];
  for (const [family, product] of families) {
    const own = [...nameWords.get(family)!].filter(
      (w) =>
        !GENERIC_NAME_WORDS.has(w) && [...nameWords].every(([other, ws]) => other === family || !ws.has(w)),
    );
    const named = own.some((w) =>
      said.some((s) => (w.length >= 5 && /^\p{L}+$/u.test(w) ? sameWord(s, w) : singular(s) === w)),
    );
    if (named) hits.push(product);
  }
  return hits.length === 1 ? hits[0] : undefined;
}

// Words in product names that say too little to pick one out ("one", "the", sizes and units).
const GENERIC_NAME_WORDS = new Set([
  'the',
  'one',
  'and',
  'with',
  'for',
  'in',
  'of',
  'to',
  'x',
  'l',
  'm',
  'mm',
  'kg',
  'ml',
  'w',
  'c',
]);

/**
 * The products a "brand" word of their names points at: "boom" in "the smaller boom one", "aria" in "the aria pro
 * max headset". A brand word is a name word that is no kind, tag, category or generic word (so "case" or "speaker"
 * never counts), and it must be said as it is written (a typo of a short invented word is too loose a match).
 */
export function productsByBrandWord(text: string, products: readonly ProductRecord[]): ProductRecord[] {
  const vocabulary = new Set<string>();
  for (const p of products) {
    for (const w of [...p.tags.flatMap(words), ...words(p.category)]) vocabulary.add(singular(w));
  }
  const said = new Set(words(text).map(singular));
  return products.filter(
    (p) =>
      p.active &&
      words(familyName(p.name)).some((w) => {
        const word = singular(w);
        return (
          word.length >= 4 &&
          /^\p{L}+$/u.test(word) &&
          !vocabulary.has(word) &&
          !GENERIC_NAME_WORDS.has(word) &&
          !COMMON_NAME_WORDS.has(word) &&
          said.has(word)
        );
      }),
  );
}

// Everyday words inside product names that say what a thing is like, not which product it is.
const COMMON_NAME_WORDS = new Set([
  'wireless',
  'portable',
  'true',
  'over',
  'replacement',
  'large',
  'clear',
  'hard',
  'shell',
  'adjustable',
  'insulated',
  'rechargeable',
  'double',
  'wall',
  'single',
  'origin',
  'thick',
  'paper',
  'glass',
  'ceramic',
  'down',
  'aluminium',
  'tempered',
  'power',
  'cable',
  'wired',
  'pour',
  'drip',
  'person',
  'pair',
  'pack',
]);

/** Two products named for a comparison ("the Aria or the Pulse Pro?", "X vs Y"). */
export function twoProducts(
  text: string,
  entities: readonly AnalysedEntity[],
  products: readonly ProductRecord[],
): [ProductRecord, ProductRecord] | undefined {
  const parts = text.split(/\b(?:and|or|vs\.?|versus|compared to|compared with|with)\b|,/i);
  const found: ProductRecord[] = [];
  for (const part of parts) {
    const product = namedProduct(part, [], products);
    if (product && !found.some((f) => familyName(f.name) === familyName(product.name))) found.push(product);
  }
  // "the studio headphones or the aria ones": the second one named by what sets it apart from others of its kind.
  if (found.length === 1) {
    const kind = found[0]!.tags[0];
    const sameKind = products.filter((p) => p.active && p.tags[0] === kind);
    for (const part of parts) {
      const other = distinctiveMatch(part, sameKind);
      if (other && familyName(other.name) !== familyName(found[0]!.name)) {
        found.push(other);
        break;
      }
    }
  }
  if (found.length < 2) {
    for (const e of entities) {
      if (e.type !== 'product') continue;
      const product = namedProduct(e.text, [e], products);
      if (product && !found.some((f) => f.id === product.id)) found.push(product);
    }
  }
  return found.length >= 2 ? [found[0]!, found[1]!] : undefined;
}

const SELL_QUESTION =
  /\b(?:(?:do|does|did)\s+(?:you|u|ya|you guys|y'all|the shop|your shop)\s+(?:also\s+|even\s+|still\s+)?(?:sell|carry|have|stock|offer|got)|(?:can|could)\s+i\s+(?:buy|get|order)\s+(?:a|an|some|any)|are there any|is there an?|you\s+(?:sell|carry|stock))\s+(?:any\s+|some\s+|a\s+|an\s+|the\s+)?(.+?)\s*(?:here|there|in stock|at all|online|too|as well)?\s*[?.!]*$/i;

// "it in black", "that one", "the other one": about something already discussed, not a new kind of product.
const REFERENCE_START =
  /^(?:it|its|it's|them|they|that|this|these|those|one|ones|the (?:\w+ )?ones?|the other|other|same|my|your|our)\b/i;
// "what about smartwatches?", "and yoga mats?": a bare kind of thing after a shopping question.
const WHAT_ABOUT =
  /^(?:(?:ok|okay|so|and|hmm|well)[\s,]+)*(?:what|how)\s+about\s+(?:any\s+|some\s+)?([\p{L}][\p{L}\s-]{1,40}?)\s*[?.!]*$/iu;

/** The thing asked about in "do you sell running shoes?" ("running shoes"), or undefined. */
export function askedToSell(text: string, orWhatAbout = false): string | undefined {
  const trimmed = text.trim();
  const m = SELL_QUESTION.exec(trimmed) ?? (orWhatAbout ? WHAT_ABOUT.exec(trimmed) : null);
  const thing = m?.[1]
    ?.trim()
    // "a waterproof speaker for the beach": what it is for is no part of what it is.
    .replace(/\s+(?:for|to|that|which|so|on|with|from|like)\s+.*$/i, '')
    .trim();
  if (!thing || thing.length < 2 || REFERENCE_START.test(thing)) return undefined;
  return thing;
}

/** Products answering "do you sell X?": X named by a product name, a tag or a category, typos allowed. */
export function productsMatching(thing: string, products: readonly ProductRecord[]): ProductRecord[] {
  const said = words(thing).filter((w) => w.length >= 3);
  if (said.length === 0) return [];
  // Every content word must be found ("running shoes" is not answered with "trail backpack"), or the last one,
  // the head noun, must be the product's kind ("phone chargers" are chargers).
  const head = said.at(-1)!;
  return products.filter((p) => {
    if (!p.active) return false;
    const vocabulary = [...words(p.name), ...p.tags.flatMap(words), ...words(p.category)];
    if (said.every((w) => vocabulary.some((v) => sameWord(w, v)) || STOP.has(w))) return true;
    const kind = p.tags[0];
    return kind !== undefined && !kind.includes(' ') && sameWord(head, kind);
  });
}

const STOP = new Set([
  'any',
  'some',
  'you',
  'sell',
  'with',
  'for',
  'the',
  'and',
  'good',
  'nice',
  'new',
  'cheap',
  'stuff',
  'things',
  'thing',
  'gear',
  'items',
  'products',
  'equipment',
  'kind',
  'sort',
  'type',
]);
