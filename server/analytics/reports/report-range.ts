import type { ReportRange } from '../../contracts/reports.ts';
import { AppError } from '../../shared/errors.ts';
import { addDays, daysBetween, floorToHour, HOUR_MS, localTime, startOfLocalDay } from './time-zone.ts';

export const DEFAULT_RANGE_DAYS = 28;
export const MAX_RANGE_DAYS = 366;

export interface RangeInput {
  from?: string;
  to?: string;
  timeZone: string;
}

/** A range of whole local days; its UTC bounds are whole hours (the rollups' grain). */
export function rangeOf(from: string, to: string, timeZone: string): ReportRange {
  const start = floorToHour(startOfLocalDay(from, timeZone));
  const end = floorToHour(startOfLocalDay(addDays(to, 1), timeZone).getTime() + HOUR_MS - 1);
  return {
    from,
    to,
    timeZone,
    start: start.toISOString(),
    end: end.toISOString(),
    days: daysBetween(from, to) + 1,
  };
}

/**
 * The asked range (default: the last 28 days up to today) and the previous period of the same length that
 * ends the day before it starts.
 */
export function resolveRange(input: RangeInput, now: Date): { range: ReportRange; previous: ReportRange } {
  const today = localTime(now, input.timeZone).date;
  const to = input.to ?? (input.from !== undefined ? addDays(input.from, DEFAULT_RANGE_DAYS - 1) : today);
  const from = input.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1));
  const days = daysBetween(from, to) + 1;
  if (days < 1) throw rangeError('`from` must not be after `to`.');
  if (days > MAX_RANGE_DAYS) throw rangeError(`A range covers at most ${MAX_RANGE_DAYS} days.`);
  const previousTo = addDays(from, -1);
  return {
    range: rangeOf(from, to, input.timeZone),
    previous: rangeOf(addDays(previousTo, -(days - 1)), previousTo, input.timeZone),
  };
}

function rangeError(message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, {
    details: { issues: [{ field: 'from', message }] },
  });
}

/** The UTC hour starts of a range. */
export function hoursOf(range: ReportRange): Date[] {
  const hours: Date[] = [];
  for (let t = Date.parse(range.start); t < Date.parse(range.end); t += HOUR_MS) hours.push(new Date(t));
  return hours;
}
