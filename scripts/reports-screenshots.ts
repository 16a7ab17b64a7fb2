// tsx scripts/reports-screenshots.ts [--out docs/images]
//
// The screenshots of the console's Reports page in docs/reports.md, taken in Debian's headless Chromium from
// the real application over the demo data (90 days of synthetic history, customer models trained): the
// service report, a drill-down, the customer models, and an agent's own figures.
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { startEmbeddedMongo } from '../embedded-mongo/index.ts';
import { startAnalytics } from '../server/analytics/index.ts';
import { createApplication } from '../server/app.ts';
import { hashPassword } from '../server/auth/password.ts';
import { parseConfig, REPO_ROOT } from '../server/config.ts';
import { connectDatabase } from '../server/data/connection.ts';
import { createRepositories } from '../server/data/repositories/index.ts';
import { seedDemoData } from '../server/data/seed/seed-database.ts';
import { createEventBus } from '../server/events/event-bus.ts';
import { silentLogger } from '../server/shared/logger.ts';
import { consoleRoutes, loadConsoleBuild } from '../server/web/console-routes.ts';
import { launchChromium } from './frontend/chromium.ts';
import { consoleApp } from './frontend/console.ts';
import { ensureBuilt } from './frontend/frontend-app.ts';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'docs/images' } } });
const out = path.resolve(REPO_ROOT, values.out);
await mkdir(out, { recursive: true });
// Screenshots only: nobody signs in with these outside this throw-away database.
const PASSWORD = 'screenshot-only-passphrase-7319';

const outcome = await ensureBuilt(REPO_ROOT, consoleApp);
const build = loadConsoleBuild(outcome.outDir)!;
const dataDir = await mkdtemp(path.join(tmpdir(), 'concierge-reports-'));
const engine = await startEmbeddedMongo({ thread: 'worker', dataDir: path.join(dataDir, 'db') });
const database = await connectDatabase(engine.uri, { dbName: 'demo' });
const repositories = createRepositories(database.models);
await seedDemoData(repositories, { models: database.models });
const passwordHash = await hashPassword(PASSWORD);
await repositories.users.create({ email: 'lead@shop.test', name: 'Ada Lead', passwordHash, role: 'admin' });
const agent = (await repositories.users.list({ role: 'agent' })).items[0]!;
await database.models.User.updateOne({ _id: agent.id }, { $set: { passwordHash } });

const config = Object.freeze({
  ...parseConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'silent', REPORTS_TIME_ZONE: 'UTC' }),
  tokenSecret: 'screenshot-secret-that-is-long-enough-0123456789',
});
const logger = silentLogger();
const analytics = await startAnalytics({
  config,
  logger,
  models: database.models,
  repositories,
  events: createEventBus(),
});
await analytics.models.retrain();
const application = createApplication(
  { config, logger, repositories },
  { http: [consoleRoutes({ build }), ...analytics.http] },
);
await new Promise<void>((resolve) => application.httpServer.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(application.httpServer.address() as AddressInfo).port}`;

const browser = await launchChromium();
async function openReports(email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${url}/console/`);
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'Reports' }).click();
  await page.getByRole('heading', { name: 'Reports', level: 2 }).waitFor();
  return page;
}
const card = (page: Page, title: string) =>
  page
    .locator('section.cc-report-card')
    .filter({ has: page.getByRole('heading', { name: title, exact: true }) });

try {
  const page = await openReports('lead@shop.test');
  await card(page, 'Conversations by day').locator('canvas').waitFor();
  await page.screenshot({ path: path.join(out, 'console-reports-service.png') });
  // The page scrolls inside the console's frame: a tall window lets a section be shot whole.
  await page.setViewportSize({ width: 1400, height: 3400 });
  await page.locator('.cc-report-grid').screenshot({ path: path.join(out, 'console-reports-charts.png') });

  await page.setViewportSize({ width: 1400, height: 900 });
  const reasons = card(page, 'Escalation reasons');
  await reasons.getByRole('button', { name: 'Show data table' }).click();
  await reasons.getByRole('table').getByRole('button').first().click();
  await page.locator('[data-testid=drilldown-conversations]').waitFor();
  await page.locator('.cc-drilldown').screenshot({ path: path.join(out, 'console-reports-drilldown.png') });

  await page.getByRole('button', { name: 'Customer analytics' }).click();
  await page.getByTestId('forecast-verdict').waitFor();
  await page.setViewportSize({ width: 1400, height: 3400 });
  await page.locator('.cc-models').screenshot({ path: path.join(out, 'console-reports-models.png') });

  const agentPage = await openReports(agent.email);
  await card(agentPage, 'My conversations by day').locator('canvas').waitFor();
  await agentPage.screenshot({ path: path.join(out, 'console-reports-agent.png') });
  console.log(`screenshots in ${out}`);
} finally {
  await browser.close();
  await application.close();
  await analytics.close();
  await database.close();
  await engine.stop();
  await rm(dataDir, { recursive: true, force: true });
}
