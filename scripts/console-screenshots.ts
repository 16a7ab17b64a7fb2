// tsx scripts/console-screenshots.ts [--out docs/images] [--only admin]
//
// The screenshots in docs/console.md, taken in Debian's headless Chromium from the real application (trained
// NLP, the demo data, the widget on the demo shop, the agent namespace and the console): three visitors ask
// for a person, one of them a signed-in customer of the demo shop (identified with the shop's HMAC, so the
// side panel shows their real demo orders); an agent signs in to the console, takes that conversation,
// answers, opens a message's analysis and a ticket. Then the admin pages (docs/admin.md): an admin adds the
// intent gift_wrapping, trains (the progress bar), reads the candidate's report, deploys it, tries a sentence on
// both models, and sees the gate refuse a candidate whose greeting examples were replaced by nonsense; visitors
// whose messages the bot does not understand fill the Misunderstood inbox, which an admin opens with the Team
// page (`--only admin` takes just these two).
import { createHmac } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { startEmbeddedMongo } from '../embedded-mongo/index.ts';
import { startAdmin } from '../server/admin/index.ts';
import { createApplication } from '../server/app.ts';
import { hashPassword } from '../server/auth/password.ts';
import { parseConfig, REPO_ROOT } from '../server/config.ts';
import { connectDatabase } from '../server/data/connection.ts';
import { createRepositories } from '../server/data/repositories/index.ts';
import { seedDemoData, seedDemoKnowledge } from '../server/data/seed/seed-database.ts';
import { createVisitorChat } from '../server/gateway/visitor-chat.ts';
import { silentLogger } from '../server/shared/logger.ts';
import { consoleRoutes } from '../server/web/console-routes.ts';
import { demoShop } from '../server/web/demo-shop/routes.ts';
import { widgetRoutes } from '../server/web/widget-routes.ts';
import { GIFT_WRAPPING_EXAMPLES, GIFT_WRAPPING_RESPONSE, nonsense } from '../test/support/admin-fixtures.ts';
import { launchChromium } from './frontend/chromium.ts';
import { FRONTEND_APPS } from './frontend/apps.ts';
import { ensureBuilt } from './frontend/frontend-app.ts';

const IDENTITY_SECRET = 'demo-identity-secret-that-is-long-enough-0123456789';
const PASSWORD = 'a long demo passphrase';
const hmac = (value: string) => createHmac('sha256', IDENTITY_SECRET).update(value).digest('hex');

