import type { ProductRecord } from '../data/records.ts';
import { familyName } from '../products/product-facts.ts';
import { distinctiveMatch } from '../products/product-search.ts';
import type { ConversationMemory } from './conversation-memory.ts';

/**
 * Follow-ups that point at something already in the conversation rather than naming it: "the other one",
 * "the first one", "the cheaper one", "the 16 one", "the pro" (products shown or discussed), and "my other
 * order", "the first one" (orders mentioned). Pure: the memory is read by the caller.
 */

const ORDINALS: Record<string, number> = {
  first: 0,
  '1st': 0,
  second: 1,
  '2nd': 1,
  third: 2,
  '3rd': 2,
};
// "the second", "the first one", "second option": not "the first time", "last week".
const ORDINAL_REF =
  /\bthe\s+(first|1st|second|2nd|third|3rd|last)\b(?!\s+(?:time|week|month|day|night|year|order|thing))|\b(first|1st|second|2nd|third|3rd)\s+(?:one|option|product|of (?:them|those|these))\b/i;
const OTHER_REF = /\b(?:the\s+other|other\s+one|another\s+one)\b/i;
const CHEAP = '(?:cheaper|cheapest|less expensive|least expensive|more affordable)';
const DEAR = '(?:more expensive|most expensive|pricier|priciest|dearer|fancier)';
// "the cheaper one", "the cheaper pulse earbuds", "cheapest option": not "is it cheaper than …?".
const CHEAPER_REF = new RegExp(
  `\\bthe\\s+${CHEAP}\\b|\\b${CHEAP}\\s+(?:one|ones|option|version|model|of (?:the two|them|those))\\b`,
  'i',
);
const DEARER_REF = new RegExp(
  `\\bthe\\s+${DEAR}\\b|\\b${DEAR}\\s+(?:one|ones|option|version|model|of (?:the two|them|those))\\b`,
  'i',
);

// "the normal one", "the regular pulse ones", "the basic version": the model without the step-up word.
const PLAIN_REF = /\b(?:normal|regular|standard|basic|plain|ordinary|original)\s+(\w+)(?:\s+(\w+))?/i;
const REF_NOUN = /^(?:one|ones|version|versions|model|models|edition)$/i;
// Words that name a step up from a product's plain model.
const STEP_UP = /\b(?:pro|max|plus|ultra|premium|deluxe|elite)\b/i;

/**
 * "the normal pulse ones" after the Pulse Pro: the one product of the pool without a step-up word in its name,
 * when the product discussed has one. The plain word must point at a product ("one", "version", or a word of
 * a pooled product's name), so "standard shipping for the pro?" is no reference.
 */
function plainModel(
  text: string,
  pool: readonly ProductRecord[],
  topic: ProductRecord | undefined,
): ProductRecord | undefined {
  const match = PLAIN_REF.exec(text);
  if (!match || !topic || !STEP_UP.test(topic.name)) return undefined;
  const nameWords = new Set(pool.flatMap((p) => familyName(p.name).toLowerCase().split(/\s+/)));
  const [first, second] = [match[1]!.toLowerCase(), match[2]?.toLowerCase()];
  if (!REF_NOUN.test(first) && !nameWords.has(first) && !(second && REF_NOUN.test(second))) return undefined;
  const plain = pool.filter((p) => !STEP_UP.test(p.name) && familyName(p.name) !== familyName(topic.name));
  return plain.length === 1 ? plain[0] : undefined;
}

/** The shown products as records, one per family, in the order shown. */
function familiesOf(ids: readonly string[], byId: ReadonlyMap<string, ProductRecord>): ProductRecord[] {
  const seen = new Set<string>();
  const out: ProductRecord[] = [];
  for (const id of ids) {
    const p = byId.get(id);
    if (!p || seen.has(familyName(p.name))) continue;
    seen.add(familyName(p.name));
    out.push(p);
  }
  return out;
}

/**
 * The product a follow-up points at, or undefined when the message points at none (or cannot be settled).
 * `topic` is the product the conversation was last about.
 */
