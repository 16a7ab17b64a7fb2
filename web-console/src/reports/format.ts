// Number, duration and date formatting of the Reports page: pure, unit-tested (test/web-console/reports-format.test.ts).

const LOCALE = 'en';

export function count(value: number): string {
  return value.toLocaleString(LOCALE);
}

/** 0.6826 → "68.3%"; null → "–". */
export function percent(value: number | null, digits = 1): string {
  return value === null ? '–' : `${(value * 100).toFixed(digits)}%`;
}

export function decimal(value: number | null, digits = 2): string {
  return value === null || !Number.isFinite(value) ? '–' : value.toFixed(digits);
}

/** Seconds as the two largest units: "45 s", "3 min 12 s", "1 h 05 min", "2 d 3 h"; null → "–". */
export function duration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) {
    const rest = s % 60;
    return rest === 0 ? `${Math.floor(s / 60)} min` : `${Math.floor(s / 60)} min ${rest} s`;
  }
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
  return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
}

/** A change against the previous period: "+12.0%", "−3 min 10 s" (durations), "+0.25" (plain numbers). */
export function change(
  delta: number | null,
  relative: number | null,
  kind: 'count' | 'rate' | 'duration' | 'score',
): string | null {
  if (delta === null) return null;
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  const magnitude = Math.abs(delta);
  switch (kind) {
    case 'count':
      return `${sign}${count(magnitude)}${relative === null ? '' : ` (${sign}${percent(Math.abs(relative))})`}`;
    case 'rate':
      return `${sign}${(magnitude * 100).toFixed(1)} points`;
    case 'duration':
      return `${sign}${duration(magnitude)}`;
    case 'score':
      return `${sign}${magnitude.toFixed(2)}`;
  }
}

/** An ISO instant as local date and time, "2026-11-30 14:05". */
export function dateTime(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "2026-11-30" → "Mon 30 Nov" (the date is a calendar day: formatted in UTC so no zone shifts it). */
export function shortDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return d.toLocaleDateString(LOCALE, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
}

/** YYYY-MM-DD of the day `days` before `date` (calendar arithmetic in UTC). */
export function daysBefore(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

export function hourLabel(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}
