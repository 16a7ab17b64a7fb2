import type { HttpRegistration } from '../../app.ts';
import { ensureAnalyticsIndexes } from '../../data/analytics/collections.ts';
import { createReportStore } from '../../data/analytics/report-store.ts';
import type { Models } from '../../data/models/index.ts';
import type { EventBus } from '../../events/event-bus.ts';
import { reportRoutes } from '../../http/routes/reports.ts';
import type { FactSettings } from './conversation-fact.ts';
import { createReportService, type ReportService } from './report-service.ts';
import { createRollupMaintainer, type MarkerStore, type RebuildOutcome, type RollupMaintainer } from './rollup-maintainer.ts';

export interface ReportsSetup {
  models: Models;
  meta: MarkerStore;
  settings: FactSettings;
  timeZone: string;
  events?: EventBus;
  flushDelayMs?: number;
  sweepIntervalMs?: number;
  now?: () => Date;
  onError?: (error: unknown) => void;
}

export interface Reports {
  service: ReportService;
  maintainer: RollupMaintainer;
  http: HttpRegistration;
  /** Rebuilds the rollups if needed and starts listening and sweeping. */
  start(): Promise<RebuildOutcome | null>;
  close(): void;
}

/** The service reports, wired: store, maintainer (listening to the chat's events) and routes. */
export function createReports(setup: ReportsSetup): Reports {
  const store = createReportStore(setup.models);
  const maintainer = createRollupMaintainer({
    store,
    meta: setup.meta,
    settings: setup.settings,
    ...(setup.flushDelayMs !== undefined ? { flushDelayMs: setup.flushDelayMs } : {}),
    ...(setup.sweepIntervalMs !== undefined ? { sweepIntervalMs: setup.sweepIntervalMs } : {}),
    ...(setup.now ? { now: setup.now } : {}),
    ...(setup.onError ? { onError: setup.onError } : {}),
  });
  const service = createReportService({ store, ...(setup.now ? { now: setup.now } : {}) });
  const unlisten = setup.events ? maintainer.listen(setup.events) : () => {};
  return {
    service,
    maintainer,
    http: reportRoutes({ reports: service, rebuild: () => maintainer.rebuild(), timeZone: setup.timeZone }),
    async start() {
      await ensureAnalyticsIndexes(setup.models);
      return maintainer.start();
    },
    close() {
      unlisten();
      maintainer.stop();
    },
  };
}
