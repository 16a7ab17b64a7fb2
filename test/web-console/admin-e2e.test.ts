import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { createUser } from '../support/app.ts';
import { startAdminServer, type AdminServer } from '../support/admin-server.ts';
import { axeViolations, launchChromium, openPage, type WatchedPage } from '../support/browser.ts';
import { signInToConsole } from '../support/console-page.ts';
import { openChat, sendMessage, waitForTranscript } from '../support/widget-page.ts';
import { GIFT_WRAPPING_EXAMPLES, GIFT_WRAPPING_RESPONSE, nonsense } from '../support/admin-fixtures.ts';

/**
 * Refusals the pages show on purpose, which the browser also logs: the signed-out probe before the sign-in
 * form (401), a validation problem (400), a version conflict or a gate refusal (409).
 */
const EXPECTED_REFUSALS = /status of (401|400|409)/;
const TRAINING_MS = 300_000;

// An admin trains the bot in the console against the real application (real NLP, training on its worker
// thread, hot reload), and a visitor in the widget gets the new answer without a restart.
describe('the admin pages end to end (intents, training, report, gated deploys)', function () {
  this.timeout(900_000);
  let browser: Browser;
  let server: AdminServer;
  let admin: WatchedPage;
  const opened: WatchedPage[] = [];

  before(async () => {
    // Two folds keep each training short; the margin is below what one intent turned to nonsense costs.
    [browser, server] = await Promise.all([
      launchChromium(),
      startAdminServer({ TRAINING_FOLDS: '2', DEPLOY_GATE_MARGIN: '0.005' }),
    ]);
    const user = await createUser(server.db.repositories, 'admin');
    admin = await newPage();
    await signInToConsole(admin.page, server.url, user.email);
    await admin.page.getByRole('link', { name: 'Intents' }).waitFor();
  });
  after(async () => {
    for (const watched of opened) await watched.context.close();
    await browser?.close();
    await server?.stop();
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') for (const watched of opened) console.log(watched.errors);
  });

  async function newPage(): Promise<WatchedPage> {
    // bypassCSP: axe-core is injected as an inline script, which the console's CSP forbids.
    const watched = await openPage(browser, { bypassCSP: true });
    watched.page.setDefaultTimeout(15_000);
    opened.push(watched);
    return watched;
  }

  const section = async (page: Page, name: string) => {
    await page.getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { level: 2, name }).waitFor();
  };

  /** Starts a job on the Training page, follows its progress bar and waits for the candidate's report. */
  async function trainCandidate(page: Page): Promise<number> {
    await section(page, 'Training');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    const progress = page.getByRole('progressbar', { name: 'Training progress' });
    await progress.waitFor();
    expect(Number(await progress.getAttribute('aria-valuenow'))).to.be.within(0, 100);
    const ready = page.getByRole('status').filter({ hasText: /Candidate v\d+ is ready/ });
    await ready.waitFor({ timeout: TRAINING_MS });
    const number = Number(/v(\d+)/.exec((await ready.textContent()) ?? '')![1]);
    await page.getByRole('heading', { name: `Report: candidate v${number}` }).waitFor();
    return number;
  }

  /** A new visitor on the demo shop asks one question; the bot's answer to it. */
  async function visitorAsks(text: string): Promise<string> {
    const visitor = await newPage();
    await visitor.page.goto(`${server.url}/`);
    await openChat(visitor.page);
    await sendMessage(visitor.page, text);
    const messages = await waitForTranscript(visitor.page, (all) => {
      const asked = all.findIndex((m) => m.sender === 'visitor' && m.text.includes(text));
      return asked >= 0 && all.slice(asked + 1).some((m) => m.sender === 'bot');
    });
    await visitor.context.close();
    const asked = messages.findIndex((m) => m.sender === 'visitor' && m.text.includes(text));
    return messages.slice(asked + 1).find((m) => m.sender === 'bot')!.text;
  }

  it('creates gift_wrapping (a duplicate phrase is refused naming its intent), trains, reads the report, deploys; the widget answers with it', async () => {
    const { page } = admin;
    expect(await visitorAsks('do you offer gift wrapping?')).not.to.contain(GIFT_WRAPPING_RESPONSE);

    await section(page, 'Intents');
    await page.getByRole('row', { name: /greeting/ }).waitFor();
    await page.getByRole('button', { name: 'New intent' }).click();
    await page.getByRole('textbox', { name: 'Name' }).fill('gift_wrapping');
    await page
      .getByRole('textbox', { name: 'Examples' })
      .fill([...GIFT_WRAPPING_EXAMPLES, 'hello'].join('\n'));
    await page.getByRole('textbox', { name: 'Response' }).fill(GIFT_WRAPPING_RESPONSE);
    await page.getByRole('button', { name: 'Save' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /"hello" is an example of intent "gift_wrapping" and also of intent "greeting"/ })
      .waitFor();
    // The admin's text is still there: remove the duplicate and save again.
    await page.getByRole('textbox', { name: 'Examples' }).fill(GIFT_WRAPPING_EXAMPLES.join('\n'));
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByText('Intent gift_wrapping created.').waitFor();
    const row = page.getByRole('row').filter({ hasText: 'gift_wrapping' });
    await row.waitFor();
    expect(await row.textContent()).to.match(/gift_wrappinganswer15/);
    expect(await axeViolations(page), 'the Intents page with the editor').to.deep.equal([]);

    const number = await trainCandidate(page);
    await page
      .getByRole('row', { name: /^gift_wrapping/ })
      .first()
      .waitFor();
    const mistakes = page.locator('.cc-heatmap button');
    if ((await mistakes.count()) > 0) {
      // A heatmap cell opens its misclassified examples.
      await mistakes.first().click();
      await page.locator('.cc-misclassified li').first().waitFor();
    }
    await page.getByLabel('Threshold: 0.50').waitFor();
    await page.getByRole('slider').press('ArrowRight');
    await page.getByText(/Rejecting when the best intent’s confidence is below 0.55/).waitFor();
    expect(await axeViolations(page), 'the Training page with a report').to.deep.equal([]);

    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    await page.getByRole('status').getByText(`v${number} is deployed`).waitFor();
    await server.admin.syncDeployment();
    expect(await visitorAsks('do you offer gift wrapping?')).to.contain(GIFT_WRAPPING_RESPONSE);
    expect(admin.errors.filter((e) => !EXPECTED_REFUSALS.test(e))).to.deep.equal([]);
  });

  it('"Try it" shows both models side by side, with tokens, entities, sentiment and the out-of-scope decision', async () => {
    const { page } = admin;
    await section(page, 'Try it');
    await page.getByRole('textbox', { name: 'Test sentence' }).fill('Where is my order #10023? I am angry');
    await page.getByRole('button', { name: 'Analyse' }).click();
    const deployed = page.getByRole('region', { name: 'Deployed model' });
    await deployed.getByRole('cell', { name: 'order', exact: true }).first().waitFor({ timeout: 60_000 });
    expect(await deployed.locator('mark.cc-entity').first().textContent()).to.contain('10023');
    await deployed.getByText(/In scope: answers with order_status/).waitFor();
    // The candidate's first analysis loads its model on a thread of its own first.
    await page.getByRole('region', { name: /^Candidate v\d+$/ }).waitFor({ timeout: 60_000 });
    expect(await axeViolations(page), 'the Try it page').to.deep.equal([]);
  });

  it('refuses a candidate whose intent was replaced by nonsense and deploys it with a written reason', async () => {
    const { page } = admin;
    await section(page, 'Intents');
    await page.getByRole('button', { name: 'greeting', exact: true }).click();
    await page.getByRole('textbox', { name: 'Examples' }).fill(nonsense(25).join('\n'));
    await page.getByRole('button', { name: 'Save' }).click();
    await page
      .getByRole('status')
      .getByText(/Saved version 2/)
      .waitFor();

    const number = await trainCandidate(page);
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    const refusal = page.getByRole('alert').filter({ hasText: `The gate refused v${number}` });
    await refusal.waitFor();
    expect(await refusal.textContent()).to.contain('deployed model’s training data');
    await page
      .getByRole('textbox', { name: 'Reason for deploying anyway' })
      .fill('A demo of the gate for the team.');
    await page.getByRole('button', { name: 'Deploy anyway' }).click();
    await page.getByRole('status').getByText(`v${number} is deployed`).waitFor();
    const audit = await server.db.repositories.audit.list();
    const override = audit.items.find((event) => event.action === 'model.deploy_override');
    expect(JSON.stringify(override?.data)).to.contain('A demo of the gate for the team.');
  });

  it('shows a version conflict without losing the admin’s text, and rolls an intent back from its history', async () => {
    const { page } = admin;
    await section(page, 'Intents');
    await page.getByRole('button', { name: 'gift_wrapping', exact: true }).click();
    const response = page.getByRole('textbox', { name: 'Response' });
    await response.fill('Gift wrapping is $4.99 per order.');
    // Another admin saves first.
    const stored = await server.admin.intents.get('gift_wrapping');
    await server.admin.intents.update('gift_wrapping', stored.version, { description: 'Wrapping' }, null);
    await page.getByRole('button', { name: 'Save' }).click();
    const conflict = page
      .getByRole('alert')
      .filter({ hasText: 'Someone else saved this while you were editing' });
    await conflict.waitFor();
    expect(await response.inputValue()).to.equal('Gift wrapping is $4.99 per order.');
    await conflict.getByRole('button', { name: 'Show their version' }).click();
    await conflict.getByText('Their version 2').waitFor();
    await conflict.getByRole('button', { name: 'Save mine over theirs' }).click();
    await page.getByRole('status').getByText('Saved version 3.').waitFor();
    const saved = await server.admin.intents.get('gift_wrapping');
    expect(saved).to.deep.include({
      description: 'Wrapping',
      responses: ['Gift wrapping is $4.99 per order.'],
    });

    await page.getByText('Version history').click();
    await page.getByRole('button', { name: 'Changes in version 3' }).click();
    await page.getByText('+ Gift wrapping is $4.99 per order.').waitFor();
    await page.getByRole('button', { name: 'Roll back to version 1' }).click();
    await page
      .getByRole('status')
      .getByText('Rolled back: version 4 has the content of version 1.')
      .waitFor();
    expect((await server.admin.intents.get('gift_wrapping')).responses).to.deep.equal([
      GIFT_WRAPPING_RESPONSE,
    ]);
  });

  it('works from the keyboard, the Knowledge page passes axe and saves an article as a new version', async () => {
    const { page } = admin;
    await section(page, 'Knowledge');
    await page.getByRole('button', { name: 'Gift cards', exact: true }).focus();
    await page.keyboard.press('Enter');
    const questions = page.getByRole('textbox', { name: 'Question variants' });
    await questions.waitFor();
    expect(await questions.inputValue()).to.contain('do you sell gift cards');
    expect(await axeViolations(page), 'the Knowledge page with the editor').to.deep.equal([]);
    // A save sends only the changed field, as a new version of the article.
    const answer = 'Gift cards come as an email with a code, from $25 to $500.';
    await page.getByRole('textbox', { name: 'Answer' }).fill(answer);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByText('Saved version 2.').waitFor();
    const article = (await server.db.repositories.knowledge.list()).find((a) => a.title === 'Gift cards');
    expect(article).to.include({ answer, version: 2 });

    await section(page, 'Intents');
    await page.getByRole('button', { name: 'New intent' }).focus();
    await page.keyboard.press('Enter');
    // "New intent" takes the focus to its first field.
    // (the editor renders, then focuses: waited for, not read at once)
    await page.waitForFunction(() => document.activeElement?.getAttribute('type') === 'text', null, {
      timeout: 10_000,
    });
    await page.keyboard.type('store_events');
    const name = page.getByRole('textbox', { name: 'Name' });
    expect(await name.inputValue()).to.equal('store_events');
    // Enter in a one-line field submits the form (the native way); the server says what is missing.
    await name.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'The server refused the change' }).waitFor();
    expect(await name.inputValue()).to.equal('store_events');
  });
});
