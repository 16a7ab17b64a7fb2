import type { Connection } from 'mongoose';
import { createLeases } from '../admin/data/lease.ts';
import { getAdminModels } from '../admin/data/models.ts';
import type { HttpRegistration } from '../app.ts';
import type { ResolvedConfig } from '../config.ts';
import { ensureIndexes, getModels } from '../data/models/index.ts';
import type { Repositories } from '../data/repositories/index.ts';
import type { EventBus } from '../events/event-bus.ts';
import { dataIoRoutes } from '../http/routes/data-io.ts';
import type { Logger } from '../shared/logger.ts';
import { createImportJobs, type ImportJobs } from './import/import-jobs.ts';
import { getImportJobModels } from './import/job-models.ts';

export interface DataIo {
  jobs: ImportJobs;
  /** Pass to `createApplication(deps, { http })`. */
  http: HttpRegistration[];
  /** Stops the import phases this node runs after their current batch. */
  close(): Promise<void>;
}

/** Imports and exports from the console and the API (issue 15; docs/import.md). */
export async function startDataIo(setup: {
  config: ResolvedConfig;
  logger: Logger;
  connection: Connection;
  repositories: Repositories;
  events?: EventBus;
}): Promise<DataIo> {
  const jobModels = getImportJobModels(setup.connection);
  await ensureIndexes(jobModels);
  const models = getModels(setup.connection);
  const jobs = createImportJobs({
    connection: setup.connection,
    jobModels,
    models,
    repositories: setup.repositories,
    leases: createLeases(getAdminModels(setup.connection)),
    events: setup.events,
    logger: setup.logger,
    maxBytes: setup.config.importMaxBytes,
  });
  return { jobs, http: [dataIoRoutes({ jobs, models })], close: () => jobs.stop() };
}
