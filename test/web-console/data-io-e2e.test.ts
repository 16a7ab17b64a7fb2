import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import type { Browser, Download } from 'playwright-core';
import { startDataIo } from '../../server/crm/data-io.ts';
import { ensureIndexes } from '../../server/data/models/index.ts';
import { silentLogger } from '../../server/shared/logger.ts';
import { createUser, testConfig } from '../support/app.ts';
import { axeViolations, launchChromium, openPage, type WatchedPage } from '../support/browser.ts';
import { signInToConsole } from '../support/console-page.ts';
import { startConsoleServer, type ConsoleServer } from '../support/console-server.ts';

/** The console asks who is signed in before the sign-in form; the browser logs the 401 as an error. */
const SIGNED_OUT_PROBE = /status of 401/;
const ROWS = 1500;

/** An Excel-style export: BOM, `;`, CRLF, a quoted name; every 500th email is malformed. */
function contactsFile(): Buffer {
  const lines = ['\uFEFFFull Name;E-mail;Phone;Tier'];
  for (let index = 1; index <= ROWS; index += 1) {
    const email = index % 500 === 0 ? `broken-${index}` : `buyer${index}@example.com`;
    lines.push(`"Buyer ${index}, Jr";${email};;${index % 2 === 0 ? 'gold' : 'silver'}`);
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

const text = async (download: Download) => readFile((await download.path())!, 'utf8');

// The Data page in Debian's Chromium against a real server and database: upload → mapping → dry run → run
// with its progress bar (across a reload) → rejected rows → an export.
describe('the console Data page end to end', function () {
  this.timeout(120_000);
  let browser: Browser;
  let server: ConsoleServer;
  let watched: WatchedPage;

  before(async () => {
    browser = await launchChromium();
    server = await startConsoleServer(
      {},
      {
        withDatabase: async ({ db }) => {
          await ensureIndexes(db.database.models);
          const dataIo = await startDataIo({
            config: testConfig(),
            logger: silentLogger(),
            connection: db.database.connection,
            repositories: db.repositories,
          });
          return { http: dataIo.http, close: () => dataIo.close() };
        },
      },
    );
  });
  after(async () => {
    await watched?.context.close();
    await browser?.close();
    await server?.stop();
  });

  it('imports a file step by step, survives a reload while it runs, and hands out the rejected rows', async () => {
    const admin = await createUser(server.db.repositories, 'admin');
    watched = await openPage(browser, { bypassCSP: true, acceptDownloads: true });
    const { page } = watched;
    page.setDefaultTimeout(30_000);
    await signInToConsole(page, server.url, admin.email);
    await page.getByRole('link', { name: 'Data' }).click();
    await page.getByRole('heading', { name: 'Data' }).waitFor();

    // Upload, with the keyboard for the choice of kind.
    await page.getByLabel('What the file holds').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    expect(await page.getByLabel('What the file holds').inputValue()).to.equal('contacts');
    await page
      .getByLabel('CSV file')
      .setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: contactsFile() });
    await page.getByRole('button', { name: 'Upload' }).click();

    // The mapping suggested from the headers; Tier is kept as an attribute.
    const email = page.getByRole('combobox', { name: 'Field for column E-mail' });
    expect(await email.inputValue()).to.equal('email');
    expect(await page.getByRole('combobox', { name: 'Field for column Tier' }).inputValue()).to.equal('-');
    await page.getByRole('combobox', { name: 'Field for column Tier' }).selectOption('attribute');
    await page.getByRole('button', { name: 'Dry run' }).focus();
    await page.keyboard.press('Enter');

    // The dry run's table: three rejected rows and why, nothing written.
    await page.getByRole('table', { name: /Dry run, row by row/ }).waitFor();
    await page.getByLabel('Show').selectOption('rejected');
    const rejected = page.getByRole('table', { name: /Dry run, row by row/ }).getByRole('row');
    await page.getByRole('cell', { name: '"broken-1500" is not an email address' }).waitFor();
    expect(await rejected.count()).to.equal(4);
    expect(await page.getByRole('definition').allTextContents()).to.deep.equal(['1497', '0', '0', '0', '3']);
    expect((await server.db.repositories.contacts.list()).total).to.equal(0);

    // The real run: a progress bar, still there (or done) after a reload.
    await page.getByRole('button', { name: 'Start import' }).click();
    const bar = page.getByRole('progressbar', { name: 'Import progress' });
    await bar.waitFor();
    const now = Number(await bar.getAttribute('aria-valuenow'));
    expect(now).to.be.within(0, 100);
    await page.reload();
    await page.getByRole('heading', { name: 'Data' }).waitFor();
    await page.getByText('Import done: 1500 rows.').waitFor({ timeout: 60_000 });
    expect(await page.getByRole('definition').allTextContents()).to.deep.equal(['1497', '0', '0', '0', '3']);
    expect((await server.db.repositories.contacts.list()).total).to.equal(1497);
    const buyer = await server.db.repositories.contacts.findByEmail('buyer2@example.com');
    expect(buyer).to.deep.include({ name: 'Buyer 2, Jr', attributes: { Tier: 'gold' } });

    // The rejected rows as CSV.
    const [report] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download rejected rows' }).click(),
    ]);
    expect((await text(report)).trimEnd().split('\r\n')).to.deep.equal([
      'line,reason,Full Name,E-mail,Phone,Tier',
      '501,"""broken-500"" is not an email address","Buyer 500, Jr",broken-500,,gold',
      '1001,"""broken-1000"" is not an email address","Buyer 1000, Jr",broken-1000,,gold',
      '1501,"""broken-1500"" is not an email address","Buyer 1500, Jr",broken-1500,,gold',
    ]);

    // An export of what is now stored.
    const [exported] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export contacts (CSV)' }).click(),
    ]);
    const lines = (await text(exported)).trimEnd().split('\r\n');
    expect(lines[0]).to.equal('id,name,emails,phones,shopUserId,attributes,lastSeenAt,createdAt,updatedAt');
    expect(lines).to.have.length(1 + 1497);
    expect(lines.filter((line) => line.includes('buyer2@example.com'))).to.have.length(1);

    expect(await axeViolations(page)).to.deep.equal([]);
    expect(watched.errors.filter((error) => !SIGNED_OUT_PROBE.test(error))).to.deep.equal([]);
  });
});
