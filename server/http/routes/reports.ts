import { Router, type Request } from 'express';
import { z } from 'zod';
import type { HttpRegistration } from '../../app.ts';
import type { RebuildOutcome } from '../../analytics/reports/rollup-maintainer.ts';
import { drilldownSchema } from '../../analytics/reports/drilldown.ts';
import type { ReportService } from '../../analytics/reports/report-service.ts';
import { isValidTimeZone } from '../../analytics/reports/time-zone.ts';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '../../data/records.ts';
import { AppError } from '../../shared/errors.ts';
import { ADMINS, requireRole, STAFF } from '../guards.ts';
import { pageQuery } from '../paging.ts';
import { sendLines } from '../send-lines.ts';
import { parseIdParam, parseInput } from '../validation.ts';

export interface ReportRoutesDeps {
  reports: ReportService;
  rebuild: () => Promise<RebuildOutcome>;
  /** The shop's time zone: the default of `tz`. */
  timeZone: string;
}

export const rangeQuery = (defaultZone: string) =>
  z.object({
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    tz: z
      .string()
      .trim()
      .max(64)
      .refine(isValidTimeZone, 'expected an IANA time zone such as Europe/Paris')
      .default(defaultZone),
  });

/**
 * `/api/reports/*`: admins read every report; an agent reads their own figures and drills into their own
 * conversations only (docs/api.md).
 */
/** The query schemas of the report routes (also what the OpenAPI document is generated from). */
export function reportQueries(defaultZone: string) {
  const range = rangeQuery(defaultZone);
  return {
    range,
    conversationsQuery: range.extend(pageQuery.shape).extend(drilldownSchema.shape),
    exportQuery: range.extend(drilldownSchema.shape),
    ticketsQuery: range.extend(pageQuery.shape).extend({
      category: z.string().trim().min(1).max(100).optional(),
      status: z.enum(TICKET_STATUSES).optional(),
      priority: z.enum(TICKET_PRIORITIES).optional(),
      sla: z.enum(['met', 'breached', 'pending', 'none']).optional(),
    }),
  };
}

export function reportRoutes(deps: ReportRoutesDeps): HttpRegistration {
  return (app, context) => {
    const { range, conversationsQuery, exportQuery, ticketsQuery } = reportQueries(deps.timeZone);
    const staff = requireRole(context.auth, STAFF);
    const admins = requireRole(context.auth, ADMINS);
    const rangeOf = (q: { from?: string; to?: string; tz: string }) => ({
      from: q.from,
      to: q.to,
      timeZone: q.tz,
    });

    /** Agents see only their own conversations: their id is forced, another one is refused. */
    const scopeAgent = (req: Request, agentId: string | undefined): string | undefined => {
      const identity = req.staff!;
      if (identity.role === 'admin') return agentId;
      if (agentId !== undefined && agentId !== identity.userId) {
        throw new AppError('FORBIDDEN', 'Agents can only see their own conversations.');
      }
      return identity.userId;
    };

    const router = Router();
    router.get('/service', admins, async (req, res) => {
      res.json(await deps.reports.serviceReport(rangeOf(parseInput(range, req.query))));
    });

    router.get('/agents/me', staff, async (req, res) => {
      res.json(await deps.reports.agentReport(req.staff!.userId, rangeOf(parseInput(range, req.query))));
    });

    router.get('/agents/:id', staff, async (req, res) => {
      const agentId = parseIdParam(req.params.id, 'agent id');
      if (req.staff!.role !== 'admin' && agentId !== req.staff!.userId) {
        throw new AppError('FORBIDDEN', 'Agents can only see their own figures.');
      }
      res.json(await deps.reports.agentReport(agentId, rangeOf(parseInput(range, req.query))));
    });

    router.get('/conversations', staff, async (req, res) => {
      const { page, limit, from, to, tz, ...drilldown } = parseInput(conversationsQuery, req.query);
      const agentId = scopeAgent(req, drilldown.agentId);
      res.json(
        await deps.reports.conversations(
          rangeOf({ from, to, tz }),
          { ...drilldown, ...(agentId === undefined ? {} : { agentId }) },
          { page, limit },
        ),
      );
    });

    router.get('/conversations.csv', staff, async (req, res) => {
      const { from, to, tz, ...drilldown } = parseInput(exportQuery, req.query);
      const agentId = scopeAgent(req, drilldown.agentId);
      const lines = deps.reports.exportCsv(rangeOf({ from, to, tz }), {
        ...drilldown,
        ...(agentId === undefined ? {} : { agentId }),
      });
      // The first line is produced before any header is sent, so a bad range still answers a JSON error.
      const first = await lines.next();
      res.type('text/csv; charset=utf-8');
      res.attachment(`conversations-${from ?? 'recent'}-${to ?? 'today'}.csv`);
      if (!first.done) res.write(first.value);
      await sendLines(res, lines);
    });

    router.get('/tickets', admins, async (req, res) => {
      const { page, limit, from, to, tz, ...filter } = parseInput(ticketsQuery, req.query);
      res.json(await deps.reports.tickets(rangeOf({ from, to, tz }), filter, { page, limit }));
    });

    router.post('/rebuild', admins, async (_req, res) => {
      res.json(await deps.rebuild());
    });

    app.use('/api/reports', router);
  };
}
