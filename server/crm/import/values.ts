/** Cell parsers for what real exports contain: `1 234,50`, `1,234.50`, `€12`, `31/12/2026`, `2026-12-31`. */

export type DateOrder = 'dmy' | 'mdy';

/** A number in either decimal convention; null when the text is not one. */
export function parseNumber(text: string): number | null {
  let value = text.replace(/[\s\u00a0\u202f']/g, '').replace(/^[^\d+-]+|[^\d]+$/g, '');
  if (!/^[+-]?[\d.,]+$/.test(value)) return null;
  const lastComma = value.lastIndexOf(',');
  const lastDot = value.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) {
    // Whichever comes last is the decimal separator; the other groups thousands.
    const decimal = lastComma > lastDot ? ',' : '.';
    value = value
      .split(decimal === ',' ? '.' : ',')
      .join('')
      .replace(',', '.');
  } else if (lastComma >= 0) {
    // `1,234,567` or `1,234` groups thousands; `12,5` and `12,50` are decimals.
    value = /^[+-]?\d{1,3}(,\d{3})+$/.test(value) ? value.replace(/,/g, '') : value.replace(',', '.');
  } else if (/^[+-]?\d{1,3}(\.\d{3}){2,}$/.test(value)) {
    value = value.replace(/\./g, '');
  }
  if ((value.match(/\./g) ?? []).length > 1) return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

function dateOf(year: number, month: number, day: number, time = '00:00:00'): Date | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const date = new Date(
    `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T${time}Z`,
  );
  // 31/02 rolls over into March in Date: refuse it.
  return Number.isNaN(date.getTime()) || date.getUTCDate() !== day ? null : date;
}

/**
 * ISO 8601 (with or without time and zone), `YYYY/MM/DD`, or day-first `31/12/2026`, `31.12.2026`,
 * `31-12-2026` (month-first with `order: 'mdy'`); a time `HH:MM[:SS]` may follow. Dates without a zone are UTC.
 */
export function parseDate(text: string, order: DateOrder = 'dmy'): Date | null {
  const value = text.trim();
  if (/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  const time = /[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  const clock = time ? `${time[1]!.padStart(2, '0')}:${time[2]}:${time[3] ?? '00'}` : undefined;
  const day = time ? value.slice(0, time.index) : value;
  let match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(day);
  if (match) return dateOf(Number(match[1]), Number(match[2]), Number(match[3]), clock);
  match = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(day);
  if (match) {
    const [first, second] = [Number(match[1]), Number(match[2])];
    return order === 'dmy'
      ? dateOf(Number(match[3]), second, first, clock)
      : dateOf(Number(match[3]), first, second, clock);
  }
  return null;
}

const TRUE = new Set(['true', 'yes', 'y', '1', 'oui', 'ja', 'active']);
const FALSE = new Set(['false', 'no', 'n', '0', 'non', 'nein', 'inactive']);

export function parseBoolean(text: string): boolean | null {
  const value = text.trim().toLowerCase();
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  return null;
}
