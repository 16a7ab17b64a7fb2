import type { EntityPatternSetting, PipelineSettings } from '../settings.ts';
import type { Candidate } from './candidate.ts';

const EMAIL =
  /(?<![\w.%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g;
const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"'`]+/gi;
const TRAILING_PUNCTUATION = /[.,!?;:)\]}'"]+$/;
// digits with the separators people type in phone numbers; dots are left out because they make prices and
// version numbers look like phones
const PHONE = /(?<![\w+$€£])(?:\+|00)?\(?\d[\d\s()-]{4,}\d(?![\w.,]\d)/g;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface CompiledPattern {
  regex: RegExp;
  value: string;
}

export function compilePatterns(patterns: EntityPatternSetting[]): CompiledPattern[] {
  return patterns.map((p) => ({
    regex: new RegExp(p.pattern, `${p.flags.replace('g', '')}g`),
    value: p.value,
  }));
}

function matchAll(text: string, compiled: CompiledPattern[], type: Candidate['type']): Candidate[] {
  const found: Candidate[] = [];
  for (const { regex, value } of compiled) {
    for (const match of text.matchAll(regex)) {
      if (match[0].length === 0) continue;
      const id = match.groups?.['id'] ?? match[0];
      found.push({
        type,
        value: value.replaceAll('{id}', id.toUpperCase()),
        normStart: match.index,
        normEnd: match.index + match[0].length,
      });
    }
  }
  return found;
}

export function findEmails(text: string): Candidate[] {
  return [...text.matchAll(EMAIL)].map((m) => ({
    type: 'email',
    value: m[0].toLowerCase(),
    normStart: m.index,
    normEnd: m.index + m[0].length,
  }));
}

export function findUrls(text: string): Candidate[] {
  const found: Candidate[] = [];
  for (const m of text.matchAll(URL_PATTERN)) {
    const raw = m[0].replace(TRAILING_PUNCTUATION, '');
    let value: string;
    try {
      value = new URL(/^https?:\/\//i.test(raw) ? raw : `https://${raw}`).href;
    } catch {
      continue;
    }
    found.push({ type: 'url', value, normStart: m.index, normEnd: m.index + raw.length });
  }
  return found;
}

/** Phone numbers as `+<digits>` when the country is known (typed or configured), digits otherwise. */
export function findPhones(text: string, settings: PipelineSettings['entities']['phone']): Candidate[] {
  const found: Candidate[] = [];
  for (const m of text.matchAll(PHONE)) {
    const raw = m[0].trim();
    if (ISO_DATE.test(raw)) continue;
    let digits = raw.replace(/\D/g, '');
    let international = raw.startsWith('+');
    if (raw.startsWith('00')) {
      digits = digits.slice(2);
      international = true;
    }
    if (digits.length < settings.minDigits || digits.length > settings.maxDigits) continue;
    let value = digits;
    if (international) value = `+${digits}`;
    else if (settings.defaultCountryCode !== '' && digits.startsWith('0')) {
      value = `+${settings.defaultCountryCode}${digits.slice(1)}`;
    }
    found.push({ type: 'phone', value, normStart: m.index, normEnd: m.index + raw.length });
  }
  return found;
}

export interface PatternMatchers {
  find(text: string): Candidate[];
}

export function createPatternMatchers(settings: PipelineSettings['entities']): PatternMatchers {
  const orders = compilePatterns(settings.orderNumber);
  const tickets = compilePatterns(settings.ticketNumber);
  return {
    find: (text) => [
      ...findEmails(text),
      ...findUrls(text),
      ...findPhones(text, settings.phone),
      ...matchAll(text, orders, 'order_number'),
      ...matchAll(text, tickets, 'ticket_number'),
    ],
  };
}
