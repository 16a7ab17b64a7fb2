import type { Page } from 'playwright-core';
import { consoleApp } from '../../scripts/frontend/console.ts';
import { ensureBuilt } from '../../scripts/frontend/frontend-app.ts';
import { REPO_ROOT } from '../../server/config.ts';
import { loadConsoleBuild, type ConsoleBuild } from '../../server/web/console-routes.ts';
import { TEST_PASSWORD } from './app.ts';

// The console as an agent (and a screen reader) finds it: by role and accessible name.

let built: Promise<ConsoleBuild> | undefined;

/** Builds the console when its sources changed (as `npm start` does) and loads it; once per test process. */
export function consoleBuild(): Promise<ConsoleBuild> {
  built ??= ensureBuilt(REPO_ROOT, consoleApp).then((outcome) => {
    const build = loadConsoleBuild(outcome.outDir);
    if (!build) throw new Error(`no console build in ${outcome.outDir}`);
    return build;
  });
  return built;
}

/** Opens /console/ and signs in through the form, as an agent does. */
export async function signInToConsole(page: Page, baseUrl: string, email: string, password = TEST_PASSWORD) {
  await page.goto(`${baseUrl}/console/`);
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The inbox row of a conversation in the selected view. */
export const inboxRow = (page: Page, conversationId: string) =>
  page.getByRole('tabpanel').locator(`button[data-conversation-id="${conversationId}"]`);

/** Selects an inbox view by its tab. */
export async function selectView(page: Page, view: 'Queue' | 'Mine' | 'Live' | 'Resolved') {
  await page.getByRole('tab', { name: new RegExp(`^${view}`) }).click();
}
