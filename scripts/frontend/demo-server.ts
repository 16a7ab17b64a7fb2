import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedMongo } from '../../embedded-mongo/index.ts';
import { createApplication } from '../../server/app.ts';
import { VISITOR_NAMESPACE } from '../../server/contracts/visitor-events.ts';
import { parseConfig } from '../../server/config.ts';
import type { ChatDeps } from '../../server/conversation/chat-deps.ts';
import { createChatRepository } from '../../server/data/chat/index.ts';
import { connectDatabase } from '../../server/data/connection.ts';
import { createRepositories, type Repositories } from '../../server/data/repositories/index.ts';
import { seedDemoData } from '../../server/data/seed/seed-database.ts';
import { createVisitorChat } from '../../server/gateway/visitor-chat.ts';
import { createSocketNotifier, type VisitorNamespace } from '../../server/gateway/socket-notifier.ts';
import { silentLogger } from '../../server/shared/logger.ts';
import { demoShop } from '../../server/web/demo-shop/routes.ts';
import { loadWidgetBuild } from '../../server/web/widget-build.ts';
import { widgetRoutes } from '../../server/web/widget-routes.ts';

export interface DemoServer {
  url: string;
  repositories: Repositories;
  /** What the agent-side domain functions (assignAgent, agentReply…) need, until the console exists. */
  handoff: Pick<ChatDeps, 'repositories' | 'chatData' | 'events' | 'notifier'>;
  stop(): Promise<void>;
}

/**
 * The application as `npm start` runs it (trained NLP, the demo data, the widget and the demo shop), in this
 * process on 127.0.0.1 and port 0, over a throw-away data directory: for bench:widget and the widget's
 * screenshots. The intent model is trained on the first start, as on a fresh clone.
 */
export async function startDemoServer(): Promise<DemoServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'concierge-demo-'));
  const engine = await startEmbeddedMongo({ thread: 'worker', dataDir: path.join(dataDir, 'db') });
  const database = await connectDatabase(engine.uri, { dbName: 'demo' });
  const repositories = createRepositories(database.models);
  await seedDemoData(repositories);
  const config = Object.freeze({
    ...parseConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
    tokenSecret: 'demo-server-secret-that-is-long-enough-0123456789',
  });
  const logger = silentLogger();
  const chat = await createVisitorChat({ config, logger, repositories, models: database.models });
  const application = createApplication(
    { config, logger, repositories },
    { gateways: [chat.gateway], http: [widgetRoutes({ build: loadWidgetBuild() }), demoShop()] },
  );
  await new Promise<void>((resolve) => application.httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = application.httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    repositories,
    handoff: {
      repositories,
      chatData: createChatRepository(database.models),
      events: chat.events,
      notifier: createSocketNotifier(application.io.of(VISITOR_NAMESPACE) as unknown as VisitorNamespace),
    },
    async stop() {
      await application.close();
      await chat.close();
      await database.close();
      await engine.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
