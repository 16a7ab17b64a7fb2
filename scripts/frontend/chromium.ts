import { chromium, type Browser } from 'playwright-core';

// One place for how this project drives a browser (the browser specs, bench:widget, screenshots).

/** Debian's chromium (apt-get install chromium); `.ci/run` installs it. CHROMIUM_PATH overrides. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Flags from ../shared/notes/pitfalls.md: headless, no sandbox (CI runs as root), and no background traffic to
 * Google's hosts, which the closed network refuses. Playwright gives every launch a fresh temporary
 * --user-data-dir of its own (and refuses one passed in `args`), so no profile is shared between runs.
 */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}
