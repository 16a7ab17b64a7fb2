import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { silentLogger } from '../../server/shared/logger.ts';
import { startWebhookWorker } from '../../server/webhooks/worker.ts';
import { createUser, testConfig } from '../support/app.ts';
import { axeViolations, launchChromium, pagesClosedAfterEach } from '../support/browser.ts';
import { signInToConsole } from '../support/console-page.ts';
import { startConsoleServer, type ConsoleServer } from '../support/console-server.ts';
import { startReceiver } from '../crm/support-receiver.ts';

// The console's Webhooks page in Debian's Chromium against a real server, database and receiver.
describe('the console’s Webhooks page', function () {
  this.timeout(180_000);
  let browser: Browser;
  let server: ConsoleServer;
  const openWatched = pagesClosedAfterEach(() => browser, 15_000);

  before(async () => {
    browser = await launchChromium();
    server = await startConsoleServer({ ROUTING_MODE: 'manual' });
    await createUser(server.db.repositories, 'admin', 'hooks-admin@shop.test');
  });
  after(async () => {
    await server?.stop();
    await browser?.close();
  });

  async function signedIn(email: string): Promise<Page> {
    const watched = await openWatched({ bypassCSP: true });
    await signInToConsole(watched.page, server.url, email);
    await watched.page.getByText('Connected', { exact: true }).waitFor();
    return watched.page;
  }

  it('registers an endpoint with its secret shown once, lists its deliveries and redelivers one', async () => {
    const receiver = await startReceiver(() => 500);
    try {
      const page = await signedIn('hooks-admin@shop.test');
      await page.getByRole('link', { name: 'Webhooks' }).click();
      await page.getByRole('textbox', { name: 'Endpoint URL' }).fill(receiver.url);
      await page.getByRole('checkbox', { name: 'ticket.created' }).check();
      await page.getByRole('button', { name: 'Register' }).click();
      await page.getByRole('status').getByText(`Registered ${receiver.url}.`).waitFor();
      const secret = await page.getByRole('region', { name: 'Signing secret' }).locator('code').textContent();
      expect(secret).to.match(/^whsec_/);

      // An event, and one failed attempt at the receiver.
      await server.db.repositories.webhooks.recordEvent({
        id: 'evt_console_1',
        type: 'ticket.created',
        occurredAt: new Date(),
        data: { ticketId: 'x' },
      });
      const worker = startWebhookWorker({
        webhooks: server.db.repositories.webhooks,
        settings: { ...testConfig().webhooks, pollMs: 60_000, retryBaseMs: 60_000 },
        logger: silentLogger(),
      });
      await worker.tick();
      await worker.close();

      await page.getByRole('button', { name: `Deliveries of ${receiver.url}` }).click();
      const row = page.getByRole('row', { name: /evt_console_1/ });
      await row.waitFor();
      expect(await row.getByRole('cell').allTextContents()).to.include.members(['Pending', '1', 'HTTP 500']);
      expect(await axeViolations(page)).to.deep.equal([]);

      const [delivery] = (await server.db.repositories.webhooks.listDeliveries({}, { page: 1, limit: 5 }))
        .items;
      await row.getByRole('button', { name: 'Redeliver ticket.created evt_console_1' }).click();
      await page
        .getByRole('status')
        .getByText('Redelivery of ticket.created evt_console_1 scheduled.')
        .waitFor();
      const after = await server.db.repositories.webhooks.findDelivery(delivery!.id);
      expect(after!.nextAttemptAt.getTime()).to.be.lessThan(delivery!.nextAttemptAt.getTime());
    } finally {
      await receiver.close();
    }
  });

  it('shows the server’s refusal of a URL it does not accept', async () => {
    const page = await signedIn('hooks-admin@shop.test');
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('textbox', { name: 'Endpoint URL' }).fill('ftp://files.example.com/');
    await page.getByRole('checkbox', { name: 'rating.given' }).check();
    await page.getByRole('button', { name: 'Register' }).click();
    await page
      .getByRole('status')
      .getByText(/The request is not valid\. url: /)
      .waitFor();
  });
});
