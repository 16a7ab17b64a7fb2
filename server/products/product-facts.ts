import type { AgreementWord } from '../../intents/replies.ts';
import type { ProductRecord } from '../data/records.ts';

/** A product's price as visitors read it: "$149.00", "€89.00", or "12.00 CHF". */
export function formatPrice(amount: number, currency: string): string {
  const symbol: Record<string, string> = { USD: '$', EUR: '€', GBP: '£' };
  const s = symbol[currency];
  const digits = amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return s ? `${s}${digits}` : `${digits} ${currency}`;
}

export function availabilityOf(product: Pick<ProductRecord, 'stock'>): string {
  if (product.stock === null) return 'available to order';
  if (product.stock === 0) return 'out of stock at the moment';
  if (product.stock <= 5) return `in stock (only ${product.stock} left)`;
  return 'in stock';
}

export function productLink(product: Pick<ProductRecord, 'sku'>): string {
  return `/products/${encodeURIComponent(product.sku)}`;
}

/** "Aria Over-Ear Headphones (White)" and "Aria Over-Ear Headphones" are one product in two variants. */
export function familyName(name: string): string {
  return name.replace(/\s*\([^)]*\)\s*$/, '').trim();
}

export const COLOURS = [
  'black',
  'white',
  'silver',
  'grey',
  'gray',
  'graphite',
  'blue',
  'red',
  'green',
  'pink',
  'mint',
  'orange',
  'sage',
  'yellow',
  'purple',
  'brown',
  'beige',
  'gold',
] as const;

export function colourOf(product: ProductRecord): string | undefined {
  const colour = product.attributes['colour'] ?? product.attributes['color'];
  return typeof colour === 'string' ? colour.toLowerCase() : undefined;
}

/**
 * Attributes as words ("30 h battery", "wireless", "IPX5 water resistance"), for sentences and comparisons:
 * a visitor never sees an attribute key.
 */
const ATTRIBUTE_WORDS: Record<string, (value: unknown) => string | undefined> = {
  wireless: (v) => (v === true ? 'wireless' : v === false ? 'wired' : undefined),
  batteryHours: (v) => `${article(String(v))} ${String(v)} h battery`,
  waterResistance: (v) => `${String(v)} water resistance`,
  impedanceOhm: (v) => `${String(v)} Ω impedance`,
  watts: (v) => `${String(v)} W of power`,
  ports: (v) => (v === 1 ? 'one port' : `${String(v)} ports`),
  capacityMah: (v) => `${Number(v).toLocaleString('en-US')} mAh`,
  screenInches: (v) => `${article(String(v))} ${String(v)}-inch screen`,
  memoryGb: (v) => `${String(v)} GB memory`,
  storageGb: (v) => (Number(v) >= 1024 ? `${Number(v) / 1024} TB storage` : `${String(v)} GB storage`),
  resolution: (v) => `${String(v)} resolution`,
  dpi: (v) => `${String(v)} dpi`,
  switches: (v) => `${String(v)} switches`,
  cups: (v) => `${String(v)} cups`,
  litres: (v) => `${String(v)} L`,
  millilitres: (v) => `${String(v)} ml`,
  weightKg: (v) => `${String(v)} kg`,
  thicknessMm: (v) => `${String(v)} mm thick`,
  maxKg: (v) => `up to ${String(v)} kg`,
  persons: (v) => `${String(v)}-person`,
  lengthM: (v) => `${String(v)} m long`,
  comfortC: (v) => `comfortable down to ${String(v)} °C`,
  lumens: (v) => `${String(v)} lumens`,
  material: (v) => `${String(v)}`,
  colour: (v) => `${String(v)}`,
};

export function attributeWords(product: ProductRecord, limit = 3): string[] {
  const words: string[] = [];
  for (const [key, value] of Object.entries(product.attributes)) {
    const describe = ATTRIBUTE_WORDS[key];
    const text = describe?.(value);
    if (text) words.push(text);
    if (words.length >= limit) break;
  }
  return words;
}

