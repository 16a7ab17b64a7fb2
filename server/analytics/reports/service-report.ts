import type {
  AgentFigures,
  AgentReport,
  CountShare,
  DrilldownQuery,
  MetricChange,
  RatingReport,
  ReportRange,
  ServiceReport,
  ServiceTotals,
  SlaFigures,
  TicketCategoryFigures,
} from '../../contracts/reports.ts';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '../../data/records.ts';
import { durationReport, FIRST_RESPONSE_BINS, RESOLUTION_BINS, summarise } from './durations.ts';
import { emptyRollup, mergeRollups, type AgentRollup, type HourRollup } from './hour-rollup.ts';
import { hoursOf } from './report-range.ts';
import { localTime } from './time-zone.ts';

export interface AgentDirectory {
  /** Name and demo label of an agent id; unknown (deleted) agents have a null name. */
  get(agentId: string): { name: string; demo: boolean } | undefined;
}

export interface ReportInput {
  range: ReportRange;
  previousRange: ReportRange;
  /** Rollups of the range's hours (missing hours count as empty). */
  rollups: readonly HourRollup[];
  previousRollups: readonly HourRollup[];
  agents: AgentDirectory;
  now: Date;
}

const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);

function ratingAverage(ratings: readonly number[]): number | null {
  const count = ratings.reduce((a, b) => a + b, 0);
  if (count === 0) return null;
  return ratings.reduce((sum, n, index) => sum + n * (index + 1), 0) / count;
}

export function totalsOf(merged: HourRollup): ServiceTotals {
  const firstResponse = summarise(merged.firstResponse);
  const resolution = summarise(merged.resolution);
  const ratings = merged.ratings.reduce((a, b) => a + b, 0);
  return {
    conversations: merged.conversations,
    visitorMessages: merged.visitorMessages,
    botMessages: merged.botMessages,
    agentMessages: merged.agentMessages,
    contained: merged.contained,
    containmentRate: rate(merged.contained, merged.conversations),
    escalated: merged.escalated,
    escalationRate: rate(merged.escalated, merged.conversations),
    resolved: merged.resolved,
    fallbackRate: rate(merged.fallbacks, merged.visitorMessages),
    ratings,
    ratingAverage: ratingAverage(merged.ratings),
    firstResponseMedian: firstResponse.median,
    firstResponseP90: firstResponse.p90,
    resolutionMedian: resolution.median,
    resolutionP90: resolution.p90,
  };
}

export function change(current: number | null, previous: number | null): MetricChange {
  const delta = current === null || previous === null ? null : current - previous;
  return {
    current,
    previous,
    delta,
    relative: delta === null || previous === null || previous === 0 ? null : delta / previous,
  };
}

function changes(current: ServiceTotals, previous: ServiceTotals): Record<keyof ServiceTotals, MetricChange> {
  const result = {} as Record<keyof ServiceTotals, MetricChange>;
  for (const key of Object.keys(current) as (keyof ServiceTotals)[]) {
    result[key] = change(current[key], previous[key]);
  }
  return result;
}

function ratingReport(ratings: readonly number[], base: DrilldownQuery = {}): RatingReport {
  return {
    count: ratings.reduce((a, b) => a + b, 0),
    average: ratingAverage(ratings),
    distribution: ratings.map((count, index) => ({
      score: index + 1,
      count,
      drilldown: { ...base, rating: index + 1 },
    })),
  };
}

function agentFigures(rollup: AgentRollup | undefined, agentId: string, agents: AgentDirectory): AgentFigures {
  const a = rollup ?? {
    agentId,
    conversations: 0,
    resolved: 0,
    replies: 0,
    firstResponse: [],
    resolution: [],
    handling: [],
    ratings: [0, 0, 0, 0, 0],
  };
  const known = agents.get(agentId);
  return {
    agentId,
    name: known?.name ?? null,
    demo: known?.demo ?? false,
    conversations: a.conversations,
    resolved: a.resolved,
    replies: a.replies,
    firstResponse: summarise(a.firstResponse),
    resolution: summarise(a.resolution),
    handling: summarise(a.handling),
    ratings: a.ratings.reduce((x, y) => x + y, 0),
    ratingAverage: ratingAverage(a.ratings),
    drilldown: { agentId },
  };
}

