import { expect } from 'chai';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { startAnalytics, type Analytics } from '../../server/analytics/index.ts';
import type { Application } from '../../server/app.ts';
import { hashPassword } from '../../server/auth/password.ts';
import type { ConversationRowPage, ServiceReport, AgentReport } from '../../server/contracts/reports.ts';
import type { UserRecord } from '../../server/data/records.ts';
import { seedDemoData } from '../../server/data/seed/seed-database.ts';
import { createEventBus } from '../../server/events/event-bus.ts';
import { buildRecommendationModel } from '../../server/analytics/recommendations/model.ts';
import { createChatRepository } from '../../server/data/chat/index.ts';
import { chatGateways } from '../../server/gateway/chat-composition.ts';
import { staffFromCookieHeader } from '../../server/http/staff-session.ts';
import { TEST_INTENTS } from '../chat/support/intents.ts';
import { scriptedAnalyser } from '../chat/support/scripted-analyser.ts';
import { silentLogger } from '../../server/shared/logger.ts';
import { consoleRoutes } from '../../server/web/console-routes.ts';
import { consoleApp, type ConsoleManifest } from '../../scripts/frontend/console.ts';
import { ensureBuilt } from '../../scripts/frontend/frontend-app.ts';
import { REPO_ROOT } from '../../server/config.ts';
import { buildTestApp, createUser, TEST_PASSWORD } from '../support/app.ts';
import { axeViolations, launchChromium, openPage, type WatchedPage } from '../support/browser.ts';
import { consoleBuild, signInToConsole } from '../support/console-page.ts';
import { startTestDatabase, type TestDatabase } from '../support/database.ts';

/** Pixels of a canvas that are not transparent: a chart that drew something has thousands. */
const paintedPixels = (page: Page, index: number) =>
  page.evaluate((i) => {
    const canvas = document.querySelectorAll('canvas')[i]!;
    const context = canvas.getContext('2d')!;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let painted = 0;
    for (let p = 3; p < data.length; p += 4) if (data[p]! > 0) painted += 1;
    return painted;
  }, index);

/** A chart's card, by its heading. */
const card = (page: Page, title: string) =>
  page
    .locator('section.cc-report-card')
    .filter({ has: page.getByRole('heading', { name: title, exact: true }) });

/** The conversation ids the drill-down list shows, in order. */
const listedIds = (page: Page) =>
  page
    .locator('[data-testid=drilldown-conversations] tbody tr')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-conversation-id')));

function csvRows(text: string): string[][] {
  // The export quotes no field of these demo rows with a comma inside; the header is checked separately.
  return text
    .trim()
    .split('\n')
    .map((line) => line.split(','));
}

