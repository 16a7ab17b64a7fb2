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
  batteryHours: (v) => `${String(v)} h battery`,
  waterResistance: (v) => `${String(v)} water resistance`,
  impedanceOhm: (v) => `${String(v)} Ω impedance`,
  watts: (v) => `${String(v)} W`,
  ports: (v) => (v === 1 ? 'one port' : `${String(v)} ports`),
  capacityMah: (v) => `${Number(v).toLocaleString('en-US')} mAh`,
  screenInches: (v) => `${String(v)}-inch screen`,
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

/** "a, b and c" */
export function listOf(items: readonly string[], conjunction = 'and'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`;
}