function sortedByCount<T extends { count: number; key: string }>(items: T[]): T[] {
  return items.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
}

function slaFigures(merged: HourRollup, now: Date): SlaFigures[] {
  const present = new Map(merged.sla.map((s) => [s.priority, s]));
  const priorities = [
    ...TICKET_PRIORITIES,
    ...[...present.keys()].filter((p) => !(TICKET_PRIORITIES as readonly string[]).includes(p)),
  ];
  return priorities.map((priority) => {
    const s = present.get(priority);
    const overdue = s?.unansweredDue.filter((due) => due < now.getTime()).length ?? 0;
    const met = s?.met ?? 0;
    const breached = (s?.breached ?? 0) + overdue;
    const pending = (s?.unansweredDue.length ?? 0) - overdue;
    return { priority, met, breached, pending, attainment: rate(met, met + breached) };
  });
}

function ticketFigures(merged: HourRollup): ServiceReport['tickets'] {
  const byStatus: Record<string, number> = Object.fromEntries(TICKET_STATUSES.map((s) => [s, 0]));
  const categories = new Map<string, TicketCategoryFigures>();
  let total = 0;
  for (const t of merged.tickets) {
    total += t.count;
    byStatus[t.status] = (byStatus[t.status] ?? 0) + t.count;
    let category = categories.get(t.category);
    if (category === undefined) {
      category = {
        category: t.category,
        total: 0,
        byStatus: Object.fromEntries(TICKET_STATUSES.map((s) => [s, 0])),
      };
      categories.set(t.category, category);
    }
    category.total += t.count;
    category.byStatus[t.status] = (category.byStatus[t.status] ?? 0) + t.count;
  }
  return {
    total,
    byStatus,
    byCategory: [...categories.values()].sort(
      (a, b) => b.total - a.total || (a.category < b.category ? -1 : 1),
    ),
  };
}

/** Rollups of every hour of the range, in order, with empty ones where nothing happened. */
export function fillHours(range: ReportRange, rollups: readonly HourRollup[]): HourRollup[] {
  const byHour = new Map(rollups.map((r) => [r.hour.getTime(), r]));
  return hoursOf(range).map((hour) => byHour.get(hour.getTime()) ?? emptyRollup(hour));
}

function volume(range: ReportRange, hours: readonly HourRollup[]): ServiceReport['volume'] {
  const daily = new Map<string, { conversations: number; contained: number; escalated: number }>();
  const hourOfDay = Array.from({ length: 24 }, () => 0);
  const heat = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  for (const rollup of hours) {
    const local = localTime(rollup.hour, range.timeZone);
    const day = daily.get(local.date) ?? { conversations: 0, contained: 0, escalated: 0 };
    day.conversations += rollup.conversations;
    day.contained += rollup.contained;
    day.escalated += rollup.escalated;
    daily.set(local.date, day);
    hourOfDay[local.hour]! += rollup.conversations;
    heat[local.weekday - 1]![local.hour]! += rollup.conversations;
  }
  return {
    daily: [...daily.entries()]
      .filter(([date]) => date >= range.from && date <= range.to)
      .map(([date, d]) => ({ date, ...d, drilldown: { date } })),
    hourOfDay: hourOfDay.map((conversations, hour) => ({
      hourOfDay: hour,
      conversations,
      drilldown: { hourOfDay: hour },
    })),
    weekdayHour: heat.flatMap((row, day) =>
      row.map((conversations, hour) => ({
        weekday: day + 1,
        hourOfDay: hour,
        conversations,
        drilldown: { weekday: day + 1, hourOfDay: hour },
      })),
    ),
  };
}

type DurationField = 'firstResponse' | 'resolution' | 'handling';

const durationDrilldown =
  (field: DurationField) =>
  (from: number, to: number | null): DrilldownQuery => ({
    [`${field}Min`]: from,
    ...(to === null ? {} : { [`${field}Max`]: to }),
  });

