import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { createUser } from '../support/app.ts';
import { axeViolations, launchChromium, pagesClosedAfterEach } from '../support/browser.ts';
import { signInToConsole } from '../support/console-page.ts';
import { startConsoleServer, type ConsoleServer } from '../support/console-server.ts';

// The console's Privacy page in Debian's Chromium against a real server and database.
describe('the console’s Privacy page', function () {
  this.timeout(180_000);
  let browser: Browser;
  let server: ConsoleServer;
  const openWatched = pagesClosedAfterEach(() => browser, 15_000);
  const EMAIL = 'quinn.request@example.com';
  const TEXT = 'please send it to my office on Juniper Road';

  before(async () => {
    browser = await launchChromium();
    server = await startConsoleServer({ ROUTING_MODE: 'manual' });
    await createUser(server.db.repositories, 'admin', 'privacy-admin@shop.test');
    await createUser(server.db.repositories, 'agent', 'privacy-agent@shop.test');
  });
  after(async () => {
    await server?.stop();
    await browser?.close();
  });

  async function signedIn(email: string): Promise<Page> {
    // bypassCSP: axe-core is injected as an inline script, which the console's CSP forbids.
    const watched = await openWatched({ bypassCSP: true, acceptDownloads: true });
    await signInToConsole(watched.page, server.url, email);
    await watched.page.getByText('Connected', { exact: true }).waitFor();
    return watched.page;
  }

  it('is not offered to agents', async () => {
    const page = await signedIn('privacy-agent@shop.test');
    await page.getByRole('link', { name: 'Reports' }).waitFor();
    expect(await page.getByRole('link', { name: 'Privacy' }).count()).to.equal(0);
  });

  it('finds a contact, downloads its export, and erases it after a confirmation naming it', async () => {
    const { repositories } = server.db;
    const contact = await repositories.contacts.create({ name: 'Quinn Request', emails: [EMAIL] });
    const conversation = await repositories.conversations.create({ contactId: contact.id });
    await repositories.messages.append({ conversationId: conversation.id, sender: 'visitor', text: TEXT });

    const page = await signedIn('privacy-admin@shop.test');
    await page.getByRole('link', { name: 'Privacy' }).click();
    await page.getByRole('searchbox', { name: 'Find a contact' }).fill('quinn.request');
    await page.keyboard.press('Enter');
    const label = `Quinn Request (${EMAIL})`;

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: `Export ${label}` }).click();
    const file = await download;
    expect(file.suggestedFilename()).to.equal(`contact-${contact.id}.json`);
    const exported = JSON.parse(await readFile((await file.path())!, 'utf8'));
    expect(exported.contacts[0].emails).to.deep.equal([EMAIL]);
    expect(exported.messages[0].text).to.equal(TEXT);
    await page.getByRole('status').getByText(`Exported ${label}`).waitFor();

    await page.getByRole('button', { name: `Erase ${label}` }).click();
    const dialog = page.getByRole('dialog', { name: `Erase ${label}?` });
    await dialog.waitFor();
    expect(await axeViolations(page)).to.deep.equal([]);
    // Cancelling changes nothing.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await repositories.contacts.findById(contact.id))!.emails).to.deep.equal([EMAIL]);

    await page.getByRole('button', { name: `Erase ${label}` }).click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: `Erase ${label} for good` })
      .click();
    await page.getByRole('status').getByText(`${label} was erased`).waitFor();
    const erased = await repositories.contacts.findById(contact.id);
    expect(erased).to.include({ name: null });
    expect(erased!.emails).to.deep.equal([]);
    const [message] = await repositories.messages.listLatest(conversation.id, 5);
    expect(message!.text).to.equal('[erased]');
    // The search no longer finds them.
    await page.getByText('No contact matches “quinn.request”.').waitFor();
  });
});