export interface ProductReference {
  product: ProductRecord;
  /**
   * Pointed at by position or comparison ("the second", "the cheaper one", "the other one"), which outranks any
   * product name in the message; otherwise picked out by a word of its name ("the 16 one").
   */
  explicit: boolean;
}

export function referencedProduct(
  text: string,
  products: readonly ProductRecord[],
  memory: ConversationMemory,
  topic: ProductRecord | undefined,
): ProductReference | undefined {
  const byId = new Map(products.map((p) => [p.id, p]));
  const lastShown = latestList(products, memory);
  const shown = familiesOf(memory.shown, byId);
  const explicit = (product: ProductRecord | undefined) =>
    product ? { product, explicit: true } : undefined;

  const ordinal = ORDINAL_REF.exec(text);
  if (ordinal && lastShown.length > 1) {
    const word = (ordinal[1] ?? ordinal[2]!).toLowerCase();
    return explicit(word === 'last' ? lastShown.at(-1) : lastShown[ORDINALS[word] ?? -1]);
  }
  const candidates = new Map<string, ProductRecord>();
  for (const p of [...(topic ? [topic] : []), ...shown]) candidates.set(p.id, p);
  if (topic) {
    const brand = familyName(topic.name).split(/\s+/)[0]!.toLowerCase();
    for (const p of products)
      if (p.active && familyName(p.name).split(/\s+/)[0]!.toLowerCase() === brand) candidates.set(p.id, p);
  }
  const pool = lastShown.length > 1 ? lastShown : familiesOf([...candidates.keys()], byId);
  if (CHEAPER_REF.test(text) && pool.length > 1)
    return explicit([...pool].sort((a, b) => a.price - b.price)[0]);
  if (DEARER_REF.test(text) && pool.length > 1)
    return explicit([...pool].sort((a, b) => b.price - a.price)[0]);
  const plain = pool.length > 1 ? plainModel(text, pool, topic) : undefined;
  if (plain) return explicit(plain);
  if (OTHER_REF.test(text) && pool.length > 1) {
    const current = topic ? familyName(topic.name) : familyName(pool[0]!.name);
    return explicit(pool.find((p) => familyName(p.name) !== current));
  }

  // "the 16 one", "the pro", "the portable": a word that sets one recent product apart from the others. The
  // candidates are what was shown and the topic's siblings (products whose name starts with the same word).
  if (new Set([...candidates.values()].map((p) => familyName(p.name))).size < 2) return undefined;
  const picked = distinctiveMatch(text, [...candidates.values()]);
  return picked ? { product: picked, explicit: false } : undefined;
}

/**
 * The products of the latest bot message that showed several (one per family, in card order), else of the
 * latest that showed any: what "the second", "the cheaper one" or "which of those" point at.
 */
export function latestList(products: readonly ProductRecord[], memory: ConversationMemory): ProductRecord[] {
  const byId = new Map(products.map((p) => [p.id, p]));
  const lists = memory.shownLists.map((ids) => familiesOf(ids, byId));
  return lists.find((l) => l.length > 1) ?? lists[0] ?? [];
}

const ORDER_ORDINAL =
  /\b(first|1st|second|2nd|other|previous|earlier|last|older|newer)\s+(?:one|order|purchase)\b|\bthe\s+(first|second|other)\b/i;

/**
 * The order a follow-up points at ("cancel the first one", "and my other order?"), or undefined. Only orders
 * the conversation mentioned count; `current` is the order it was last about.
 */
export function referencedOrder(
  text: string,
  memory: ConversationMemory,
  current: string | null | undefined,
): string | undefined {
  const m = ORDER_ORDINAL.exec(text);
  if (!m || memory.orders.length === 0) return undefined;
  const word = (m[1] ?? m[2] ?? '').toLowerCase();
  const orders = memory.orders;
  switch (word) {
    case 'first':
    case '1st':
    case 'older':
      return orders.length > 1 || !current ? orders[0] : undefined;
    case 'second':
    case '2nd':
    case 'newer':
      return orders[1];
    case 'last':
      return orders.at(-1);
    default: {
      // "other", "previous", "earlier": a mentioned order that is not the current one.
      const others = orders.filter((o) => o !== current);
      return others.at(-1);
    }
  }
}