describe('the console in a browser: Reports on the seeded demo history', function () {
  this.timeout(180_000);
  let db: TestDatabase;
  let analytics: Analytics;
  let application: Application;
  let url: string;
  let browser: Browser;
  let admin: UserRecord;
  let agent: UserRecord;
  const pages: WatchedPage[] = [];

  const newPage = async () => {
    // bypassCSP: axe-core is injected as a script tag.
    const watched = await openPage(browser, { bypassCSP: true, viewport: { width: 1400, height: 900 } });
    pages.push(watched);
    return watched;
  };

  const openReports = async (page: Page, email: string) => {
    await signInToConsole(page, url, email);
    await page
      .getByRole('navigation', { name: 'Console sections' })
      .getByRole('link', { name: 'Reports' })
      .click();
    await page.getByRole('heading', { name: 'Reports', level: 2 }).waitFor();
  };

  const apiGet = async <T>(page: Page, path: string): Promise<T> => {
    const response = await page.request.get(`${url}${path}`);
    expect(response.status(), path).to.equal(200);
    return (await response.json()) as T;
  };

  before(async () => {
    const build = await consoleBuild();
    db = await startTestDatabase();
    await seedDemoData(db.repositories, { models: db.database.models, contacts: 150, historyDays: 70 });
    admin = await createUser(db.repositories, 'admin');
    // A demo agent of the synthetic history, given a password so the spec can sign in as them.
    const demoAgents = await db.repositories.users.list({ role: 'agent' });
    agent = demoAgents.items[0]!;
    await db.database.models.User.updateOne(
      { _id: agent.id },
      { $set: { passwordHash: await hashPassword(TEST_PASSWORD) } },
    );
    const events = createEventBus();
    analytics = await startAnalytics({
      config: { reportsTimeZone: 'UTC', analyticsRetrainHours: 0 },
      logger: silentLogger(),
      models: db.database.models,
      repositories: db.repositories,
      events,
    });
    await analytics.models.retrain();
    // The chat's namespaces too, so "Open" in a drill-down opens the conversation over /agent.
    const chat = chatGateways({
      analyser: scriptedAnalyser(),
      intents: TEST_INTENTS,
      recommendations: () => buildRecommendationModel([], []),
      chatData: createChatRepository(db.database.models),
      events,
      cookieAuth: (cookie) => staffFromCookieHeader(application.context.auth, cookie),
    });
    application = buildTestApp(
      { repositories: db.repositories },
      { gateways: [chat.gateway], http: [consoleRoutes({ build }), chat.http, ...analytics.http] },
    );
    await new Promise<void>((resolve) => application.httpServer.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(application.httpServer.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await application?.close();
    await analytics?.close();
    await db?.stop();
  });
  afterEach(async () => {
    for (const watched of pages.splice(0)) await watched.context.close();
  });

  it('keeps the chart library out of the initial download (≤ 150 KB gzipped of JavaScript)', async () => {
    const { manifest } = await ensureBuilt(REPO_ROOT, consoleApp);
    const { initial, files } = manifest as unknown as ConsoleManifest;
    const initialJs = initial.filter((f) => f.endsWith('.js'));
    const gzip = initialJs.reduce((sum, f) => sum + files[f]!.gzipBytes, 0);
    expect(gzip).to.be.at.most(150 * 1024);
    const reportsChunk = Object.keys(files).find((f) => /ReportsPage-.*\.js$/.test(f));
    expect(reportsChunk, 'a separate Reports chunk').to.be.a('string');
    expect(initial).not.to.include(reportsChunk);
  });

  it('shows an admin the service report: figures as the API reports them, charts drawn, no serious axe violation', async () => {
    const { page, errors } = await newPage();
    await openReports(page, admin.email);
    await card(page, 'Conversations by day').locator('canvas').waitFor();
    const report = await apiGet<ServiceReport>(page, '/api/reports/service');
    expect(report.totals.conversations).to.be.greaterThan(100);

    const conversations = page
      .locator('.cc-kpi')
      .filter({ hasText: 'Conversations' })
      .locator('.cc-kpi-value');
    expect(await conversations.textContent()).to.equal(report.totals.conversations.toLocaleString('en'));
    expect(await page.getByTestId('range-shown').textContent()).to.contain(
      `${report.range.from} to ${report.range.to}`,
    );
    for (const title of [
      'Conversations by day',
      'Conversations by hour of day',
      'Bot containment and escalations',
      'Escalation reasons',
      'First response time after escalation',
      'Resolution time',
      'Ratings',
      'Visitor messages per intent',
      'Tickets by category and status',
      'First-reply SLA per priority',
    ]) {
      expect(await card(page, title).locator('canvas').count(), title).to.equal(1);
    }
    const canvases = await page.locator('canvas').count();
    expect(canvases).to.be.at.least(10);
    for (let i = 0; i < canvases; i += 1)
      expect(await paintedPixels(page, i), `canvas ${i}`).to.be.greaterThan(500);
    // Each canvas is named by its summary (its text alternative).
    expect(await card(page, 'Conversations by day').locator('canvas').getAttribute('aria-label')).to.contain(
      `${report.totals.conversations.toLocaleString('en')} conversations`,
    );
    expect(await page.getByTestId('agent-table').locator('tbody tr').count()).to.equal(report.agents.length);

    expect(await axeViolations(page)).to.deep.equal([]);
    expect(errors.filter((e) => !/401|socket|WebSocket/i.test(e))).to.deep.equal([]);
  });

  it('drills down from a data-table cell and from a bar to the conversations the API lists for that filter', async () => {
    const { page } = await newPage();
    await openReports(page, admin.email);
    const report = await apiGet<ServiceReport>(page, '/api/reports/service');
    const range = `from=${report.range.from}&to=${report.range.to}`;

    // Keyboard path: the data table's counts are buttons.
    const reasons = card(page, 'Escalation reasons');
    await reasons.getByRole('button', { name: 'Show data table' }).click();
    const reason = report.escalations.reasons[0]!;
    const cell = reasons.getByRole('table').getByRole('button').first();
    await cell.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /^Conversations: / }).waitFor();
    await page.locator('[data-testid=drilldown-conversations]').waitFor();
    const expected = await apiGet<ConversationRowPage>(
      page,
      `/api/reports/conversations?${range}&escalated=true&reason=${reason.key}&limit=25`,
    );
    expect(expected.total).to.equal(reason.count);
    expect(await page.locator('.cc-drilldown-count').textContent()).to.contain(
      `${reason.count} conversations`,
    );
    expect(await listedIds(page)).to.deep.equal(expected.items.map((r) => r.id));
    // The focus moved to the list's heading.
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('cc-drilldown-title');

    // Pointer path: a click on the "contained" bar of the outcome chart (a horizontal bar chart, first row).
    await page.getByRole('button', { name: 'Close the list' }).click();
    const canvas = card(page, 'Bot containment and escalations').locator('canvas');
    const box = (await canvas.boundingBox())!;
    await canvas.click({ position: { x: box.width * 0.7, y: box.height * 0.17 } });
    await page.getByRole('heading', { name: 'Conversations: Contained by the bot' }).waitFor();
    await page.locator('[data-testid=drilldown-conversations]').waitFor();
    const contained = await apiGet<ConversationRowPage>(
      page,
      `/api/reports/conversations?${range}&contained=true&limit=25`,
    );
    expect(contained.total).to.equal(report.totals.contained);
    expect(await listedIds(page)).to.deep.equal(contained.items.map((r) => r.id));

    // Open: back to the inbox section with that conversation shown.
    const first = contained.items[0]!;
    await page
      .locator(`tr[data-conversation-id="${first.id}"]`)
      .getByRole('button', { name: /^Open/ })
      .click();
    await page
      .getByRole('link', { name: 'Inbox', exact: true })
      .and(page.locator('[aria-current=page]'))
      .waitFor();
    await page.locator('#cc-conversation-title').waitFor();
    expect(new URL(page.url()).hash).to.equal('#inbox');
  });

  it('exports a CSV with one row per conversation of the range, and one of a drill-down', async () => {
    const { page } = await newPage();
    await openReports(page, admin.email);
    const report = await apiGet<ServiceReport>(page, '/api/reports/service');
    const href = await page.getByRole('link', { name: /^Export CSV/ }).getAttribute('href');
    expect(href).to.equal(`/api/reports/conversations.csv?from=${report.range.from}&to=${report.range.to}`);
    const response = await page.request.get(`${url}${href}`);
    expect(response.headers()['content-type']).to.match(/^text\/csv/);
    const [header, ...rows] = csvRows(await response.text());
    expect(header!.slice(0, 3)).to.deep.equal(['conversation_id', 'contact_id', 'started_at_utc']);
    expect(rows.length).to.equal(report.totals.conversations);
    expect(new Set(rows.map((r) => r[0])).size).to.equal(rows.length);

    const day = report.volume.daily.find((d) => d.conversations > 0)!;
    const daily = card(page, 'Conversations by day');
    await daily.getByRole('button', { name: 'Show data table' }).click();
    await daily
      .getByRole('button', { name: /Contained by the bot$/ })
      .first()
      .click();
    await page.locator('[data-testid=drilldown-conversations]').waitFor();
    const listed = await listedIds(page);
    const these = await page.getByRole('link', { name: 'Export these as CSV' }).getAttribute('href');
    expect(these).to.contain(`date=${day.date}`).and.to.contain('contained=true');
    const [, ...dayRows] = csvRows(await (await page.request.get(`${url}${these}`)).text());
    expect(dayRows.length).to.equal(day.contained);
    expect(dayRows.map((r) => r[0])).to.include.members(listed as string[]);
  });

  it('shows an agent only their own figures and conversations', async () => {
    const { page, errors } = await newPage();
    await openReports(page, agent.email);
    await page.getByTestId('my-figures').waitFor();
    const mine = await apiGet<AgentReport>(page, '/api/reports/agents/me');
    expect(mine.agent.agentId).to.equal(agent.id);
    expect(mine.agent.conversations).to.be.greaterThan(0);
    const figure = page.getByTestId('my-figures').locator('.cc-kpi').first().locator('.cc-kpi-value');
    expect(await figure.textContent()).to.equal(mine.agent.conversations.toLocaleString('en'));
    expect(await page.getByRole('button', { name: 'Customer analytics' }).count()).to.equal(0);
    expect(await page.getByTestId('agent-table').count()).to.equal(0);
    expect((await page.request.get(`${url}/api/reports/service`)).status()).to.equal(403);

    const daily = card(page, 'My conversations by day');
    await daily.locator('canvas').waitFor();
    expect(await paintedPixels(page, 0)).to.be.greaterThan(500);
    await daily.getByRole('button', { name: 'Show data table' }).click();
    await daily.getByRole('table').getByRole('button').first().click();
    await page.locator('[data-testid=drilldown-conversations]').waitFor();
    const agentColumn = await page
      .locator('[data-testid=drilldown-conversations] tbody tr td:nth-child(3)')
      .allTextContents();
    expect(agentColumn.length).to.be.greaterThan(0);
    expect(new Set(agentColumn)).to.deep.equal(new Set([agent.name]));
    // Even without a filter, the export holds only their conversations.
    const csv = await (await page.request.get(`${url}/api/reports/conversations.csv`)).text();
    const [header, ...rows] = csvRows(csv);
    const agentIndex = header!.indexOf('agent_id');
    expect(rows.length).to.equal(mine.agent.conversations);
    expect(new Set(rows.map((r) => r[agentIndex]))).to.deep.equal(new Set([agent.id]));
    expect(await axeViolations(page)).to.deep.equal([]);
    expect(errors.filter((e) => !/401|socket|WebSocket/i.test(e))).to.deep.equal([]);
  });

  it('shows an admin the customer models: coefficients, segments, the forecast verdict, staffing; retrains', async () => {
    const { page } = await newPage();
    await openReports(page, admin.email);
    await page.getByRole('button', { name: 'Customer analytics' }).click();
    await page.getByTestId('forecast-verdict').waitFor();
    const value = await apiGet<{
      model: {
        coefficients: unknown[];
        test: { r2: number; baselineRmse: number };
        crossValidation: {
          folds: number;
          repeats: number;
          r2: { mean: number; sd: number };
          rmseImprovement: { mean: number };
          beatBaseline: number;
        };
      } | null;
    }>(page, '/api/analytics/models/customer-value');
    expect(await page.getByTestId('coefficients').locator('tbody tr').count()).to.equal(
      value.model!.coefficients.length,
    );
    // The scores beside the baseline, and the verdict the page draws from them, are the API's.
    const scores = page.getByTestId('regression-scores');
    expect(await scores.locator('tbody tr').first().locator('td').first().textContent()).to.equal(
      value.model!.test.r2.toFixed(3),
    );
    const cv = value.model!.crossValidation;
    expect(
      await page.getByTestId('regression-cv').locator('tbody tr').first().locator('td').first().textContent(),
    ).to.equal(`${cv.r2.mean.toFixed(3)} ± ${cv.r2.sd.toFixed(3)}`);
    const improvement = cv.rmseImprovement.mean;
    const share = `${(Math.abs(improvement) * 100).toFixed(1)}%`;
    const folds = `lower in ${cv.beatBaseline} of ${cv.folds * cv.repeats} folds`;
    expect(await page.getByTestId('regression-verdict').textContent()).to.equal(
      improvement > 0
        ? `Cross-validated, the model’s RMSE is ${share} lower than predicting the mean on average (${folds}).`
        : `Cross-validated, the model does not beat predicting the mean (RMSE ${share} higher on average, ${folds}): treat its predictions with caution.`,
    );
    const segments = await apiGet<{ segments: { label: string }[] }>(page, '/api/analytics/models/segments');
    for (const segment of segments.segments) {
      expect(await page.getByTestId('segments').getByText(segment.label).count()).to.equal(1);
    }
    const forecast = await apiGet<{ outputs: { shipped: boolean } }>(page, '/api/analytics/models/forecast');
    const verdict = await page.getByTestId('forecast-verdict').textContent();
    expect(verdict).to.match(forecast.outputs.shipped ? /^Forecast shipped: MASE/ : /^Not shipped: /);
    for (const title of ['Daily conversations: history and 14-day forecast', 'Agents needed per hour']) {
      await card(page, title).locator('canvas').waitFor();
    }
    const canvases = await page.locator('canvas').count();
    expect(canvases).to.equal(3);
    for (let i = 0; i < canvases; i += 1)
      expect(await paintedPixels(page, i), `canvas ${i}`).to.be.greaterThan(500);
    expect(await axeViolations(page)).to.deep.equal([]);

    await page.getByRole('button', { name: 'Retrain the models' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Retrained in/ })
      .waitFor({ timeout: 60_000 });
  });
});
