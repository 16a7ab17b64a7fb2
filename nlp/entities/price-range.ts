import type { PriceRange } from '../types.ts';
import type { Candidate } from './candidate.ts';
import { currencyCode } from './money.ts';

/*
 * Price limits in shopping requests: "under $150", "less than 100 dollars", "between 50 and 80 euros",
 * "at least 20", "my budget is 200". The amount may come without a currency ("headphones under 150"), but not
 * with another unit ("under 5 kg", "up to 30 days"), which is no price.
 */
const NUMBER = String.raw`(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?`;
const CURRENCY_BEFORE = String.raw`(?:([$€£¥₹])\s?|(usd|eur|gbp|chf)\s?)?`;
const CURRENCY_AFTER = String.raw`(?:\s?([$€£¥₹])|\s?(usd|eur|gbp|chf|dollars?|euros?|pounds?|bucks|quid)\b)?`;
const AMOUNT = String.raw`${CURRENCY_BEFORE}${NUMBER}(?![\d.,]?\d)${CURRENCY_AFTER}`;
const NOT_A_PRICE = String.raw`(?!\s?(?:%|percent|kg|g|grams?|lbs?|years?|months?|weeks?|days?|hours?|h|mins?|minutes?|mm|cm|m|inch(?:es)?|in|"|gb|tb|mb|w|watts?|l|litres?|liters?|ml|mah|people|persons?|items?|pieces?|pairs?)\b)`;

const MAX_CUE = String.raw`under|below|less than|cheaper than|lower than|no more than|not more than|not over|not above|no higher than|not exceeding|at most|max(?:imum)?|up to|within|budget(?: is| of|:)?`;
// A ceiling said after the amount: "80 max", "100 dollars tops", "50 or less".
const MAX_AFTER = String.raw`max(?:imum)?|tops|at most|at the most|or less|or under|or below|or cheaper|and under|and below|maximum budget`;
const MIN_CUE = String.raw`over|above|more than|at least|min(?:imum)?|starting (?:at|from)`;

const LIMIT = new RegExp(
  String.raw`\b(${MAX_CUE}|${MIN_CUE})\s+(?:a\s+budget\s+of\s+|about\s+|around\s+)?${AMOUNT}${NOT_A_PRICE}`,
  'gi',
);
const TRAILING_LIMIT = new RegExp(
  String.raw`(?<![\w.,-])${AMOUNT}${NOT_A_PRICE}\s*,?\s*(?:${MAX_AFTER})\b`,
  'gi',
);
const BETWEEN = new RegExp(String.raw`\bbetween\s+${AMOUNT}\s+and\s+${AMOUNT}${NOT_A_PRICE}`, 'gi');
const MIN_CUES = new RegExp(String.raw`^(?:${MIN_CUE})$`, 'i');

function amount(integer: string | undefined, fraction: string | undefined): number {
  return Number(`${(integer ?? '0').replaceAll(',', '')}.${fraction ?? '0'}`);
}

function currencyOf(...names: (string | undefined)[]): string | undefined {
  const name = names.find((n) => n !== undefined && n !== '');
  return name === undefined ? undefined : currencyCode(name);
}

export function findPriceRanges(text: string): Candidate[] {
  const found: Candidate[] = [];
  for (const m of text.matchAll(BETWEEN)) {
    const low = amount(m[3], m[4]);
    const high = amount(m[9], m[10]);
    const currency = currencyOf(m[1], m[2], m[5], m[6], m[7], m[8], m[11], m[12]);
    const value: PriceRange = {
      min: Math.min(low, high),
      max: Math.max(low, high),
      ...(currency ? { currency } : {}),
    };
    found.push({ type: 'price_range', value, normStart: m.index, normEnd: m.index + m[0].length });
  }
  for (const m of text.matchAll(LIMIT)) {
    const cue = (m[1] ?? '').replace(/\s+/g, ' ');
    const value = amount(m[4], m[5]);
    const currency = currencyOf(m[2], m[3], m[6], m[7]);
    const range: PriceRange = MIN_CUES.test(cue) ? { min: value } : { max: value };
    if (currency) range.currency = currency;
    found.push({ type: 'price_range', value: range, normStart: m.index, normEnd: m.index + m[0].length });
  }
  for (const m of text.matchAll(TRAILING_LIMIT)) {
    if (found.some((f) => f.normStart <= m.index && m.index < f.normEnd)) continue;
    const range: PriceRange = { max: amount(m[3], m[4]) };
    const currency = currencyOf(m[1], m[2], m[5], m[6]);
    if (currency) range.currency = currency;
    found.push({ type: 'price_range', value: range, normStart: m.index, normEnd: m.index + m[0].length });
  }
  return found;
}
