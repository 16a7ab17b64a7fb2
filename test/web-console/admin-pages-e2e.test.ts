import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { startAdmin, type Admin } from '../../server/admin/index.ts';
import type { UserRecord } from '../../server/data/records.ts';
import { AppError } from '../../server/shared/errors.ts';
import { silentLogger } from '../../server/shared/logger.ts';
import { bearer, createUser } from '../support/app.ts';
import { axeViolations, launchChromium, pagesClosedAfterEach, type WatchedPage } from '../support/browser.ts';
import { inboxRow, signInToConsole } from '../support/console-page.ts';
import { rememberConversation, startConsoleServer, type ConsoleServer } from '../support/console-server.ts';
import { openChat, sendMessage, waitForMessage } from '../support/widget-page.ts';

/** What the bot could not place: unscripted, so the scripted NLP calls it out of scope (0.2) and the bot falls back. */
const MISUNDERSTOOD =
  'could you engrave my initials on the headphones I ordered, my email is sam@example.com';
const MASKED = 'could you engrave my initials on the headphones I ordered, my email is {email}';

// The console's admin pages (Misunderstood, Team) in Debian's Chromium against one real server: the scripted
// chat of the console specs plus the real admin side (intent store, training on a worker thread).
describe('the console’s Misunderstood and Team pages end to end', function () {
  this.timeout(300_000);
  let browser: Browser;
  let server: ConsoleServer;
  let admin: Admin;
  let adminUser: UserRecord;
  const openWatched = pagesClosedAfterEach(() => browser, 15_000);

  before(async () => {
    browser = await launchChromium();
    server = await startConsoleServer(
      { ROUTING_MODE: 'manual', TRAINING_FOLDS: '2' },
      {
        withDatabase: async ({ db, config, events }) => {
          admin = await startAdmin({
            config,
            logger: silentLogger(),
            repositories: db.repositories,
            connection: db.database.connection,
            // The chat here is scripted: the deployed model is never asked, only candidates.
            chat: {
              analyser: {
                analyse: () => {
                  throw new AppError('UNAVAILABLE');
                },
              },
              swapModel: async () => {},
            },
            events,
            deploymentPollMs: 0,
          });
          return { http: admin.http, close: () => admin.close() };
        },
      },
    );
    adminUser = await createUser(server.db.repositories, 'admin', 'ada@shop.test');
  });
  after(async () => {
    await server?.stop();
    await browser?.close();
  });

  async function newPage(): Promise<WatchedPage> {
    // bypassCSP: axe-core is injected as an inline script, which the console's CSP forbids.
    const watched = await openWatched({ bypassCSP: true });
    return watched;
  }

  async function signedIn(email: string): Promise<Page> {
    const { page } = await newPage();
    await signInToConsole(page, server.url, email);
    await page.getByText('Connected', { exact: true }).waitFor();
    return page;
  }

  async function visitorSays(text: string) {
    const { page } = await newPage();
    await page.goto(`${server.url}/`);
    await openChat(page);
    await rememberConversation(page);
    await sendMessage(page, text);
    await waitForMessage(page, 'bot', '');
    await server.events.drain();
    return (await server.conversationOfVisitor(page))!;
  }

  const api = () => request(server.app().app);
  const group = (page: Page, text: string) => page.getByRole('article', { name: `“${text}”` });

  it('a misunderstood message appears in the inbox, masked; added to an intent there, it is an example of that intent after the next training', async () => {
    await visitorSays(MISUNDERSTOOD);
    const page = await signedIn(adminUser.email);
    await page.getByRole('link', { name: 'Misunderstood' }).click();
    const entry = group(page, MASKED);
    await entry.waitFor();
    expect(await entry.textContent())
      .to.contain('out of scope 1')
      .and.contain('fallback 1');
    expect(await page.content()).not.to.contain('sam@example.com');

    const violations = await axeViolations(page);
    expect(violations, JSON.stringify(violations, null, 1)).to.deep.equal([]);

    const versionBefore = (await admin.intents.get('product_info')).version;
    await entry.getByRole('combobox', { name: 'Add to' }).selectOption('intent:product_info');
    await entry.getByRole('button', { name: 'Add all 1' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Added 1 examples to product_info (version ${versionBefore + 1})` })
      .waitFor();
    await page.getByText('Nothing to review').waitFor();

    // The next training (the job API the Train button calls) learns from it.
    const started = await api()
      .post('/api/admin/training/jobs')
      .set('Authorization', bearer(adminUser))
      .send({})
      .expect(202);
    const job = await admin.jobs.finished(started.body.id);
    expect(job.state, job.error ?? '').to.equal('succeeded');
    const exported = await api()
      .get('/api/admin/intents/export')
      .set('Authorization', bearer(adminUser))
      .expect(200);
    const file = exported.body.files.find((f: { path: string }) => f.path === 'intents/product_info.json');
    expect(JSON.parse(file.content).examples).to.include(MASKED);
    const tried = await api()
      .post('/api/nlp/try')
      .set('Authorization', bearer(adminUser))
      .send({ text: MASKED, model: `candidate:${job.modelVersionId}` })
      .expect(200);
    expect(tried.body.intent.name).to.equal('product_info');
  });

  it('an agent marks "the bot got this wrong: intent should be X" on a visitor message; the admin sees it suggested', async () => {
    const agent = await createUser(server.db.repositories, 'agent', 'sam@shop.test');
    const page = await signedIn(agent.email);
    // Online, so that the visitor's request for a person queues instead of being told nobody is there.
    await page.getByRole('combobox', { name: 'Status' }).selectOption('online');
    await page.waitForFunction(
      () => (document.querySelector('select.cc-presence') as HTMLSelectElement | null)?.value === 'online',
    );
    const conversation = await visitorSays('I want a person');
    await inboxRow(page, conversation.id).click();
    const message = page.locator('li.cc-entry-visitor').filter({ hasText: 'I want a person' });
    await message.getByText('The bot got this wrong').click();
    await message.getByRole('combobox', { name: 'Intent should be' }).selectOption('complaint');
    await message.getByRole('button', { name: 'Report' }).click();
    await message
      .getByRole('status')
      .filter({ hasText: 'Sent to the misunderstood inbox as complaint.' })
      .waitFor();

    const adminPage = await signedIn(adminUser.email);
    await adminPage.getByRole('link', { name: 'Misunderstood' }).click();
    const entry = group(adminPage, 'I want a person');
    await entry.waitFor();
    expect(await entry.textContent())
      .to.contain('Agents say: complaint')
      .and.contain('agent correction 1');
    expect(await entry.getByRole('combobox', { name: 'Add to' }).inputValue()).to.equal('intent:complaint');
    await entry.getByRole('button', { name: 'Dismiss “I want a person”' }).click();
    await entry.waitFor({ state: 'detached' });
  });

  it('the Team page deactivating an agent ends their console session at once, and adds a person from its form', async () => {
    const agent = await createUser(server.db.repositories, 'agent', 'robin@shop.test');
    const agentPage = await signedIn(agent.email);
    const adminPage = await signedIn(adminUser.email);
    await adminPage.getByRole('link', { name: 'Team' }).click();
    await adminPage
      .getByRole('button', { name: `Deactivate ${agent.name}` })
      .first()
      .waitFor();
    const violations = await axeViolations(adminPage);
    expect(violations, JSON.stringify(violations, null, 1)).to.deep.equal([]);

    const row = adminPage.getByRole('row').filter({ hasText: agent.email });
    await row.getByRole('button', { name: `Deactivate ${agent.name}` }).click();
    await adminPage
      .getByRole('status')
      .filter({ hasText: 'is deactivated; their sessions have ended' })
      .waitFor();
    // The agent's console is back at the sign-in form without any action of theirs.
    await agentPage.getByRole('textbox', { name: 'Email' }).waitFor({ timeout: 5_000 });
    expect((await server.db.repositories.users.findById(agent.id))!.active).to.equal(false);
    await adminPage.getByRole('cell', { name: 'user.deactivate' }).first().waitFor();

    // A new person from the form: the server creates them, and the form clears once it did.
    const form = adminPage.getByRole('form', { name: 'Add a person' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Avery');
    await form.getByRole('textbox', { name: 'Email' }).fill('avery@shop.test');
    await form.getByLabel('Password').fill('a long enough passphrase 42');
    await form.getByRole('button', { name: 'Create' }).click();
    await adminPage.getByRole('status').filter({ hasText: 'Avery was added.' }).waitFor();
    expect(await server.db.repositories.users.findByEmail('avery@shop.test')).to.include({
      name: 'Avery',
      role: 'agent',
    });
    expect(await form.getByRole('textbox', { name: 'Name' }).inputValue()).to.equal('');
  });
});
