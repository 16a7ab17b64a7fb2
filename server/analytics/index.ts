import type { HttpRegistration } from '../app.ts';
import type { ResolvedConfig } from '../config.ts';
import { OUT_OF_SCOPE_INTENT } from '../conversation/analysis.ts';
import { DEFAULT_CHAT_SETTINGS } from '../conversation/chat-deps.ts';
import type { Models } from '../data/models/index.ts';
import type { Repositories } from '../data/repositories/index.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { Logger } from '../shared/logger.ts';
import { createModelStore } from '../data/analytics/model-store.ts';
import { createReportStore } from '../data/analytics/report-store.ts';
import { analyticsModelRoutes } from '../http/routes/analytics-models.ts';
import { createModelService, type ModelService } from './models/model-service.ts';
import { createReports, type Reports } from './reports/index.ts';

export interface AnalyticsSetup {
  config: Pick<ResolvedConfig, 'reportsTimeZone' | 'analyticsRetrainHours'>;
  logger: Logger;
  models: Models;
  repositories: Repositories;
  /** The chat's event bus: the rollups follow it. */
  events: EventBus;
  /** The chat's threshold below which a message is not understood (the fallback definition). */
  minIntentConfidence?: number;
}

export interface Analytics {
  reports: Reports;
  models: ModelService;
  http: HttpRegistration[];
  close(): Promise<void>;
}

/**
 * Reports and customer models, built once at start-up beside the chat: everything here listens to the chat's
 * events or runs on timers, never inside a reply.
 */
export async function startAnalytics(setup: AnalyticsSetup): Promise<Analytics> {
  const { logger } = setup;
  const reports = createReports({
    models: setup.models,
    meta: setup.repositories.meta,
    settings: {
      minIntentConfidence: setup.minIntentConfidence ?? DEFAULT_CHAT_SETTINGS.minIntentConfidence,
      outOfScopeIntent: OUT_OF_SCOPE_INTENT,
    },
    timeZone: setup.config.reportsTimeZone,
    events: setup.events,
    onError: (error) => logger.error({ err: error }, 'report rollup update failed'),
  });
  const rebuilt = await reports.start();
  if (rebuilt !== null) logger.info(rebuilt, 'report rollups rebuilt from the raw records');
  const models = createModelService({
    models: createModelStore(setup.models),
    reports: createReportStore(setup.models),
    timeZone: setup.config.reportsTimeZone,
    retrainHours: setup.config.analyticsRetrainHours,
    onError: (error) => logger.error({ err: error }, 'customer model training failed'),
  });
  models.start();
  // A first start trains in the background; the server answers meanwhile.
  if ((await models.output('customer-value')) === null) {
    models
      .retrain()
      .then((outcome) => logger.info(outcome, 'customer models trained'))
      .catch((error: unknown) => logger.error({ err: error }, 'customer model training failed'));
  }
  return {
    reports,
    models,
    http: [reports.http, analyticsModelRoutes(models)],
    async close() {
      reports.close();
      models.stop();
    },
  };
}
