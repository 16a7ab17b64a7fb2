import { z } from 'zod';
import type { ConversationRow, DrilldownQuery, ReportRange } from '../../contracts/reports.ts';
import type { FactFilter } from '../../data/analytics/report-store.ts';
import type { ConversationFact } from './conversation-fact.ts';
import { hoursOf } from './report-range.ts';
import { localTime } from './time-zone.ts';

const seconds = z.coerce.number().int().min(0).max(10 * 365 * 86_400);
const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

/** The drill-down parameters of `GET /api/reports/conversations` and the CSV export (docs/api.md). */
export const drilldownSchema = z.object({
  date: z.iso.date().optional(),
  hourOfDay: z.coerce.number().int().min(0).max(23).optional(),
  weekday: z.coerce.number().int().min(1).max(7).optional(),
  escalated: flag.optional(),
  reason: z.string().trim().min(1).max(100).optional(),
  contained: flag.optional(),
  agentId: z
    .string()
    .regex(/^[0-9a-fA-F]{24}$/, 'expected a 24-hex id')
    .transform((id) => id.toLowerCase())
    .optional(),
  intent: z.string().trim().min(1).max(100).optional(),
  fallback: flag.optional(),
  rating: z.coerce.number().int().min(1).max(5).optional(),
  firstResponseMin: seconds.optional(),
  firstResponseMax: seconds.optional(),
  resolutionMin: seconds.optional(),
  resolutionMax: seconds.optional(),
  handlingMin: seconds.optional(),
  handlingMax: seconds.optional(),
}) satisfies z.ZodType<DrilldownQuery, unknown>;

const between = (min: number | undefined, max: number | undefined) => {
  const condition: Record<string, number> = {};
  if (min !== undefined) condition.$gte = min;
  if (max !== undefined) condition.$lt = max;
  return condition;
};

/**
 * The facts behind a chart bucket. Local dates, hours and weekdays select the same UTC hour buckets the charts
 * add up, so a drill-down lists exactly the conversations a bar counts.
 */
export function factFilter(range: ReportRange, query: DrilldownQuery): FactFilter {
  const filter: FactFilter = {
    counted: true,
    startedAt: { $gte: new Date(range.start), $lt: new Date(range.end) },
  };
  if (query.date !== undefined || query.hourOfDay !== undefined || query.weekday !== undefined) {
    const hours = hoursOf(range).filter((hour) => {
      const local = localTime(hour, range.timeZone);
      return (
        (query.date === undefined || local.date === query.date) &&
        (query.hourOfDay === undefined || local.hour === query.hourOfDay) &&
        (query.weekday === undefined || local.weekday === query.weekday)
      );
    });
    filter.hour = { $in: hours };
  }
  if (query.escalated !== undefined) filter.escalated = query.escalated;
  if (query.reason === 'unknown') {
    filter.escalated = true;
    filter.escalationReason = null;
  } else if (query.reason !== undefined) {
    // A fact has a reason only when escalated (conversation-fact.ts), so the reason alone selects them and the
    // {counted, escalationReason, startedAt} index answers the whole filter (count from the index).
    delete filter.escalated;
    filter.escalationReason = query.reason;
  }
  if (query.contained !== undefined) filter.contained = query.contained;
  if (query.agentId !== undefined) filter.agentId = query.agentId;
  if (query.intent !== undefined) {
    // With a fallback both conditions must hold for the same intent entry; without, a dotted path is the same
    // condition, one the multikey {counted, intents.intent, startedAt} index answers.
    if (query.fallback === true) filter.intents = { $elemMatch: { intent: query.intent, fallbacks: { $gt: 0 } } };
    else filter['intents.intent'] = query.intent;
  } else if (query.fallback !== undefined) {
    filter.fallbacks = query.fallback ? { $gt: 0 } : 0;
  }
  if (query.rating !== undefined) filter.rating = query.rating;
  if (query.firstResponseMin !== undefined || query.firstResponseMax !== undefined) {
    filter.firstResponseSeconds = { $ne: null, ...between(query.firstResponseMin, query.firstResponseMax) };
  }
  if (query.resolutionMin !== undefined || query.resolutionMax !== undefined) {
    filter.resolutionSeconds = { $ne: null, ...between(query.resolutionMin, query.resolutionMax) };
  }
  if (query.handlingMin !== undefined || query.handlingMax !== undefined) {
    filter.handlingSeconds = { $ne: null, ...between(query.handlingMin, query.handlingMax) };
  }
  return filter;
}

export function toConversationRow(fact: ConversationFact): ConversationRow {
  return {
    id: fact.id,
    contactId: fact.contactId,
    startedAt: fact.startedAt.toISOString(),
    status: fact.status,
    visitorMessages: fact.visitorMessages,
    botMessages: fact.botMessages,
    agentMessages: fact.agentMessages,
    contained: fact.contained,
    escalated: fact.escalated,
    escalationReason: fact.escalationReason,
    escalatedAt: fact.escalatedAt?.toISOString() ?? null,
    agentId: fact.agentId,
    firstResponseSeconds: fact.firstResponseSeconds,
    resolvedAt: fact.resolvedAt?.toISOString() ?? null,
    resolutionSeconds: fact.resolutionSeconds,
    handlingSeconds: fact.handlingSeconds,
    rating: fact.rating,
    intents: fact.intents.map((i) => i.intent),
    fallbacks: fact.fallbacks,
    tickets: fact.tickets,
  };
}
