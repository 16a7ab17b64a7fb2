import type { AddressInfo } from 'node:net';
import {
  buildRecommendationModel,
  type RecommendationModel,
} from '../../server/analytics/recommendations/model.ts';
import { recommendationSourceFrom } from '../../server/analytics/recommendations/repository-source.ts';
import type { Application, GatewayRegistration, HttpRegistration } from '../../server/app.ts';
import type { ChatDeps } from '../../server/conversation/chat-deps.ts';
import { createChatRepository } from '../../server/data/chat/index.ts';
import type { ProductRecord } from '../../server/data/records.ts';
import { CATALOGUE, demoProductImagePath } from '../../server/data/seed/catalogue.ts';
import { createEventBus, type EventBus } from '../../server/events/event-bus.ts';
import { chatGateways } from '../../server/gateway/chat-composition.ts';
import { demoShop } from '../../server/web/demo-shop/routes.ts';
import { loadWidgetBuild, type WidgetBuild } from '../../server/web/widget-build.ts';
import { widgetRoutes } from '../../server/web/widget-routes.ts';
import { REPO_ROOT, type ResolvedConfig } from '../../server/config.ts';
import { widgetApp } from '../../scripts/frontend/widget.ts';
import { ensureBuilt } from '../../scripts/frontend/frontend-app.ts';
import { TEST_INTENTS } from '../chat/support/intents.ts';
import { scriptedAnalyser } from '../chat/support/scripted-analyser.ts';
import { buildTestApp, testConfig } from './app.ts';
import { startTestDatabase, type TestDatabase } from './database.ts';

let built: Promise<WidgetBuild> | undefined;

/** Builds the widget when its sources changed (as `npm start` does) and loads it; once per test process. */
export function widgetBuild(): Promise<WidgetBuild> {
  built ??= ensureBuilt(REPO_ROOT, widgetApp).then((outcome) => {
    const build = loadWidgetBuild(outcome.outDir);
    if (!build) throw new Error(`no widget build in ${outcome.outDir}`);
    return build;
  });
  return built;
}

export interface WidgetServerOptions {
  env?: NodeJS.ProcessEnv;
  /** More namespaces (the agent console's) beside /visitor. */
  gateways?: (context: { deps: () => ChatDeps }) => GatewayRegistration[];
  http?: HttpRegistration[];
  /** Routes that need the database (the admin side): built once before the first listen, closed by `stop`. */
  withDatabase?: (setup: {
    db: TestDatabase;
    config: ResolvedConfig;
    events: EventBus;
  }) => Promise<{ http: HttpRegistration[]; close(): Promise<void> }>;
}

export interface WidgetServer {
  /** http://127.0.0.1:<port>; the same after `restart`. */
  url: string;
  db: TestDatabase;
  /** The scripted NLP: `analyser.when('hi', { intent: 'greeting' })`. */
  analyser: ReturnType<typeof scriptedAnalyser>;
  events: EventBus;
  catalogue: ProductRecord[];
  app(): Application;
  /** The chat's dependencies, for the agent-side domain functions (assignAgent, agentReply…). */
  deps(): ChatDeps;
  /** Stops the HTTP and socket server (every socket dropped); the database stays. */
  pause(): Promise<void>;
  /** Starts a new server on the same port and database. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The widget's whole server side in one process on 127.0.0.1, port 0: /visitor with a scripted NLP, the built
 * widget, the demo shop over the demo catalogue (products only). The e2e specs of the widget use it; the agent
 * console's specs add their gateway through `options.gateways`.
 */
export async function startWidgetServer(options: WidgetServerOptions = {}): Promise<WidgetServer> {
  const build = await widgetBuild();
  const db = await startTestDatabase();
  const catalogue = await db.repositories.products.insertMany(
    CATALOGUE.map(({ complements: _complements, ...entry }) => ({
      ...entry,
      currency: 'USD',
      imageUrl: demoProductImagePath(entry.sku),
      active: true,
    })),
  );
  // The catalogue as the chat's recommender sees it (cards with their sku, page and picture), no purchases.
  const model: RecommendationModel = buildRecommendationModel(
    [],
    await recommendationSourceFrom(db.repositories).loadCatalogue(),
  );
  const analyser = scriptedAnalyser();
  const events = createEventBus();
  const config = testConfig({
    WIDGET_ORIGINS: 'https://shop.example',
    ROUTING_MODE: 'manual',
    ...options.env,
  });
  const chatData = createChatRepository(db.database.models);
  const extra = (await options.withDatabase?.({ db, config, events })) ?? { http: [], close: async () => {} };
  let chatDeps: ChatDeps | null = null;
  const gatewayOptions = {
    analyser,
    intents: TEST_INTENTS,
    recommendations: () => model,
    chatData,
    events,
  };

  let port = 0;
  let app: Application;
  const start = async () => {
    const chat = chatGateways(gatewayOptions);
    app = buildTestApp(
      { repositories: db.repositories, config },
      {
        gateways: [chat.gateway, ...(options.gateways?.({ deps: () => chatDeps! }) ?? [])],
        http: [widgetRoutes({ build }), demoShop(), chat.http, ...(options.http ?? []), ...extra.http],
      },
    );
    chatDeps = chat.deps;
    await new Promise<void>((resolve, reject) => {
      app.httpServer.once('error', reject);
      app.httpServer.listen(port, '127.0.0.1', () => resolve());
    });
    port = (app.httpServer.address() as AddressInfo).port;
  };
  await start();

  return {
    url: `http://127.0.0.1:${port}`,
    db,
    analyser,
    events,
    catalogue,
    app: () => app,
    deps: () => chatDeps!,
    async pause() {
      await app.close();
    },
    resume: start,
    async stop() {
      await app.close();
      await extra.close();
      await events.drain();
      await db.stop();
    },
  };
}
