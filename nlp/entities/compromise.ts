import nlp from 'compromise';
import datesPlugin from 'compromise-dates';
import type { DateValue, Money } from '../types.ts';
import { currencyCode } from './money.ts';
import type { Candidate } from './candidate.ts';
import { UNCOMMON_DATE_CUE } from './dates.ts';

nlp.plugin(datesPlugin);
type View = ReturnType<typeof nlp>;
interface DatesView {
  dates(options: { today: string; timezone: string }): View;
}

/*
 * compromise reads amounts in words ("twenty dollars") and the rarer date forms well, but it costs about 0.4 ms per
 * short phrase and grows with length (1.8 s on 40 KB of dots). So it only reads small windows around a cue,
 * and at most `maxWindows` of them per message. Amounts in digits are read by money.ts, common dates by dates.ts.
 */
// a number word, up to three more words, then a currency word: "twenty five dollars", "a hundred quid"
const WORD_MONEY_CUE =
  /\b(?:a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|couple|few)(?:[\s-]+[a-z]+){0,3}?[\s-]+(?:dollars?|euros?|pounds?|bucks|quid|yen|rupees?)\b/gi;
const WINDOW_RADIUS = 28;
// merged windows stay short: compromise's cost grows faster than the length it reads
const MAX_WINDOW = 160;

interface Window {
  start: number;
  end: number;
}

/** Windows of text around each cue, widened to word boundaries and merged where they touch. */
export function cueWindows(text: string, cue: RegExp, maxWindows: number): Window[] {
  const windows: Window[] = [];
  cue.lastIndex = 0;
  for (let m = cue.exec(text); m !== null && windows.length <= maxWindows; m = cue.exec(text)) {
    let start = Math.max(0, m.index - WINDOW_RADIUS);
    let end = Math.min(text.length, m.index + m[0].length + WINDOW_RADIUS);
    while (start > 0 && /\S/.test(text[start - 1] ?? '') && m.index - start < WINDOW_RADIUS * 2) start -= 1;
    while (end < text.length && /\S/.test(text[end] ?? '') && end - m.index < WINDOW_RADIUS * 2) end += 1;
    const last = windows[windows.length - 1];
    if (last !== undefined && start <= last.end && end - last.start <= MAX_WINDOW)
      last.end = Math.max(last.end, end);
    else windows.push({ start, end });
  }
  return windows.slice(0, maxWindows);
}

interface OffsetJson {
  offset?: { start: number; length: number };
}

/** Amounts in words, read by compromise in windows around a number word followed by a currency word. */
export function findWordMoney(text: string, maxWindows: number): Candidate[] {
  const found: Candidate[] = [];
  for (const window of cueWindows(text, WORD_MONEY_CUE, maxWindows)) {
    const slice = text.slice(window.start, window.end);
    const items = nlp(slice).money().json({ offset: true }) as (OffsetJson & {
      text: string;
      money?: { currency?: string; num?: number };
    })[];
    for (const item of items) {
      const num = item.money?.num;
      if (item.offset === undefined || typeof num !== 'number' || !Number.isFinite(num)) continue;
      // compromise keeps trailing punctuation in its match ("3 dollars,")
      const matched = slice.substr(item.offset.start, item.offset.length).replace(/[\s.,;:!?]+$/, '');
      const value: Money = { amount: num, currency: currencyCode(item.money?.currency ?? '') };
      if (value.currency === '') continue;
      const start = window.start + item.offset.start;
      found.push({ type: 'money', value, normStart: start, normEnd: start + matched.length });
    }
  }
  return found;
}

export function findUncommonDates(text: string, now: Date, maxWindows: number): Candidate[] {
  const found: Candidate[] = [];
  const today = now.toISOString().slice(0, 10);
  for (const window of cueWindows(text, UNCOMMON_DATE_CUE, maxWindows)) {
    const slice = text.slice(window.start, window.end);
    const view = (nlp(slice) as unknown as DatesView).dates({ today, timezone: 'UTC' });
    const items = view.json({ offset: true }) as (OffsetJson & {
      dates?: { start?: string | null; end?: string | null };
    })[];
    for (const item of items) {
      const startIso = item.dates?.start?.slice(0, 10);
      const endIso = item.dates?.end?.slice(0, 10) ?? startIso;
      if (item.offset === undefined || startIso === undefined || endIso === undefined) continue;
      const value: DateValue = startIso === endIso ? { date: startIso } : { start: startIso, end: endIso };
      const matched = slice.substr(item.offset.start, item.offset.length).replace(/[\s.,;:!?]+$/, '');
      const start = window.start + item.offset.start;
      found.push({ type: 'date', value, normStart: start, normEnd: start + matched.length });
    }
  }
  return found;
}
