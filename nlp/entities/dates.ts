import type { DateValue } from '../types.ts';
import type { Candidate } from './candidate.ts';

/*
 * The common chat expressions ("tomorrow", "next friday", "march 3", "in 2 weeks") are resolved here with
 * regular expressions: compromise-dates costs 2–4 ms per date on this machine, more than the whole pipeline's
 * budget. Only "start/middle/end of <period>" is left to compromise, on a small window; see compromise.ts. Days are calendar days in UTC of the reference date.
 */

const DAY_MS = 86_400_000;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const WEEKDAY_ALIASES: Record<string, number> = { tues: 2, weds: 3, thurs: 4 };
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MONTH_ALIASES: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  sept: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};
const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
};

/** Fixed-date holidays as [month index, day]; Easter, Thanksgiving and Black Friday are computed below. */
const HOLIDAYS: Record<string, [number, number]> = {
  'christmas eve': [11, 24],
  'christmas day': [11, 25],
  christmas: [11, 25],
  xmas: [11, 25],
  'boxing day': [11, 26],
  "new year's eve": [11, 31],
  'new years eve': [11, 31],
  "new year's day": [0, 1],
  'new years day': [0, 1],
  halloween: [9, 31],
  "valentine's day": [1, 14],
  'valentines day': [1, 14],
};

const WEEKDAY_RE = `(${WEEKDAYS.join('|')}|tues|weds|thurs)`;
// "may" is left out of bare month matches: "may 5" is rare next to "may I…"
const MONTH_RE = `(${[...MONTHS.filter((m) => m !== 'may'), ...Object.keys(MONTH_ALIASES)].join('|')}|may(?=\\s+\\d))`;
const AMOUNT_RE = `(\\d{1,3}|${Object.keys(NUMBER_WORDS).join('|')})`;

export interface DateReadingOptions {
  /** Read 03/12 as 3 December (day first) rather than March 12 (month first). */
  numericDayFirst: boolean;
}

interface Rule {
  regex: RegExp;
  resolve(match: RegExpExecArray, today: number, options: DateReadingOptions): DateValue | undefined;
}

