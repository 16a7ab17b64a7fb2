import path from 'node:path';
import type { Redis } from 'ioredis';
import { loadIntentData } from '../../intents/loader.ts';
import { loadReplyTemplates } from '../../intents/replies.ts';
import { createReplies } from '../replies/replies.ts';
import { ensureIntentModel } from '../../nlp/model-store.ts';
import { NlpWorkerStoppedError, startNlpWorker, type NlpWorker } from '../../nlp/worker/start-worker.ts';
import type { TextAnalyser } from '../http/routes/nlp.ts';
import type { GatewayRegistration, HttpRegistration } from '../app.ts';
import {
  createRecommendationService,
  type RecommendationService,
} from '../analytics/recommendations/service.ts';
import { recommendationSourceFrom } from '../analytics/recommendations/repository-source.ts';
import type { ResolvedConfig } from '../config.ts';
import type { ChatSettings } from '../conversation/chat-deps.ts';
import { createChatRepository } from '../data/chat/index.ts';
import type { Models } from '../data/models/index.ts';
import type { Repositories } from '../data/repositories/index.ts';
import { createEventBus, type EventBus } from '../events/event-bus.ts';
import {
  createKnowledgeService,
  knowledgeEntries,
  type KnowledgeService,
} from '../knowledge/knowledge-service.ts';
import type { Logger } from '../shared/logger.ts';
import type { VisitorRateLimits } from './rate-limiter.ts';
import { chatGateways, type ChatGateways } from './chat-composition.ts';
import type { CookieAuthenticator } from './agent-gateway.ts';

export interface VisitorChatSetup {
  config: ResolvedConfig;
  logger: Logger;
  repositories: Repositories;
  models: Models;
  /** Intent data directory; defaults to the shipped English set. */
  intentDir?: string;
  /** Where the trained intent model is kept; trained once when missing or stale. */
  modelPath?: string;
  redis?: Redis | null;
  /** How often recommendations are rebuilt from the order history. */
  recommendationRefreshMs?: number;
  /** How often the knowledge articles are checked for edits (0: only on `knowledge.refresh()`). */
  knowledgeRefreshMs?: number;
  rateLimits?: VisitorRateLimits;
  settings?: Partial<ChatSettings>;
  /** The console's cookie session for the /agent handshake. */
  cookieAuth?: CookieAuthenticator;
}

export interface VisitorChat {
  /** Pass to `createApplication(deps, { gateways: [chat.gateway] })`: /visitor and /agent, wired once. */
  gateway: GatewayRegistration;
  /** The agent REST routes over the same wiring: pass in `http`. */
  http: HttpRegistration;
  gateways: ChatGateways;
  events: EventBus;
  /** The chat's NLP worker, full analysis included (tokens), for `POST /api/nlp/parse`. */
  analyser: TextAnalyser;
  recommendations: RecommendationService;
  /** The shop's knowledge articles; `refresh()` after an edit makes the chat answer from the new text. */
  knowledge: KnowledgeService;
  /** For /readyz: throws while the NLP worker cannot answer (restarting after a crash, or failed). */
  assertReady(): void;
  /** Stops the recommendation schedule and the NLP worker; the gateway itself closes with the application. */
  close(): Promise<void>;
}

/**
 * Everything the visitor chat needs, built once at start-up: the NLP pipeline over the trained intent model
 * (loaded, or trained when missing) and the catalogue for entity matching, on its own worker thread; the
 * recommendation model and its schedule, the event bus, and the /visitor gateway registration.
 */
