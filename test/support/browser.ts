import { createRequire } from 'node:module';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';

export { CHROMIUM_ARGS, CHROMIUM_PATH, launchChromium } from '../../scripts/frontend/chromium.ts';

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Uncaught exceptions and console errors seen so far (a test asserts there are none). */
  errors: string[];
  /** `alert`/`confirm`/`prompt` dialogs opened by the page (an XSS payload that ran would open one). */
  dialogs: string[];
}

/** A new context (cookies, storage) and page, with its errors and dialogs recorded. */
export async function openPage(browser: Browser, options: BrowserContextOptions = {}): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return { page, context, errors, dialogs };
}

const require = createRequire(import.meta.url);

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * Runs axe-core in the page (injected from the npm package; the context needs `bypassCSP: true` when the
 * page forbids inline script) and returns the violations of the given impacts.
 */
export async function axeViolations(
  page: Page,
  impacts: readonly string[] = ['serious', 'critical'],
): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run();
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
  return violations.filter((v) => v.impact !== null && impacts.includes(v.impact));
}

/**
 * For a suite (call it in the `describe` body): opens pages with `openPage` and a default timeout, and closes
 * every one after each test, printing a failed test's page errors first (the reporter hides them otherwise).
 */
export function pagesClosedAfterEach(browser: () => Browser, timeoutMs: number) {
  const opened: WatchedPage[] = [];
  afterEach(async function () {
    for (const watched of opened.splice(0)) {
      if (this.currentTest?.state === 'failed') console.log(watched.errors);
      await watched.context.close();
    }
  });
  return async (options: BrowserContextOptions = {}): Promise<WatchedPage> => {
    const watched = await openPage(browser(), options);
    watched.page.setDefaultTimeout(timeoutMs);
    opened.push(watched);
    return watched;
  };
}
