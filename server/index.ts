/**
 * The service's entry point: the one place that reads the environment, opens the database, wires the
 * dependencies, listens and handles signals. Everything it builds can also be built by tests without it.
 */
import type { AddressInfo } from 'node:net';
import { createApplication, type Application, type GatewayRegistration } from './app.ts';
import { ConfigError, loadConfig, type ResolvedConfig } from './config.ts';
import { openDatabase, type OpenedDatabase } from './data/open-database.ts';
import { createRepositories } from './data/repositories/index.ts';
import { seedDemoData, seedDemoKnowledge } from './data/seed/seed-database.ts';
import { createLogger, type Logger } from './shared/logger.ts';
import { createVisitorChat } from './gateway/visitor-chat.ts';
import { attachRedisAdapter, connectRedis } from './shared/redis-adapter.ts';
import { nlpRoutes } from './http/routes/nlp.ts';
import { shopPages } from './http/routes/shop-pages.ts';
import { demoShop } from './web/demo-shop/routes.ts';
import { widgetRoutes } from './web/widget-routes.ts';
import { consoleRoutes } from './web/console-routes.ts';
import { startAnalytics } from './analytics/index.ts';
import { startWebhooks } from './webhooks/index.ts';
import { startAdmin } from './admin/index.ts';
import { startDataIo } from './crm/data-io.ts';
import { startRetention } from './privacy/retention.ts';
import { createMetricsRegistry } from './http/metrics.ts';
import { observeDatabaseCommands } from './shared/operator-metrics.ts';

async function loadConfigOrExit(): Promise<ResolvedConfig> {
  try {
    return await loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\nSee .env.example for every setting and its default.\n`);
    process.exit(1);
  }
}

function listeningUrl(config: ResolvedConfig, address: AddressInfo): string {
  const host = ['0.0.0.0', '::', ''].includes(address.address) ? 'localhost' : address.address;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

async function main(): Promise<void> {
  const config = await loadConfigOrExit();
  const logger = createLogger({ level: config.logLevel, pretty: config.env === 'development' });
  const cleanups: (() => Promise<void>)[] = [];
  try {
    await start(config, logger, cleanups);
  } catch (error) {
    // Release the data directory and connections before reporting, so a retry can start cleanly.
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    throw error;
  }
}

async function start(
  config: ResolvedConfig,
  logger: Logger,
  cleanups: (() => Promise<void>)[],
): Promise<void> {
  const metrics = createMetricsRegistry();
  const opened: OpenedDatabase = await openDatabase(config, logger, {
    monitorCommands: true,
    // Thrown on its own tick, so the uncaught-exception handler shuts down (exit code 1) as for any fatal error.
    onEngineCrash: (error) =>
      process.nextTick(() => {
        throw new Error(`the embedded database stopped unexpectedly: ${error.message}`);
      }),
  });
  cleanups.push(() => opened.close());
  observeDatabaseCommands(opened.database.connection.getClient(), metrics);
  logger.info({ database: opened.description, dbName: config.dbName }, 'database connected');
  const repositories = createRepositories(opened.database.models);

  if (config.seedDemoData) {
    await seedDemoData(repositories, { logger, models: opened.database.models });
    await seedDemoKnowledge(repositories, { logger });
  }
  if ((await repositories.users.count()) === 0) {
    logger.info(
      'no agent accounts yet: npm run user:create -- --email E --role admin (asks for the password)',
    );
  }

  // With several nodes, the chat's rate limits are shared through the same Redis as the socket.io adapter.
  const redis = config.redisUrl === undefined ? null : await connectRedis(config.redisUrl, logger);
  if (redis !== null) cleanups.push(async () => void (await redis.quit()));

  // The intent model is loaded (or trained when missing or stale) before the server listens, so /readyz
  // never answers 200 without it.
  const chat = await createVisitorChat({
    config,
    logger,
    repositories,
    models: opened.database.models,
    redis,
  });
  cleanups.push(async () => chat.close());
  const gateways: GatewayRegistration[] = [chat.gateway];
  const analytics = await startAnalytics({
    config,
    logger,
    models: opened.database.models,
    repositories,
    events: chat.events,
  });
  cleanups.push(() => analytics.close());
  const webhooks = startWebhooks({
    config,
    logger,
    repositories,
    events: chat.events,
    redis,
    metrics,
  });
  cleanups.push(() => webhooks.close());
  const admin = await startAdmin({
    config,
    logger,
    repositories,
    connection: opened.database.connection,
    chat,
    redis,
    events: chat.events,
    onKnowledgeChange: () => chat.knowledge.refresh(),
  });
  cleanups.push(() => admin.close());
  const dataIo = await startDataIo({
    config,
    logger,
    connection: opened.database.connection,
    repositories,
    events: chat.events,
  });
  cleanups.push(() => dataIo.close());
  const retention = startRetention({ days: config.retentionMessageDays, repositories, logger });
  cleanups.push(() => retention.close());

  const application: Application = createApplication(
    {
      config,
      logger,
      repositories,
      events: chat.events,
      metrics,
      readinessChecks: [
        { name: 'database', check: () => opened.database.ping() },
        { name: 'nlp', check: () => chat.assertReady() },
      ],
    },
    {
      gateways,
      // The demo storefront goes with the demo data (its product and help pages come first); without it the
      // chat's links still open the plain pages of shopPages.
      http: [
        chat.http,
        nlpRoutes(chat.analyser),
        widgetRoutes(),
        consoleRoutes(),
        ...(config.seedDemoData ? [demoShop()] : []),
        shopPages(repositories),
        ...analytics.http,
        ...admin.http,
        ...dataIo.http,
      ],
    },
  );

  if (config.redisUrl !== undefined) {
    cleanups.push(
      await attachRedisAdapter(application.io, config.redisUrl, logger, config.redisChannelPrefix),
    );
    logger.info('socket.io Redis adapter attached');
  }

  const { httpServer } = application;
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const url = listeningUrl(config, httpServer.address() as AddressInfo);
  // A plain line on stdout, whatever the log format, so people and scripts find the address.
  process.stdout.write(
    `Concierge listening on ${url}\n` +
      (config.seedDemoData ? `  demo shop  ${url}/\n` : '') +
      `  widget     ${url}/widget.js\n` +
      `  console    ${url}/console/\n` +
      `  API        ${url}/api/products\n` +
      `  health     ${url}/healthz  ${url}/readyz\n` +
      `  metrics    ${url}/metrics\n`,
  );

  installShutdown(application, cleanups, config, logger);
}

function installShutdown(
  application: Application,
  cleanups: (() => Promise<void>)[],
  config: ResolvedConfig,
  logger: Logger,
): void {
  let shuttingDown = false;
  const shutdown = async (reason: string, exitCode: number) => {
    if (shuttingDown) {
      logger.warn({ reason }, 'second signal: exiting now');
      process.exit(1);
    }
    shuttingDown = true;
    logger.info({ reason }, 'shutting down');
    const deadline = setTimeout(() => {
      logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown deadline passed: exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    deadline.unref();
    try {
      await application.close();
      for (const cleanup of cleanups.reverse()) await cleanup();
      logger.info('shutdown complete');
      process.exitCode = exitCode;
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exitCode = 1;
    } finally {
      clearTimeout(deadline);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
  process.on('SIGINT', () => void shutdown('SIGINT', 0));
  process.on('unhandledRejection', (error) => {
    logger.fatal({ err: error }, 'unhandled promise rejection');
    void shutdown('unhandledRejection', 1);
  });
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception');
    void shutdown('uncaughtException', 1);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Concierge failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
