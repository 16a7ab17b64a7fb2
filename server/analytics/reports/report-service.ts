import type {
  AgentReport,
  ConversationRowPage,
  DrilldownQuery,
  ServiceReport,
  TicketRowPage,
} from '../../contracts/reports.ts';
import type { ReportStore } from '../../data/analytics/report-store.ts';
import { csvHeader, csvRow } from './csv.ts';
import { factFilter, toConversationRow } from './drilldown.ts';
import { resolveRange, type RangeInput } from './report-range.ts';
import { buildAgentReport, buildServiceReport, type AgentDirectory } from './service-report.ts';
import { slaOutcome, type SlaOutcome } from './ticket-sla.ts';

export interface ReportServiceOptions {
  store: ReportStore;
  now?: () => Date;
}

export interface TicketQuery {
  category?: string;
  status?: string;
  priority?: string;
  sla?: SlaOutcome;
}

export type ReportService = ReturnType<typeof createReportService>;

/** The service reports, read from the hourly rollups; drill-downs and the export read the facts. */
export function createReportService(options: ReportServiceOptions) {
  const { store } = options;
  const now = options.now ?? (() => new Date());

  async function inputs(rangeInput: RangeInput) {
    const at = now();
    const { range, previous } = resolveRange(rangeInput, at);
    const [rollups, previousRollups, directory] = await Promise.all([
      store.rollupsBetween(new Date(range.start), new Date(range.end)),
      store.rollupsBetween(new Date(previous.start), new Date(previous.end)),
      store.agentDirectory(),
    ]);
    const agents: AgentDirectory = { get: (id) => directory.get(id) };
    return { range, previousRange: previous, rollups, previousRollups, agents, now: at };
  }

  return {
    async serviceReport(rangeInput: RangeInput): Promise<ServiceReport> {
      return buildServiceReport(await inputs(rangeInput));
    },

    async agentReport(agentId: string, rangeInput: RangeInput): Promise<AgentReport> {
      return buildAgentReport({ ...(await inputs(rangeInput)), agentId });
    },

    async conversations(
      rangeInput: RangeInput,
      query: DrilldownQuery,
      page: { page: number; limit: number },
    ): Promise<ConversationRowPage> {
      const { range } = resolveRange(rangeInput, now());
      const filter = factFilter(range, query);
      const [total, facts] = await Promise.all([
        store.countFacts(filter),
        store.listFacts(filter, (page.page - 1) * page.limit, page.limit),
      ]);
      return { items: facts.map(toConversationRow), page: page.page, limit: page.limit, total };
    },

    /** The CSV export: a header, then one line per conversation of the range (and drill-down), in start order. */
    async *exportCsv(rangeInput: RangeInput, query: DrilldownQuery): AsyncGenerator<string> {
      const { range } = resolveRange(rangeInput, now());
      const directory = await store.agentDirectory();
      yield csvHeader();
      for await (const fact of store.streamFacts(factFilter(range, query))) {
        const row = toConversationRow(fact);
        yield csvRow(row, range.timeZone, row.agentId === null ? null : (directory.get(row.agentId)?.name ?? null));
      }
    },

    async tickets(
      rangeInput: RangeInput,
      query: TicketQuery,
      page: { page: number; limit: number },
    ): Promise<TicketRowPage> {
      const at = now();
      const { range } = resolveRange(rangeInput, at);
      const tickets = await store.ticketsBetween(new Date(range.start), new Date(range.end), query);
      const rows = tickets
        .map((t) => ({
          id: t.id,
          number: t.number,
          conversationId: t.conversationId,
          category: t.category,
          status: t.status,
          priority: t.priority,
          createdAt: t.createdAt.toISOString(),
          slaDueAt: t.slaDueAt?.toISOString() ?? null,
          firstResponseAt: t.firstResponseAt?.toISOString() ?? null,
          sla: slaOutcome(t, at),
        }))
        .filter((row) => query.sla === undefined || row.sla === query.sla);
      const start = (page.page - 1) * page.limit;
      return { items: rows.slice(start, start + page.limit), page: page.page, limit: page.limit, total: rows.length };
    },
  };
}
