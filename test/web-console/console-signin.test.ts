import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import type { UserRecord } from '../../server/data/records.ts';
import { consoleRoutes } from '../../server/web/console-routes.ts';
import { createUser } from '../support/app.ts';
import { axeViolations, launchChromium, openPage, type WatchedPage } from '../support/browser.ts';
import { consoleBuild, signInToConsole } from '../support/console-page.ts';
import { startWidgetServer, type WidgetServer } from '../support/widget-server.ts';

describe('the console in a browser: signing in with the session cookie', function () {
  this.timeout(60_000);
  let server: WidgetServer;
  let browser: Browser;
  let agent: UserRecord;
  const pages: WatchedPage[] = [];

  const newPage = async () => {
    const watched = await openPage(browser, { bypassCSP: true });
    pages.push(watched);
    return watched;
  };

  before(async () => {
    const build = await consoleBuild();
    server = await startWidgetServer({ http: [consoleRoutes({ build })] });
    agent = await createUser(server.db.repositories, 'agent');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
  afterEach(async () => {
    for (const watched of pages.splice(0)) await watched.context.close();
  });

  it('shows the sign-in form (Email, Password, Sign in) with no serious or critical axe violation', async () => {
    const { page, errors } = await newPage();
    await page.goto(`${server.url}/console/`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Email' }).isVisible()).to.equal(true);
    expect(await page.getByLabel('Password').getAttribute('type')).to.equal('password');
    expect(await axeViolations(page)).to.deep.equal([]);
    expect(errors.filter((e) => !e.includes('401'))).to.deep.equal([]);
  });

  it('says so when the password is wrong, and stays on the form', async () => {
    const { page } = await newPage();
    await signInToConsole(page, server.url, agent.email, 'wrong password');
    await page.getByRole('alert').filter({ hasText: 'The email or password is wrong.' }).waitFor();
    expect(await page.getByRole('button', { name: 'Sign in' }).isVisible()).to.equal(true);
  });

  it('signs in into an httpOnly cookie that page scripts cannot read, keeps the session on reload, signs out', async () => {
    const { page, context } = await newPage();
    await signInToConsole(page, server.url, agent.email);
    await page.getByRole('combobox', { name: 'Status' }).waitFor();
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'concierge_staff');
    expect(session).to.include({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(await page.evaluate(() => document.cookie)).not.to.contain('concierge_staff');

    await page.reload();
    await page.getByRole('combobox', { name: 'Status' }).waitFor();
    for (const name of ['Queue', 'Mine', 'Live', 'Resolved']) {
      expect(await page.getByRole('tab', { name: new RegExp(`^${name}`) }).count(), name).to.equal(1);
    }

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  });
});
