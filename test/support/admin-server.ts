import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startAdmin, type Admin } from '../../server/admin/index.ts';
import type { Application } from '../../server/app.ts';
import { CATALOGUE, demoProductImagePath } from '../../server/data/seed/catalogue.ts';
import { seedDemoKnowledge } from '../../server/data/seed/seed-database.ts';
import { createVisitorChat, type VisitorChat } from '../../server/gateway/visitor-chat.ts';
import { silentLogger } from '../../server/shared/logger.ts';
import { consoleRoutes } from '../../server/web/console-routes.ts';
import { demoShop } from '../../server/web/demo-shop/routes.ts';
import { widgetRoutes } from '../../server/web/widget-routes.ts';
import { buildTestApp, testConfig } from './app.ts';
import { consoleBuild } from './console-page.ts';
import { startTestDatabase, type TestDatabase } from './database.ts';
import { widgetBuild } from './widget-server.ts';

export interface AdminServer {
  url: string;
  db: TestDatabase;
  admin: Admin;
  chat: VisitorChat;
  stop(): Promise<void>;
}

/**
 * The application as `npm start` wires it for the admin pages, in this process on 127.0.0.1, port 0: the real
 * NLP (the intent model trained from the files on this first start), the intent store seeded from them, the
 * shop's knowledge, training jobs on their worker thread, deploys followed by this node's chat (hot reload),
 * the built console and widget, and the demo shop's products.
 */
export async function startAdminServer(env: NodeJS.ProcessEnv = {}): Promise<AdminServer> {
  const [consoleAssets, widgetAssets] = await Promise.all([consoleBuild(), widgetBuild()]);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'concierge-admin-e2e-'));
  const db = await startTestDatabase();
  await db.repositories.products.insertMany(
    CATALOGUE.map(({ complements: _complements, ...entry }) => ({
      ...entry,
      currency: 'USD',
      imageUrl: demoProductImagePath(entry.sku),
      active: true,
    })),
  );
  await seedDemoKnowledge(db.repositories);
  const config = testConfig({ DATA_DIR: dataDir, ROUTING_MODE: 'manual', ...env });
  const logger = silentLogger();
  const chat = await createVisitorChat({
    config,
    logger,
    repositories: db.repositories,
    models: db.database.models,
    recommendationRefreshMs: 0,
  });
  const admin = await startAdmin({
    config,
    logger,
    repositories: db.repositories,
    connection: db.database.connection,
    chat,
    onKnowledgeChange: () => chat.knowledge.refresh(),
    deploymentPollMs: 0,
  });
  const app: Application = buildTestApp(
    { repositories: db.repositories, config, events: chat.events },
    {
      gateways: [chat.gateway],
      http: [
        chat.http,
        widgetRoutes({ build: widgetAssets }),
        consoleRoutes({ build: consoleAssets }),
        demoShop(),
        ...admin.http,
      ],
    },
  );
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`,
    db,
    admin,
    chat,
    async stop() {
      await app.close();
      await admin.close();
      await chat.close();
      await db.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
