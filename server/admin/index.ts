import { loadIntentData } from '../../intents/loader.ts';
import type { HttpRegistration } from '../app.ts';
import type { ResolvedConfig } from '../config.ts';
import type { Repositories } from '../data/repositories/index.ts';
import { adminIntentRoutes } from '../http/routes/admin-intents.ts';
import { adminKnowledgeRoutes } from '../http/routes/admin-knowledge.ts';
import type { Logger } from '../shared/logger.ts';
import { createIntentStore, type IntentStore } from './intent-store.ts';

export interface AdminSetup {
  config: ResolvedConfig;
  logger: Logger;
  repositories: Repositories;
  /** The intent files the store is seeded from on the first start; defaults to intents/default/. */
  intentDir?: string;
  /** Told after a knowledge article changes, so the chat answers from the new text at once. */
  onKnowledgeChange?: () => Promise<unknown>;
}

export interface Admin {
  intents: IntentStore;
  /** Pass to `createApplication(deps, { http })`. */
  http: HttpRegistration[];
  close(): Promise<void>;
}

/**
 * The admin side (issue 13): the intent store seeded from the files on the first start, and the admin REST
 * routes over it and over the knowledge articles.
 */
export async function startAdmin(setup: AdminSetup): Promise<Admin> {
  const files = await loadIntentData(setup.intentDir);
  const intents = createIntentStore({
    repository: setup.repositories.intents,
    settings: files.settings,
    minExamples: setup.config.intentMinExamples,
  });
  const { seeded } = await intents.seed(setup.intentDir);
  if (seeded > 0) setup.logger.info({ intents: seeded }, 'intent store seeded from the intent files');
  return {
    intents,
    http: [
      adminIntentRoutes(intents),
      adminKnowledgeRoutes(setup.onKnowledgeChange ? { onChange: setup.onKnowledgeChange } : {}),
    ],
    close: async () => {},
  };
}