function iso(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
function single(day: number): DateValue {
  return { date: iso(day) };
}
function range(start: number, end: number): DateValue {
  return { start: iso(start), end: iso(end) };
}
function weekdayOf(day: number): number {
  return new Date(day * DAY_MS).getUTCDay();
}
function dayOf(year: number, month: number, date: number): number {
  return Math.floor(Date.UTC(year, month, date) / DAY_MS);
}
function monthIndex(name: string): number {
  const lower = name.toLowerCase();
  return MONTH_ALIASES[lower] ?? MONTHS.indexOf(lower);
}
function amount(word: string): number {
  return NUMBER_WORDS[word.toLowerCase()] ?? Number(word);
}
/** A month-day without a year means the next one on or after today, as people write delivery dates. */
function upcoming(today: number, month: number, date: number, year?: string): number | undefined {
  if (date < 1 || date > 31) return undefined;
  if (year !== undefined) return dayOf(Number(year), month, date);
  const thisYear = new Date(today * DAY_MS).getUTCFullYear();
  const candidate = dayOf(thisYear, month, date);
  return candidate >= today ? candidate : dayOf(thisYear + 1, month, date);
}

/** A numeric month/day without a year is read in the current year, as compromise reads it. */
function upcomingOrPast(today: number, month: number, date: number, year?: string): number | undefined {
  if (date < 1 || date > 31) return undefined;
  return dayOf(year !== undefined ? Number(year) : new Date(today * DAY_MS).getUTCFullYear(), month, date);
}

const RULES: Rule[] = [
  { regex: /\b(?:the\s+)?day\s+after\s+tomorrow\b/gi, resolve: (_m, today) => single(today + 2) },
  { regex: /\b(?:the\s+)?day\s+before\s+yesterday\b/gi, resolve: (_m, today) => single(today - 2) },
  {
    regex: /\b(?:today|tonight|this\s+(?:morning|afternoon|evening))\b/gi,
    resolve: (_m, today) => single(today),
  },
  { regex: /\btomorrow\b/gi, resolve: (_m, today) => single(today + 1) },
  { regex: /\byesterday\b/gi, resolve: (_m, today) => single(today - 1) },
  {
    regex: new RegExp(`\\b(?:(next|this|last|on|coming)\\s+)?${WEEKDAY_RE}\\b`, 'gi'),
    resolve(m, today) {
      const name = (m[2] ?? '').toLowerCase();
      const target = WEEKDAY_ALIASES[name] ?? WEEKDAYS.indexOf(name);
      const ahead = (target - weekdayOf(today) + 7) % 7;
      const which = (m[1] ?? '').toLowerCase();
      if (which === 'last') return single(today - ((weekdayOf(today) - target + 7) % 7 || 7));
      if (which === 'next') return single(today + (ahead || 7));
      return single(today + ahead);
    },
  },
  {
    regex: /\b(next|this|last)\s+(week|weekend|month|year)\b/gi,
    resolve(m, today) {
      const shift = { next: 1, this: 0, last: -1 }[(m[1] ?? '').toLowerCase() as 'next' | 'this' | 'last'];
      const unit = (m[2] ?? '').toLowerCase();
      const date = new Date(today * DAY_MS);
      if (unit === 'week' || unit === 'weekend') {
        const monday = today - ((weekdayOf(today) + 6) % 7) + 7 * shift;
        return unit === 'week' ? range(monday, monday + 6) : range(monday + 5, monday + 6);
      }
      if (unit === 'month') {
        const first = dayOf(date.getUTCFullYear(), date.getUTCMonth() + shift, 1);
        return range(first, dayOf(date.getUTCFullYear(), date.getUTCMonth() + shift + 1, 1) - 1);
      }
      const year = date.getUTCFullYear() + shift;
      return range(dayOf(year, 0, 1), dayOf(year, 11, 31));
    },
  },
  {
    // "by the end of the month": from today to the period's last day, as compromise reads it
    regex: /\b(?:by\s+)?(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?(week|month|year)\b/gi,
    resolve(m, today) {
      const unit = (m[1] ?? '').toLowerCase();
      const date = new Date(today * DAY_MS);
      if (unit === 'week') return range(today, today + ((7 - weekdayOf(today)) % 7));
      if (unit === 'month') return range(today, dayOf(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) - 1);
      return range(today, dayOf(date.getUTCFullYear(), 11, 31));
    },
  },
  {
    regex: new RegExp(`\\b(?:on\\s+)?(${Object.keys(HOLIDAYS).join('|')})\\b`, 'gi'),
    resolve(m, today) {
      const key = (m[1] ?? '').toLowerCase().replace(/\s+/g, ' ');
      const holiday = HOLIDAYS[key];
      if (holiday === undefined) return undefined;
      const day = upcoming(today, holiday[0], holiday[1]);
      return day === undefined ? undefined : single(day);
    },
  },
  {
    regex: /\b(easter(?:\s+sunday)?|thanksgiving|black\s+friday)\b/gi,
    resolve(m, today) {
      const name = (m[1] ?? '').toLowerCase();
      const next = (year: number): number =>
        name.startsWith('easter')
          ? easterSunday(year)
          : thanksgiving(year) + (name === 'thanksgiving' ? 0 : 1);
      const year = new Date(today * DAY_MS).getUTCFullYear();
      return single(next(year) >= today ? next(year) : next(year + 1));
    },
  },
  { regex: /\bin\s+a\s+fortnight\b/gi, resolve: (_m, today) => single(today + 14) },
  {
    // "24/7" is an expression, not a date
    regex: /\b(?<!\d\/)(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?\b(?!\/\d)/g,
    resolve(m, today, options) {
      if (m[0] === '24/7') return undefined;
      const [monthText, dayText] = options.numericDayFirst ? [m[2], m[1]] : [m[1], m[2]];
      const month = Number(monthText) - 1;
      if (month < 0 || month > 11) return undefined;
      const year = m[3] === undefined ? undefined : m[3].length === 2 ? `20${m[3]}` : m[3];
      const day = upcomingOrPast(today, month, Number(dayText), year);
      return day === undefined ? undefined : single(day);
    },
  },
  {
    regex: new RegExp(`\\bin\\s+${AMOUNT_RE}\\s+(day|week)s?\\b`, 'gi'),
    resolve: (m, today) => single(today + amount(m[1] ?? '') * (/week/i.test(m[2] ?? '') ? 7 : 1)),
  },
  {
    regex: new RegExp(`\\b${AMOUNT_RE}\\s+(day|week)s?\\s+ago\\b`, 'gi'),
    resolve: (m, today) => single(today - amount(m[1] ?? '') * (/week/i.test(m[2] ?? '') ? 7 : 1)),
  },
  {
    regex: /\b(\d{4})-(\d{2})-(\d{2})\b/g,
    resolve(m) {
      const [year, month, date] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
      if (month > 11 || date < 1 || date > 31) return undefined;
      return single(dayOf(year, month, date));
    },
  },
  {
    regex: new RegExp(
      `\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_RE}\\b(?:,?\\s+(\\d{4})\\b)?`,
      'gi',
    ),
    resolve(m, today) {
      const day = upcoming(today, monthIndex(m[2] ?? ''), Number(m[1]), m[3]);
      return day === undefined ? undefined : single(day);
    },
  },
  {
    regex: new RegExp(`\\b${MONTH_RE}\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4})\\b)?`, 'gi'),
    resolve(m, today) {
      const day = upcoming(today, monthIndex(m[1] ?? ''), Number(m[2]), m[3]);
      return day === undefined ? undefined : single(day);
    },
  },
];

const DEADLINE_PREFIX = /\b(before|until|till)\s+$/i;

/** Easter Sunday of a year (Anonymous Gregorian algorithm). */
function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayOf(year, month - 1, day);
}

/** US Thanksgiving: the fourth Thursday of November. */
function thanksgiving(year: number): number {
  const first = dayOf(year, 10, 1);
  return first + ((4 - weekdayOf(first) + 7) % 7) + 21;
}

export function todayOf(now: Date): number {
  return Math.floor(now.getTime() / DAY_MS);
}

/** Dates the regular expressions above resolve, with offsets into `text`. */
export function findCommonDates(text: string, now: Date, options: DateReadingOptions): Candidate[] {
  const today = todayOf(now);
  const found: Candidate[] = [];
  for (const rule of RULES) {
    rule.regex.lastIndex = 0;
    for (let m = rule.regex.exec(text); m !== null; m = rule.regex.exec(text)) {
      const value = rule.resolve(m, today, options);
      if (value === undefined) continue;
      // "before friday" is the days up to friday, "until friday" includes it (as compromise reads them)
      const bound =
        'date' in value ? DEADLINE_PREFIX.exec(text.slice(Math.max(0, m.index - 8), m.index)) : null;
      if (bound !== null && 'date' in value) {
        const day = Math.floor(Date.parse(value.date) / DAY_MS) - (/before/i.test(bound[1] ?? '') ? 1 : 0);
        const start = m.index - bound[0].length;
        if (day >= today) {
          found.push({
            type: 'date',
            value: range(today, day),
            normStart: start,
            normEnd: m.index + m[0].length,
          });
          continue;
        }
      }
      found.push({ type: 'date', value, normStart: m.index, normEnd: m.index + m[0].length });
    }
  }
  return found;
}

/** Date forms left to compromise-dates: the start, middle or end of a named period ("early march" aside). */
export const UNCOMMON_DATE_CUE =
  /\b(?:(?:beginning|start|middle)\s+of\s+(?:the\s+|next\s+)?\w+|end\s+of\s+(?!(?:the\s+|this\s+)?(?:week|month|year)\b)(?:next\s+)?\w+)\b/gi;
