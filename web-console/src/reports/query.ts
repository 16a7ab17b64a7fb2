import type { DrilldownQuery } from '../../../server/contracts/reports.ts';

/** The range the page asks for; both empty: the server's default (the last 28 days). */
export interface RangeChoice {
  from: string;
  to: string;
}

/** A ticket chart's filter (`GET /api/reports/tickets`). */
export interface TicketQuery {
  category?: string;
  status?: string;
  priority?: string;
  sla?: 'met' | 'breached' | 'pending' | 'none';
}

/** What a click on a chart bucket (or its table cell) opens. */
export type DrillTarget =
  | { kind: 'conversations'; title: string; query: DrilldownQuery }
  | { kind: 'tickets'; title: string; query: TicketQuery };

/**
 * The query string of a report request: the range, then the filter's fields as the API names them (booleans
 * and numbers as text). Undefined fields are left out, so the server applies its defaults.
 */
export function reportQuery(
  range: RangeChoice,
  filter: Record<string, string | number | boolean | undefined> = {},
): string {
  const params = new URLSearchParams();
  if (range.from !== '') params.set('from', range.from);
  if (range.to !== '') params.set('to', range.to);
  for (const [key, value] of Object.entries(filter)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

export function csvUrl(range: RangeChoice, query: DrilldownQuery = {}): string {
  return `/api/reports/conversations.csv${reportQuery(range, { ...query })}`;
}
