// REST DTOs of the service reports (`/api/reports/*`), shared with the console as types. Definitions of every
// figure: docs/reports.md. Durations are in seconds, rates are fractions (0.25 = 25%), dates are ISO strings.

/** Query of a chart bucket's conversations: pass it to `GET /api/reports/conversations` with the same range. */
export interface DrilldownQuery {
  date?: string;
  hourOfDay?: number;
  weekday?: number;
  escalated?: boolean;
  reason?: string;
  contained?: boolean;
  agentId?: string;
  intent?: string;
  fallback?: boolean;
  rating?: number;
  firstResponseMin?: number;
  firstResponseMax?: number;
  resolutionMin?: number;
  resolutionMax?: number;
  handlingMin?: number;
  handlingMax?: number;
}

export interface ReportRange {
  /** First local day, YYYY-MM-DD. */
  from: string;
  /** Last local day, inclusive. */
  to: string;
  timeZone: string;
  /** The UTC instants the range covers: [start, end). */
  start: string;
  end: string;
  days: number;
}

export interface DurationSummary {
  count: number;
  mean: number | null;
  median: number | null;
  p90: number | null;
}

export interface DistributionBin {
  label: string;
  /** Seconds, inclusive. */
  from: number;
  /** Seconds, exclusive; null for the open last bin. */
  to: number | null;
  count: number;
  drilldown: DrilldownQuery;
}

export interface DurationReport extends DurationSummary {
  distribution: DistributionBin[];
}

export interface ServiceTotals {
  /** Conversations started in the range with at least one visitor message. */
  conversations: number;
  visitorMessages: number;
  botMessages: number;
  agentMessages: number;
  contained: number;
  containmentRate: number | null;
  escalated: number;
  escalationRate: number | null;
  resolved: number;
  /** Visitor messages the bot did not understand, over all visitor messages. */
  fallbackRate: number | null;
  ratings: number;
  ratingAverage: number | null;
  firstResponseMedian: number | null;
  firstResponseP90: number | null;
  resolutionMedian: number | null;
  resolutionP90: number | null;
}

export interface MetricChange {
  current: number | null;
  previous: number | null;
  /** current − previous; null when either is null. */
  delta: number | null;
  /** delta / previous; null when previous is 0 or null. */
  relative: number | null;
}

export interface DailyVolume {
  date: string;
  conversations: number;
  contained: number;
  escalated: number;
  drilldown: DrilldownQuery;
}

export interface HourVolume {
  hourOfDay: number;
  conversations: number;
  drilldown: DrilldownQuery;
}

export interface WeekdayHourCell {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  hourOfDay: number;
  conversations: number;
  drilldown: DrilldownQuery;
}

export interface CountShare {
  key: string;
  count: number;
  share: number | null;
  drilldown: DrilldownQuery;
}

export interface RatingReport {
  count: number;
  average: number | null;
  distribution: { score: number; count: number; drilldown: DrilldownQuery }[];
}

export interface AgentFigures {
  agentId: string;
  name: string | null;
  /** Demo accounts of the synthetic history. */
  demo: boolean;
  conversations: number;
  resolved: number;
  replies: number;
  firstResponse: DurationSummary;
  resolution: DurationSummary;
  handling: DurationSummary;
  ratings: number;
  ratingAverage: number | null;
  drilldown: DrilldownQuery;
}

export interface IntentFigures {
  intent: string;
  messages: number;
  fallbacks: number;
  fallbackRate: number | null;
  drilldown: DrilldownQuery;
}

export interface TicketCategoryFigures {
  category: string;
  total: number;
  byStatus: Record<string, number>;
}

export interface SlaFigures {
  priority: string;
  /** Tickets with an SLA whose first response came in time. */
  met: number;
  /** Answered late, or unanswered past the due time. */
  breached: number;
  /** Unanswered and not yet due: not counted in the attainment. */
  pending: number;
  attainment: number | null;
}

export interface ServiceReport {
  range: ReportRange;
  previousRange: ReportRange;
  generatedAt: string;
  totals: ServiceTotals;
  previousTotals: ServiceTotals;
  changes: Record<keyof ServiceTotals, MetricChange>;
  volume: { daily: DailyVolume[]; hourOfDay: HourVolume[]; weekdayHour: WeekdayHourCell[] };
  escalations: { count: number; rate: number | null; reasons: CountShare[] };
  firstResponse: DurationReport;
  resolution: DurationReport;
  handling: DurationReport;
  ratings: RatingReport;
  agents: AgentFigures[];
  intents: IntentFigures[];
  tickets: { total: number; byStatus: Record<string, number>; byCategory: TicketCategoryFigures[] };
  sla: SlaFigures[];
}

/** What an agent sees of themself (also what an admin sees per agent). */
export interface AgentReport {
  range: ReportRange;
  previousRange: ReportRange;
  generatedAt: string;
  agent: AgentFigures;
  previous: AgentFigures;
  daily: { date: string; conversations: number; resolved: number; drilldown: DrilldownQuery }[];
  firstResponse: DurationReport;
  resolution: DurationReport;
  ratings: RatingReport;
}

/** One row of a drill-down list and of the CSV export. */
export interface ConversationRow {
  id: string;
  contactId: string;
  startedAt: string;
  status: string;
  visitorMessages: number;
  botMessages: number;
  agentMessages: number;
  contained: boolean;
  escalated: boolean;
  escalationReason: string | null;
  escalatedAt: string | null;
  agentId: string | null;
  firstResponseSeconds: number | null;
  resolvedAt: string | null;
  resolutionSeconds: number | null;
  handlingSeconds: number | null;
  rating: number | null;
  intents: string[];
  fallbacks: number;
  tickets: number;
}

export interface ConversationRowPage {
  items: ConversationRow[];
  page: number;
  limit: number;
  total: number;
}

/** One ticket behind a ticket chart (`GET /api/reports/tickets`). */
export interface TicketRow {
  id: string;
  number: string;
  conversationId: string | null;
  category: string;
  status: string;
  priority: string;
  createdAt: string;
  slaDueAt: string | null;
  firstResponseAt: string | null;
  sla: 'met' | 'breached' | 'pending' | 'none';
}

export interface TicketRowPage {
  items: TicketRow[];
  page: number;
  limit: number;
  total: number;
}