/**
 * Whether a product's name is a plural noun ("Foam Ear Tips", "Pulse Pro Earbuds", "Paper Filters (100)"), so
 * sentences about it agree: "the Paper Filters cost", "they're in stock". The head noun is the last word of the
 * name once sizes and counts are left out ("Single-Origin Coffee Beans 1 kg" → beans, "Resistance Bands Set" → set).
 */
export function isPluralName(name: string): boolean {
  const head = familyName(name)
    .split(/[\s-]+/)
    .filter((w) => /^[A-Za-z]{3,}$/.test(w) && !UNITS.has(w.toLowerCase()))
    .at(-1)
    ?.toLowerCase();
  if (!head) return false;
  return head.endsWith('s') && !head.endsWith('ss') && !head.endsWith('us') && !SINGULAR_S.has(head);
}

const UNITS = new Set(['mah', 'mm', 'cm', 'kg', 'ml', 'usb']);
const SINGULAR_S = new Set(['lens', 'series', 'glass', 'gas', 'canvas', 'chess', 'bus']);

/**
 * Verb forms agreeing with a product name, for templates: "{product} {costs} {price}, {is} {availability}". The
 * words are the ones intents/replies.ts lets product templates use.
 */
export function agreement(name: string): Record<AgreementWord, string> {
  const plural = isPluralName(name);
  return plural
    ? {
        is: 'are',
        costs: 'cost',
        comes: 'come',
        does: 'do',
        it: 'they',
        It: 'They',
        its: "they're",
        Its: "They're",
      }
    : {
        is: 'is',
        costs: 'costs',
        comes: 'comes',
        does: 'does',
        it: 'it',
        It: 'It',
        its: "it's",
        Its: "It's",
      };
}

/** "a" or "an" before a word, by how it sounds: "an 80 Ω", "an IPX7", "a USB-C", "a 14-inch". */
export function article(word: string): string {
  const w = word.trim().toLowerCase();
  if (/^(?:8|11|18)(?:\D|$)|^8\d/.test(w)) return 'an';
  if (/^\d/.test(w)) return 'a';
  if (/^(?:uni|use|usb|eu|one|ur)/.test(w)) return 'a';
  if (/^(?:hour|honest|[aeiou])/.test(w)) return 'an';
  // Letters read one by one: "an SD card", "an HDMI cable".
  if (
    /^[fhlmnrsx][A-Z0-9]*$/i.test(word.trim().split(/[\s-]/)[0] ?? '') &&
    word.trim() === word.trim().toUpperCase()
  )
    return 'an';
  return 'a';
}

/**
 * A product's attributes as one sentence: qualities first, then what it has ("It's black and wireless, with
 * a 30 h battery."; "It has a 14-inch screen, 16 GB memory and 512 GB storage."). Empty when nothing is known.
 */
export function detailSentence(product: ProductRecord, limit = 3): string {
  const qualities: string[] = [];
  const features: string[] = [];
  for (const [key, value] of Object.entries(product.attributes)) {
    const text = ATTRIBUTE_WORDS[key]?.(value);
    if (!text) continue;
    if (QUALITY_KEYS.has(key)) qualities.push(text);
    else features.push(text);
    if (qualities.length + features.length >= limit) break;
  }
  const { It, Its } = agreement(product.name);
  const withWhat = listOf(features);
  if (qualities.length > 0) return `${Its} ${listOf(qualities)}${withWhat ? `, with ${withWhat}` : ''}.`;
  if (features.length > 0) return `${It} ${It === 'It' ? 'has' : 'have'} ${withWhat}.`;
  return '';
}

// Attributes that describe the product ("black", "wireless", "ceramic") rather than something it has.
const QUALITY_KEYS = new Set([
  'wireless',
  'colour',
  'material',
  'persons',
  'comfortC',
  'maxKg',
  'thicknessMm',
  'lengthM',
]);

/** "a, b and c" */
export function listOf(items: readonly string[], conjunction = 'and'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`;
}
