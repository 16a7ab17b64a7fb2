import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import { loadIntentData } from '../../intents/loader.ts';
import type { HttpRegistration } from '../app.ts';
import type { ResolvedConfig } from '../config.ts';
import type { Repositories } from '../data/repositories/index.ts';
import type { EventBus } from '../events/event-bus.ts';
import { categoryEntries } from '../gateway/visitor-chat.ts';
import { adminIntentRoutes } from '../http/routes/admin-intents.ts';
import { adminKnowledgeRoutes } from '../http/routes/admin-knowledge.ts';
import { adminMisunderstoodRoutes } from '../http/routes/admin-misunderstood.ts';
import { adminModelRoutes } from '../http/routes/admin-models.ts';
import type { TextAnalyser } from '../http/routes/nlp.ts';
import type { Logger } from '../shared/logger.ts';
import { createCandidateAnalysers } from './candidate-analysers.ts';
import { createArtifactStore } from './data/artifacts.ts';
import { createMisunderstoodMessages } from './data/misunderstood-messages.ts';
import { createLeases } from './data/lease.ts';
import { ensureAdminIndexes, getAdminModels } from './data/models.ts';
import { followDeployments } from './deployment-follower.ts';
import { createModelDeployments, type MaterialisedModel, type ModelDeployments } from './deployments.ts';
import { createIntentStore, type IntentStore } from './intent-store.ts';
import {
  createMisunderstoodInbox,
  feedMisunderstoodInbox,
  type MisunderstoodInbox,
} from './misunderstood/inbox.ts';
import { createTrainingJobs, type TrainingJobs } from './training/job-runner.ts';

/** What the admin side needs of this node's chat. */
export interface ChatModelHost {
  analyser: TextAnalyser;
  swapModel(model: MaterialisedModel): Promise<void>;
}

export interface AdminSetup {
  config: ResolvedConfig;
  logger: Logger;
  repositories: Repositories;
  connection: Connection;
  chat: ChatModelHost;
  redis?: Redis | null;
  /** The chat's events: they feed the misunderstood inbox (without them the inbox only gets corrections). */
  events?: EventBus;
  /** The intent files the store is seeded from on the first start; defaults to intents/default/. */
  intentDir?: string;
  /** Told after a knowledge article changes, so the chat answers from the new text at once. */
  onKnowledgeChange?: () => Promise<unknown>;
  /** How often a node checks the deployment without an announcement (default 30 s). */
  deploymentPollMs?: number;
  /** Nice value of training threads (default 10). */
  trainingNice?: number;
}

export interface Admin {
  intents: IntentStore;
  jobs: TrainingJobs;
  deployments: ModelDeployments;
  misunderstood: MisunderstoodInbox;
  /** Loads the deployed model now if this node is behind (tests; nodes also follow on their own). */
  syncDeployment(): Promise<void>;
  /** Pass to `createApplication(deps, { http })`. */
  http: HttpRegistration[];
  close(): Promise<void>;
}

/**
 * The admin side (issue 13): the intent store seeded from the files on the first start, training jobs on a
 * worker thread, kept model versions with the deploy gate, every node following the deployed model (hot
 * reload), and the admin REST routes.
 */
export async function startAdmin(setup: AdminSetup): Promise<Admin> {
  const { config, logger, repositories } = setup;
  const files = await loadIntentData(setup.intentDir);
  const intents = createIntentStore({
    repository: repositories.intents,
    settings: files.settings,
    minExamples: config.intentMinExamples,
  });
  const { seeded } = await intents.seed(setup.intentDir);
  if (seeded > 0) logger.info({ intents: seeded }, 'intent store seeded from the intent files');

  const models = getAdminModels(setup.connection);
  await ensureAdminIndexes(models);
  const artifacts = createArtifactStore(setup.connection);
  const jobs = createTrainingJobs({
    models,
    leases: createLeases(models),
    artifacts,
    store: intents,
    logger,
    folds: config.trainingFolds,
    ...(setup.trainingNice !== undefined ? { nice: setup.trainingNice } : {}),
  });
  const deployments = createModelDeployments({
    models,
    artifacts,
    audit: repositories.audit,
    dataDir: config.dataDir,
    margin: config.deployGateMargin,
    redis: setup.redis ?? null,
  });
  const follower = await followDeployments({
    deployments,
    apply: (model) => setup.chat.swapModel(model),
    logger,
    redis: setup.redis ?? null,
    ...(setup.deploymentPollMs !== undefined ? { pollMs: setup.deploymentPollMs } : {}),
  });
  const entries = createMisunderstoodMessages(setup.connection);
  await entries.ensureIndexes();
  const misunderstood = createMisunderstoodInbox({
    entries,
    messages: repositories.messages,
    intents,
    knowledge: repositories.knowledge,
    threshold: config.misunderstoodConfidence,
    ...(setup.onKnowledgeChange ? { onKnowledgeChange: setup.onKnowledgeChange } : {}),
  });
  const stopFeeding = setup.events
    ? feedMisunderstoodInbox(misunderstood, setup.events, config.misunderstoodConfidence, logger)
    : () => {};
  const candidates = createCandidateAnalysers({
    deployments,
    settings: files.settings,
    catalogue: async () => {
      const products = await repositories.products.listActive();
      return {
        products: products.map((p) => ({ id: p.id, name: p.name })),
        categories: categoryEntries(products),
      };
    },
  });

  return {
    intents,
    jobs,
    deployments,
    misunderstood,
    syncDeployment: () => follower.sync(),
    http: [
      adminIntentRoutes(intents),
      adminKnowledgeRoutes(setup.onKnowledgeChange ? { onChange: setup.onKnowledgeChange } : {}),
      adminModelRoutes({
        jobs,
        deployments,
        candidates,
        deployed: setup.chat.analyser,
        loadedRevision: () => follower.appliedRevision(),
      }),
      adminMisunderstoodRoutes(misunderstood, intents),
    ],
    close: async () => {
      stopFeeding();
      await follower.close();
      await candidates.close();
      await jobs.close();
    },
  };
}
