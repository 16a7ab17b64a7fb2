// npm run bench:widget [-- --runs 20 --url http://127.0.0.1:3000 --json]
//
// The widget's budgets (issue 11), measured in Debian's headless Chromium against the real application (the
// trained NLP pipeline, the embedded database with the demo catalogue), started in this process on port 0
// unless --url names a running server:
//   size    what the widget downloads before the first message (its JavaScript, as the browser received
//           it, and gzipped as built): loader ≤ 2 KB gz, everything ≤ 40 KB gz, socket.io-client included;
//   timing  median over --runs fresh page loads (new browser context each, so nothing is cached):
//           loader executed → launcher painted (marks `concierge:loader` → `concierge:launcher`) ≤ 150 ms,
//           "hi" sent (Enter pressed) → the bot's reply in the panel ≤ 300 ms;
//   CLS     layout shifts of the demo page while the widget loads, opens and answers: 0.
import { readFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '../server/config.ts';
import { launchChromium } from './frontend/chromium.ts';
import { startDemoServer } from './frontend/demo-server.ts';
import { ensureBuilt } from './frontend/frontend-app.ts';
import { widgetApp, type WidgetManifest } from './frontend/widget.ts';

const BUDGET = { loaderGzip: 2 * 1024, totalGzip: 40 * 1024, launcherMs: 150, replyMs: 300, cls: 0 };

interface RunResult {
  launcherMs: number;
  replyMs: number;
  cls: number;
  /** Bytes of the widget's JavaScript as received (compressed as the browser asked). */
  transferred: Record<string, number>;
}

/**
 * Installed before the page's scripts: records layout shifts, when Enter is pressed, and when a bot reply
 * appears in the widget. Plain JavaScript text: the TypeScript loader's helpers do not exist in the page.
 */
const INSTRUMENT = `
(() => {
  const state = { cls: 0, shifts: 0, enterAt: 0, replyAt: 0 };
  window.benchState = state;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput) continue;
      state.cls += entry.value;
      state.shifts += 1;
    }
  }).observe({ type: 'layout-shift', buffered: true });
  // Keystrokes inside the widget reach the document retargeted to its host element.
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && state.enterAt === 0) state.enterAt = performance.now();
  }, true);
  const watch = new MutationObserver(() => {
    const root = document.querySelector('[data-concierge-widget]')?.shadowRoot;
    if (!root) return;
    watch.disconnect();
    new MutationObserver(() => {
      if (state.enterAt !== 0 && state.replyAt === 0 && root.querySelector('.cc-from-bot')) {
        state.replyAt = performance.now();
      }
    }).observe(root, { childList: true, subtree: true });
  });
  watch.observe(document, { childList: true, subtree: true });
})();
`;

async function oneRun(page: Page, url: string): Promise<RunResult> {
  await page.addInitScript({ content: INSTRUMENT });
  const transferred: Record<string, number> = {};
  page.on('response', async (response) => {
    const path = new URL(response.url()).pathname;
    if (path !== '/widget.js' && !path.startsWith('/widget/assets/')) return;
    const sizes = await response.request().sizes();
    transferred[path] = sizes.responseBodySize;
  });
  await page.goto(`${url}/`);
  await page.waitForFunction(() => performance.getEntriesByName('concierge:launcher').length > 0);
  const launcherMs = await page.evaluate(() => {
    const [start] = performance.getEntriesByName('concierge:loader');
    const [shown] = performance.getEntriesByName('concierge:launcher');
    return shown!.startTime - start!.startTime;
  });
  await page.getByRole('button', { name: 'Open chat', exact: true }).click();
  const box = page.getByRole('textbox', { name: 'Message', exact: true });
  await box.fill('hi');
  await box.press('Enter');
  await page.waitForFunction(
    () => (window as unknown as { benchState: { replyAt: number } }).benchState.replyAt > 0,
    {
      timeout: 10_000,
    },
  );
  const { cls, enterAt, replyAt } = await page.evaluate(
    () => (window as unknown as { benchState: { cls: number; enterAt: number; replyAt: number } }).benchState,
  );
  return { launcherMs, replyMs: replyAt - enterAt, cls, transferred };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const round = (value: number) => Math.round(value * 10) / 10;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '20' },
      url: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a whole number ≥ 1');

  const build = await ensureBuilt(REPO_ROOT, widgetApp);
  const manifest = JSON.parse(
    await readFile(path.join(build.outDir, 'manifest.json'), 'utf8'),
  ) as WidgetManifest;
  const loaderGzip = manifest.files[manifest.loader]!.gzipBytes;
  // The app and socket.io-client (fetched when the chat connects): all of it before the first message.
  const appGzip = [manifest.app, ...manifest.chunks].reduce(
    (sum, file) => sum + manifest.files[file]!.gzipBytes,
    0,
  );

  const loadBefore = loadavg();
  if (!values.url)
    process.stdout.write('starting the server (trains the intent model on a fresh data directory)…\n');
  const server = values.url ? { url: values.url, stop: async () => {} } : await startDemoServer();
  const browser = await launchChromium();
  const results: RunResult[] = [];
  try {
    for (let run = 0; run < runs; run += 1) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      try {
        results.push(await oneRun(await context.newPage(), server.url));
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  const loadAfter = loadavg();

  const transferred = results[0]!.transferred;
  const report = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
    loadAverage: { before: loadBefore.map(round), after: loadAfter.map(round) },
    runs,
    size: {
      loaderGzipBytes: loaderGzip,
      appGzipBytes: appGzip,
      totalGzipBytes: loaderGzip + appGzip,
      transferredBytes: transferred,
      transferredTotalBytes: Object.values(transferred).reduce((a, b) => a + b, 0),
    },
    launcherMs: {
      median: round(median(results.map((r) => r.launcherMs))),
      max: round(Math.max(...results.map((r) => r.launcherMs))),
    },
    replyMs: {
      median: round(median(results.map((r) => r.replyMs))),
      max: round(Math.max(...results.map((r) => r.replyMs))),
    },
    cls: { max: Math.max(...results.map((r) => r.cls)) },
    budgets: BUDGET,
  };
  const verdict = {
    loader: report.size.loaderGzipBytes <= BUDGET.loaderGzip,
    total: report.size.totalGzipBytes <= BUDGET.totalGzip,
    launcher: report.launcherMs.median <= BUDGET.launcherMs,
    reply: report.replyMs.median <= BUDGET.replyMs,
    cls: report.cls.max <= BUDGET.cls,
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ ...report, verdict }, null, 2)}\n`);
  } else {
    const ok = (pass: boolean) => (pass ? 'ok  ' : 'OVER');
    process.stdout.write(
      [
        `bench:widget — ${runs} page loads, Chromium headless, ${report.machine.cpus} CPUs, load ${loadBefore.map(round).join(' ')} → ${loadAfter.map(round).join(' ')}`,
        `${ok(verdict.loader)} loader            ${loaderGzip} B gzipped (budget ${BUDGET.loaderGzip})`,
        `${ok(verdict.total)} before 1st message ${loaderGzip + appGzip} B gzipped: loader + app + socket.io-client ${appGzip} B (budget ${BUDGET.totalGzip}); received ${report.size.transferredTotalBytes} B`,
        `${ok(verdict.launcher)} loader → launcher  median ${report.launcherMs.median} ms, max ${report.launcherMs.max} ms (budget ${BUDGET.launcherMs})`,
        `${ok(verdict.reply)} "hi" → bot reply   median ${report.replyMs.median} ms, max ${report.replyMs.max} ms (budget ${BUDGET.replyMs})`,
        `${ok(verdict.cls)} layout shift      CLS max ${report.cls.max} (budget ${BUDGET.cls})`,
      ].join('\n') + '\n',
    );
  }
  if (!Object.values(verdict).every(Boolean)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