export async function createVisitorChat(setup: VisitorChatSetup): Promise<VisitorChat> {
  const { config, logger, repositories } = setup;
  const data = await loadIntentData(setup.intentDir);
  const modelPath = setup.modelPath ?? path.join(config.dataDir, 'models', 'intent-model.json');
  const products = await repositories.products.listActive();
  // Loaded before the NLP thread starts, which indexes them; later edits reach the thread through onChange.
  let nlpThread: NlpWorker | null = null;
  const knowledge = createKnowledgeService({
    repository: repositories.knowledge,
    onChange: (entries) => nlpThread?.setKnowledge(entries),
    refreshIntervalMs: setup.knowledgeRefreshMs ?? 60_000,
    onError: (error) => logger.error({ err: error }, 'knowledge refresh failed'),
  });
  await knowledge.refresh();
  const catalogue = {
    products: products.map((p) => ({ id: p.id, name: p.name })),
    categories: categoryEntries(products),
  };
  // The analysis (~16% of the main thread's CPU at 1,000 msg/s) runs on its own thread, off the event loop. The
  // worker loads the saved model itself; only when there is none for this data is it trained here (and saved)
  // and the worker started again, so a normal start reads the model once.
  const start = (): Promise<NlpWorker> =>
    startNlpWorker({
      modelPath,
      dataHash: data.hash,
      settings: data.settings,
      catalogue,
      knowledge: knowledgeEntries(knowledge.current().values()),
      onEvent: (event) => {
        if (event.type === 'crashed') {
          logger.error(
            { err: event.error, rejected: event.rejected, restarting: event.restarting },
            'NLP worker stopped unexpectedly',
          );
        } else if (event.type === 'restarted') {
          logger.info('NLP worker restarted');
        } else {
          logger.error({ err: event.error }, 'NLP worker could not be restarted: messages are refused');
        }
      },
    });
  const nlp = await start().catch(async (error: unknown) => {
    if (!(error instanceof NlpWorkerStoppedError && error.modelUnavailable)) throw error;
    const model = await ensureIntentModel({ modelPath, data });
    if (model.trained) logger.info({ reason: model.reason }, 'intent model trained');
    return start();
  });

  const events = createEventBus({
    onListenerError: ({ event, error }) => logger.error({ err: error, event }, 'event listener failed'),
  });
  const recommendations = createRecommendationService({
    source: recommendationSourceFrom(repositories),
    refreshIntervalMs: setup.recommendationRefreshMs ?? 10 * 60_000,
    onError: (error) => logger.error({ err: error }, 'recommendation rebuild failed'),
  });
  try {
    await recommendations.refresh();
  } catch (error) {
    await nlp.close();
    throw error;
  }
  recommendations.start();
  nlpThread = nlp;
  knowledge.start();

  // Product answers read the catalogue most popular first, as the recommendation model counts buyers.
  const popularity = recommendations.current().popularity;
  const byPopularity = [...products].sort(
    (a, b) => (popularity.get(b.id) ?? 0) - (popularity.get(a.id) ?? 0) || a.sku.localeCompare(b.sku),
  );
  const replies = createReplies(await loadReplyTemplates(setup.intentDir));
  const gateways = chatGateways({
    knowledge: () => knowledge.current(),
    products: () => byPopularity,
    replies,
    analyser: nlp,
    intents: data.intents,
    recommendations: () => recommendations.current(),
    chatData: createChatRepository(setup.models),
    events,
    redis: setup.redis ?? null,
    ...(setup.rateLimits ? { rateLimits: setup.rateLimits } : {}),
    ...(setup.settings ? { settings: setup.settings } : {}),
    ...(setup.cookieAuth ? { cookieAuth: setup.cookieAuth } : {}),
  });
  return {
    gateway: gateways.gateway,
    http: gateways.http,
    gateways,
    events,
    analyser: { analyse: (text) => nlp.analyseWithTokens(text) },
    recommendations,
    knowledge,
    assertReady: () => nlp.assertReady(),
    close: async () => {
      recommendations.stop();
      knowledge.stop();
      await nlp.close();
    },
  };
}

/**
 * Categories as visitors name them: the category itself ("audio") and the product tags found in that category
 * only ("headphones", "earbuds"), so "recommend me headphones" narrows to audio. A tag used in several
 * categories ("wireless") names none of them.
 */
export function categoryEntries(
  products: readonly { category: string; tags: readonly string[] }[],
): { id: string; name: string; aliases: string[] }[] {
  const categoriesOfTag = new Map<string, Set<string>>();
  for (const product of products) {
    for (const tag of product.tags) {
      const key = tag.trim().toLowerCase();
      if (key.length === 0) continue;
      const set = categoriesOfTag.get(key) ?? new Set<string>();
      set.add(product.category);
      categoriesOfTag.set(key, set);
    }
  }
  const aliases = new Map<string, string[]>();
  for (const product of products) aliases.set(product.category, aliases.get(product.category) ?? []);
  for (const [tag, categories] of categoriesOfTag) {
    if (categories.size !== 1) continue;
    const [category] = categories;
    if (tag !== category) aliases.get(category!)!.push(tag);
  }
  return [...aliases]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([category, tags]) => ({ id: category, name: category, aliases: tags.sort() }));
}