async function startServer() {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'concierge-console-shots-'));
  const engine = await startEmbeddedMongo({ thread: 'worker', dataDir: path.join(dataDir, 'db') });
  const database = await connectDatabase(engine.uri, { dbName: 'demo' });
  const repositories = createRepositories(database.models);
  await seedDemoData(repositories);
  await seedDemoKnowledge(repositories, {});
  const config = Object.freeze({
    ...parseConfig({
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      ROUTING_MODE: 'manual',
      IDENTITY_SECRET,
      // Three folds keep the two trainings of the admin pages' screenshots short on a small machine.
      TRAINING_FOLDS: '3',
    }),
    tokenSecret: 'demo-server-secret-that-is-long-enough-0123456789',
  });
  const logger = silentLogger();
  const chat = await createVisitorChat({ config, logger, repositories, models: database.models });
  const admin = await startAdmin({
    config,
    logger,
    repositories,
    connection: database.connection,
    chat,
    events: chat.events,
    onKnowledgeChange: () => chat.knowledge.refresh(),
  });
  const application = createApplication(
    { config, logger, repositories, events: chat.events },
    {
      gateways: [chat.gateway],
      http: [chat.http, widgetRoutes(), consoleRoutes(), demoShop(), ...admin.http],
    },
  );
  await new Promise<void>((resolve) => application.httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = application.httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    repositories,
    events: chat.events,
    async stop() {
      await application.close();
      await admin.close();
      await chat.close();
      await database.close();
      await engine.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A visitor on the demo shop who says each line in turn (waiting for the bot's answer to each). */
async function visitor(browser: Browser, url: string, lines: string[], identity?: Record<string, string>) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${url}/`);
  await page.getByRole('button', { name: 'Open chat', exact: true }).click();
  if (identity) {
    await page.evaluate(
      (payload) =>
        (window as unknown as { Concierge: { identify(p: unknown): Promise<unknown> } }).Concierge.identify(
          payload,
        ),
      identity,
    );
  }
  const box = page.getByRole('textbox', { name: 'Message', exact: true });
  for (const [index, line] of lines.entries()) {
    await box.fill(line);
    await box.press('Enter');
    await page.waitForFunction(
      (count) =>
        (document.querySelector('[data-concierge-widget]')?.shadowRoot?.querySelectorAll('.cc-from-bot')
          .length ?? 0) >= count,
      index + 1,
    );
  }
  return page;
}

const settle = (page: Page) =>
  page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

type Server = Awaited<ReturnType<typeof startServer>>;

/** The admin pages (docs/admin.md): the Misunderstood inbox filled by visitors, and the Team page. */
async function adminPages(browser: Browser, server: Server, out: string): Promise<void> {
  const admin = await server.repositories.users.create({
    email: 'ada@northwind.example',
    name: 'Ada',
    passwordHash: await hashPassword(PASSWORD),
    role: 'admin',
  });
  // Things a shop's visitors ask that the shipped intents do not cover (a loyalty programme, small talk), with
  // the personal data the inbox masks.
  await visitor(browser, server.url, ['do you have a loyalty card?', 'is there a loyalty programme']);
  await visitor(browser, server.url, [
    'loyalty points for my order ORD-10042?',
    'my email is jane.miller@example.com, add me to the loyalty scheme',
  ]);
  await visitor(browser, server.url, ['what is the weather like today', 'tell me a joke']);
  await visitor(browser, server.url, ['is engraving possible?', 'blorp zzz']);
  await server.events.drain();

  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/console/`);
  await page.getByRole('textbox', { name: 'Email' }).fill(admin.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Connected', { exact: true }).waitFor();
  await page.getByRole('link', { name: 'Misunderstood' }).click();
  await page.getByRole('article').first().waitFor();
  const first = page.getByRole('article').first();
  await first.getByRole('combobox', { name: 'Add to' }).selectOption('intent:store_info');
  await settle(page);
  await page.screenshot({ path: path.join(out, 'console-misunderstood.png') });

  await page.getByRole('link', { name: 'Team' }).click();
  const kim = await server.repositories.users.findByEmail('kim@northwind.example');
  if (kim) await page.getByRole('button', { name: `Deactivate ${kim.name}` }).click();
  await page.getByRole('status').filter({ hasText: 'deactivated' }).waitFor();
  await page.getByRole('cell', { name: 'user.deactivate' }).first().waitFor();
  await settle(page);
  await page.screenshot({ path: path.join(out, 'console-team.png'), fullPage: true });
  await context.close();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { out: { type: 'string', default: 'docs/images' }, only: { type: 'string' } },
  });
  const out = path.resolve(REPO_ROOT, values.out);
  await mkdir(out, { recursive: true });
  for (const app of FRONTEND_APPS) await ensureBuilt(REPO_ROOT, app);
  process.stdout.write('starting the application (trains the intent model on a fresh clone)…\n');
  const server = await startServer();
  const browser = await launchChromium();
  try {
    const agent = await server.repositories.users.create({
      email: 'sam@northwind.example',
      name: 'Sam',
      passwordHash: await hashPassword(PASSWORD),
      role: 'agent',
    });
    const colleague = await server.repositories.users.create({
      email: 'kim@northwind.example',
      name: 'Kim',
      passwordHash: await hashPassword(PASSWORD),
      role: 'agent',
    });
    await server.repositories.users.setPresence(colleague.id, 'online');
    if (values.only === 'admin') {
      await adminPages(browser, server, out);
      return;
    }

    const consoleContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await consoleContext.newPage();
    await page.goto(`${server.url}/console/`);
    await page.getByRole('textbox', { name: 'Email' }).fill(agent.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Connected', { exact: true }).waitFor();
    await page.getByRole('combobox', { name: 'Status' }).selectOption('online');

    // A demo customer with orders, signed in on the shop: the shop's backend signs their id and email.
    const customers = await server.repositories.contacts.list({}, { page: 1, limit: 50 });
    let customer = customers.items[0]!;
    for (const candidate of customers.items) {
      if ((await server.repositories.orders.listByContact(candidate.id, 3)).length >= 2) {
        customer = candidate;
        break;
      }
    }
    const email = customer.emails[0]!;
    const userId = `shop-user-${customer.id.slice(-6)}`;
    const known = await visitor(
      browser,
      server.url,
      [
        'Where is my order?',
        'I want to return the charging pad, it stopped working',
        'I want to talk to a person',
      ],
      {
        userId,
        email,
        name: customer.name ?? 'Customer',
        userHash: hmac(userId),
        emailHash: hmac(email),
      },
    );
    await visitor(browser, server.url, [
      'This is the third time I write, my package never arrived and nobody answers!',
      'Let me talk to a human',
    ]);
    await visitor(browser, server.url, ['Can I speak to a human please?']);

    await page
      .getByRole('tabpanel')
      .locator('button[data-conversation-id]')
      .nth(2)
      .waitFor()
      .catch(async (error: unknown) => {
        await page.screenshot({ path: path.join(out, 'debug-console.png') });
        await known.screenshot({ path: path.join(out, 'debug-visitor.png') });
        throw error;
      });
    await settle(page);
    await page.screenshot({ path: path.join(out, 'console-inbox.png') });

    await page.getByRole('tabpanel').locator('button[data-conversation-id]').first().click();
    await page.getByRole('button', { name: 'Take over' }).click();
    await page.getByRole('button', { name: 'Resolve' }).waitFor();
    const reply = page.getByRole('textbox', { name: 'Reply' });
    await reply.fill(`Hi ${customer.name?.split(' ')[0] ?? 'there'}, I'm Sam. Let me check your orders.`);
    await reply.press('Enter');
    const box = known.getByRole('textbox', { name: 'Message', exact: true });
    await box.fill('My last order has not arrived yet, can you check the tracking?');
    await box.press('Enter');
    await page.locator('.cc-transcript').getByText('can you check the tracking?').waitFor();
    const analysis = page.locator('details.cc-analysis').last();
    await analysis
      .getByText(/order_status|tracking|delivery/)
      .first()
      .waitFor()
      .catch(() => {});
    await analysis.locator('summary').click();
    await page.getByRole('checkbox', { name: 'Private note' }).check();
    await reply.fill('Carrier shows a delay; offer the express upgrade if it is not there by Friday.');
    await reply.press('Enter');
    await page.getByText(/^Note by Sam/).waitFor();
    await settle(page);
    await page.screenshot({ path: path.join(out, 'console-conversation.png') });

    const side = page.getByRole('complementary', { name: 'Customer' });
    const ticket = side.getByRole('region', { name: 'Tickets' }).getByRole('button').first();
    if ((await ticket.count()) > 0) await ticket.click();
    // Tall enough for the whole panel (contact, orders, the open ticket, past conversations).
    await page.setViewportSize({ width: 1440, height: 1300 });
    await settle(page);
    const box2 = await side.boundingBox();
    if (box2 !== null) {
      await page.screenshot({
        path: path.join(out, 'console-side-panel.png'),
        clip: { x: box2.x, y: box2.y, width: box2.width, height: Math.min(box2.height, 1300 - box2.y) },
      });
    }
    await consoleContext.close();
    await adminScreenshots(browser, server.url, server.repositories, out);
    await adminPages(browser, server, out);
  } finally {
    await browser.close();
    await server.stop();
  }
  process.stdout.write(`screenshots written to ${out}\n`);
}

type Repositories = Awaited<ReturnType<typeof startServer>>['repositories'];

/** The admin pages: Intents, Training (progress, report, gate), Try it, Knowledge. */
async function adminScreenshots(browser: Browser, url: string, repositories: Repositories, out: string) {
  const user = await repositories.users.create({
    email: 'alex@northwind.example',
    name: 'Alex',
    passwordHash: await hashPassword(PASSWORD),
    role: 'admin',
  });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(`${url}/console/`);
  await page.getByRole('textbox', { name: 'Email' }).fill(user.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const open = async (name: string) => {
    await page.getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { level: 2, name }).waitFor();
  };
  const train = async () => {
    await open('Training');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.getByRole('progressbar').waitFor();
    const ready = page.getByRole('status').filter({ hasText: /Candidate v\d+ is ready/ });
    await ready.waitFor({ timeout: 900_000 });
  };

  await open('Intents');
  await page.getByRole('button', { name: 'New intent' }).click();
  await page.getByRole('textbox', { name: 'Name' }).fill('gift_wrapping');
  await page.getByRole('textbox', { name: 'Examples' }).fill(GIFT_WRAPPING_EXAMPLES.slice(0, 14).join('\n'));
  await page.getByRole('textbox', { name: 'Response' }).fill(GIFT_WRAPPING_RESPONSE);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').getByText('Intent gift_wrapping created.').waitFor();
  // A second version, so the history has a diff to show.
  await page.getByRole('textbox', { name: 'Examples' }).fill(GIFT_WRAPPING_EXAMPLES.join('\n'));
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').getByText('Saved version 2.').waitFor();
  await page.getByText('Version history').click();
  await page.getByRole('button', { name: 'Changes in version 2' }).click();
  await page.locator('.cc-diff').waitFor();
  // Tall enough for the list, the editor and the diff; the page itself scrolled back to its top.
  await page.setViewportSize({ width: 1440, height: 1350 });
  await page.locator('.cc-admin').evaluate((main) => main.scrollTo(0, 0));
  await settle(page);
  await page.screenshot({ path: path.join(out, 'admin-intents.png') });
  await page.setViewportSize({ width: 1440, height: 900 });

  await open('Training');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.getByRole('progressbar').waitFor();
  await page.waitForFunction(
    () => Number(document.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow') ?? 0) >= 20,
    undefined,
    { timeout: 600_000 },
  );
  await settle(page);
  await page.screenshot({ path: path.join(out, 'admin-training-progress.png') });
  await page
    .getByRole('status')
    .filter({ hasText: /Candidate v\d+ is ready/ })
    .waitFor({ timeout: 900_000 });
  const cell = page.locator('.cc-heatmap button').first();
  if ((await cell.count()) > 0) await cell.click();
  await page.setViewportSize({ width: 1440, height: 2300 });
  await page.locator('#cc-report-title').evaluate((title) => title.scrollIntoView({ block: 'start' }));
  await settle(page);
  await page.screenshot({ path: path.join(out, 'admin-report.png') });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.getByRole('button', { name: 'Deploy', exact: true }).click();
  await page
    .getByRole('status')
    .getByText(/is deployed/)
    .waitFor();

  // A worse candidate: the greeting's examples replaced by nonsense.
  await open('Intents');
  await page.getByRole('button', { name: 'greeting', exact: true }).click();
  await page.getByRole('textbox', { name: 'Examples' }).fill(nonsense(25).join('\n'));
  await page.getByRole('button', { name: 'Save' }).click();
  await page
    .getByRole('status')
    .getByText(/Saved version/)
    .waitFor();
  await train();
  await page.getByRole('button', { name: 'Deploy', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: 'The gate refused' }).waitFor();
  await page
    .getByRole('textbox', { name: 'Reason for deploying anyway' })
    .fill('Testing the nonsense greeting on the staging shop.');
  await page.locator('#cc-training-title').scrollIntoViewIfNeeded();
  await settle(page);
  await page.screenshot({ path: path.join(out, 'admin-gate.png') });

  await open('Try it');
  await page
    .getByRole('textbox', { name: 'Test sentence' })
    .fill('Hello! Can you gift wrap order #10023 by Friday?');
  await page.getByRole('button', { name: 'Analyse' }).click();
  await page.getByRole('region', { name: 'Deployed model' }).waitFor({ timeout: 120_000 });
  // The candidate's first analysis loads its model on a thread of its own.
  await page.getByRole('region', { name: /^Candidate v\d+$/ }).waitFor({ timeout: 120_000 });
  await settle(page);
  await page.screenshot({ path: path.join(out, 'admin-try-it.png') });

  await open('Knowledge');
  await page.getByRole('button', { name: 'Gift cards', exact: true }).click();
  await page.getByRole('textbox', { name: 'Question variants' }).waitFor();
  await settle(page);
  await page.screenshot({ path: path.join(out, 'admin-knowledge.png') });
  await context.close();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
