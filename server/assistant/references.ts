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
const ORDINAL_REF =
  /\b(first|1st|second|2nd|third|3rd|last)\s+(?:one|of (?:them|those|these)|option|product|order)\b/i;
const OTHER_REF = /\b(?:the\s+other|other\s+one|another\s+one)\b/i;
const CHEAPER_REF =
  /\b(?:the\s+)?(?:cheaper|cheapest|less expensive|least expensive|more affordable)\s+(?:one|ones|option|of (?:the two|them|those))\b/i;
const DEARER_REF =
  /\b(?:the\s+)?(?:more expensive|most expensive|pricier|priciest|dearer|fancier)\s+(?:one|ones|option|of (?:the two|them|those))\b/i;

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
export function referencedProduct(
  text: string,
  products: readonly ProductRecord[],
  memory: ConversationMemory,
  topic: ProductRecord | undefined,
): ProductRecord | undefined {
  const byId = new Map(products.map((p) => [p.id, p]));
  const lastShown = familiesOf(memory.lastShown, byId);
  const shown = familiesOf(memory.shown, byId);

  const ordinal = ORDINAL_REF.exec(text);
  if (ordinal && lastShown.length > 1) {
    const word = ordinal[1]!.toLowerCase();
    return word === 'last' ? lastShown.at(-1) : lastShown[ORDINALS[word] ?? -1];
  }
  const pool = lastShown.length > 1 ? lastShown : shown;
  if (CHEAPER_REF.test(text) && pool.length > 1) return [...pool].sort((a, b) => a.price - b.price)[0];
  if (DEARER_REF.test(text) && pool.length > 1) return [...pool].sort((a, b) => b.price - a.price)[0];
  if (OTHER_REF.test(text) && pool.length > 1) {
    const current = topic ? familyName(topic.name) : familyName(pool[0]!.name);
    return pool.find((p) => familyName(p.name) !== current);
  }

  // "the 16 one", "the pro", "the portable": a word that sets one recent product apart from the others. The
  // candidates are what was shown and the topic's siblings (products whose name starts with the same word).
  const candidates = new Map<string, ProductRecord>();
  for (const p of [...(topic ? [topic] : []), ...shown]) candidates.set(p.id, p);
  if (topic) {
    const brand = familyName(topic.name).split(/\s+/)[0]!.toLowerCase();
    for (const p of products)
      if (p.active && familyName(p.name).split(/\s+/)[0]!.toLowerCase() === brand) candidates.set(p.id, p);
  }
  if (new Set([...candidates.values()].map((p) => familyName(p.name))).size < 2) return undefined;
  return distinctiveMatch(text, [...candidates.values()]);
}

/** Shown products as records, one per family, in the order of the latest message that showed several. */
export function lastShownProducts(
  products: readonly ProductRecord[],
  memory: ConversationMemory,
): ProductRecord[] {
  return familiesOf(memory.lastShown, new Map(products.map((p) => [p.id, p])));
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