/** The whole service report of a range, from its hourly rollups. */
export function buildServiceReport(input: ReportInput): ServiceReport {
  const hours = fillHours(input.range, input.rollups);
  const merged = mergeRollups(hours, new Date(input.range.start));
  const previousMerged = mergeRollups(
    fillHours(input.previousRange, input.previousRollups),
    new Date(input.previousRange.start),
  );
  const totals = totalsOf(merged);
  const previousTotals = totalsOf(previousMerged);
  const reasons: CountShare[] = sortedByCount(
    merged.reasons.map((r) => ({
      key: r.key,
      count: r.count,
      share: rate(r.count, merged.escalated),
      drilldown: { escalated: true, reason: r.key },
    })),
  );
  return {
    range: input.range,
    previousRange: input.previousRange,
    generatedAt: input.now.toISOString(),
    totals,
    previousTotals,
    changes: changes(totals, previousTotals),
    volume: volume(input.range, hours),
    escalations: { count: merged.escalated, rate: totals.escalationRate, reasons },
    firstResponse: durationReport(
      merged.firstResponse,
      FIRST_RESPONSE_BINS,
      durationDrilldown('firstResponse'),
    ),
    resolution: durationReport(
      merged.resolution,
      RESOLUTION_BINS,
      durationDrilldown('resolution'),
    ),
    handling: durationReport(merged.handling, RESOLUTION_BINS, durationDrilldown('handling')),
    ratings: ratingReport(merged.ratings),
    agents: merged.agents
      .map((a) => agentFigures(a, a.agentId, input.agents))
      .sort((a, b) => b.conversations - a.conversations || (a.agentId < b.agentId ? -1 : 1)),
    intents: merged.intents
      .map((i) => ({
        intent: i.intent,
        messages: i.messages,
        fallbacks: i.fallbacks,
        fallbackRate: rate(i.fallbacks, i.messages),
        drilldown: { intent: i.intent },
      }))
      .sort((a, b) => b.messages - a.messages || (a.intent < b.intent ? -1 : 1)),
    tickets: ticketFigures(merged),
    sla: slaFigures(merged, input.now),
  };
}

/** One agent's figures: the conversations they handled, from the same rollups. */
export function buildAgentReport(input: ReportInput & { agentId: string }): AgentReport {
  const { agentId } = input;
  const hours = fillHours(input.range, input.rollups);
  const merged = mergeRollups(hours, new Date(input.range.start));
  const previousMerged = mergeRollups(
    fillHours(input.previousRange, input.previousRollups),
    new Date(input.previousRange.start),
  );
  const mine = merged.agents.find((a) => a.agentId === agentId);
  const daily = new Map<string, { conversations: number; resolved: number }>();
  for (const rollup of hours) {
    const { date } = localTime(rollup.hour, input.range.timeZone);
    if (date < input.range.from || date > input.range.to) continue;
    const day = daily.get(date) ?? { conversations: 0, resolved: 0 };
    const agent = rollup.agents.find((a) => a.agentId === agentId);
    day.conversations += agent?.conversations ?? 0;
    day.resolved += agent?.resolved ?? 0;
    daily.set(date, day);
  }
  const scope = { agentId };
  return {
    range: input.range,
    previousRange: input.previousRange,
    generatedAt: input.now.toISOString(),
    agent: agentFigures(mine, agentId, input.agents),
    previous: agentFigures(
      previousMerged.agents.find((a) => a.agentId === agentId),
      agentId,
      input.agents,
    ),
    daily: [...daily.entries()].map(([date, d]) => ({ date, ...d, drilldown: { ...scope, date } })),
    firstResponse: durationReport(mine?.firstResponse ?? [], FIRST_RESPONSE_BINS, (from, to) => ({
      ...scope,
      ...durationDrilldown('firstResponse')(from, to),
    })),
    resolution: durationReport(mine?.resolution ?? [], RESOLUTION_BINS, (from, to) => ({
      ...scope,
      ...durationDrilldown('resolution')(from, to),
    })),
    ratings: ratingReport(mine?.ratings ?? [0, 0, 0, 0, 0], scope),
  };
}
