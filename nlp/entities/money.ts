import type { Money } from '../types.ts';
import type { Candidate } from './candidate.ts';

/*
 * Amounts written with digits ("$45.99", "12.50 EUR", "20 euros") are read here with regular expressions; only
 * amounts in words ("twenty dollars") go to compromise (see compromise.ts), which costs about 0.5 ms per window.
 */
const CURRENCY_CODES: Record<string, string> = {
  $: 'USD',
  usd: 'USD',
  dollar: 'USD',
  buck: 'USD',
  '€': 'EUR',
  eur: 'EUR',
  euro: 'EUR',
  '£': 'GBP',
  gbp: 'GBP',
  pound: 'GBP',
  quid: 'GBP',
  '¥': 'JPY',
  jpy: 'JPY',
  yen: 'JPY',
  '₹': 'INR',
  inr: 'INR',
  rupee: 'INR',
  chf: 'CHF',
};

/** ISO 4217 code for a symbol, code or currency word; compromise's own name when unknown. */
export function currencyCode(name: string): string {
  const lower = name.toLowerCase();
  return CURRENCY_CODES[lower] ?? CURRENCY_CODES[lower.replace(/s$/, '')] ?? lower;
}

const NUMBER = String.raw`(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?`;
const SYMBOL = '([$€£¥₹])';
const CODE = '(usd|eur|gbp|chf|jpy|inr)';
const WORD = '(dollars?|euros?|pounds?|bucks|quid|yen|rupees?)';
const MONEY_PATTERNS = [
  new RegExp(String.raw`(?<![\w.$€£¥₹])${SYMBOL}\s?${NUMBER}(?![\w.,]?\d)`, 'g'),
  new RegExp(String.raw`\b${CODE}\s?${NUMBER}(?![\w.,]?\d)`, 'gi'),
  new RegExp(String.raw`(?<![\w.,])${NUMBER}\s?(?:${SYMBOL}|${CODE}\b|${WORD}\b)`, 'gi'),
];

function amountOf(integer: string, fraction: string | undefined): number {
  return Number(`${integer.replaceAll(',', '')}.${fraction ?? '0'}`);
}

export function findDigitMoney(text: string): Candidate[] {
  const found: Candidate[] = [];
  const [symbolFirst, codeFirst, amountFirst] = MONEY_PATTERNS;
  const push = (index: number, length: number, value: Money): void => {
    found.push({ type: 'money', value, normStart: index, normEnd: index + length });
  };
  for (const m of text.matchAll(symbolFirst!)) {
    push(m.index, m[0].length, { amount: amountOf(m[2] ?? '0', m[3]), currency: currencyCode(m[1] ?? '') });
  }
  for (const m of text.matchAll(codeFirst!)) {
    push(m.index, m[0].length, { amount: amountOf(m[2] ?? '0', m[3]), currency: currencyCode(m[1] ?? '') });
  }
  for (const m of text.matchAll(amountFirst!)) {
    const currency = m[3] ?? m[4] ?? m[5] ?? '';
    push(m.index, m[0].length, { amount: amountOf(m[1] ?? '0', m[2]), currency: currencyCode(currency) });
  }
  return found;
}
