// npm run bench:console-size [-- --json]
//
// The console's download budget (issue 12): the JavaScript the sign-in page needs before it can draw (the
// scripts index.html references, with their static imports) ≤ 150 KB gzipped. Builds the console when its
// sources changed (as `npm start` does), then reads the sizes the build recorded (gzip level 9, as served).
// Exits 1 over budget.
import { execSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../server/config.ts';
import { consoleApp, type ConsoleManifest } from './frontend/console.ts';
import { ensureBuilt } from './frontend/frontend-app.ts';

export const INITIAL_JS_BUDGET_GZIP = 150 * 1024;

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false } } });
const outcome = await ensureBuilt(REPO_ROOT, consoleApp);
const manifest = outcome.manifest as unknown as ConsoleManifest;
const initialJs = manifest.initial.filter((file) => file.endsWith('.js'));
const sum = (files: readonly string[], key: 'bytes' | 'gzipBytes' | 'brotliBytes') =>
  files.reduce((total, file) => total + (manifest.files[file]?.[key] ?? 0), 0);
const result = {
  date: new Date().toISOString(),
  commit: execSync('git rev-parse --short HEAD', { cwd: REPO_ROOT }).toString().trim(),
  initialJs: {
    files: initialJs,
    bytes: sum(initialJs, 'bytes'),
    gzipBytes: sum(initialJs, 'gzipBytes'),
    brotliBytes: sum(initialJs, 'brotliBytes'),
  },
  css: {
    gzipBytes: sum(
      manifest.initial.filter((f) => f.endsWith('.css')),
      'gzipBytes',
    ),
  },
  page: { gzipBytes: manifest.files[manifest.page]?.gzipBytes ?? 0 },
  budgetGzipBytes: INITIAL_JS_BUDGET_GZIP,
};
const within = result.initialJs.gzipBytes <= INITIAL_JS_BUDGET_GZIP;
if (values.json) {
  console.log(JSON.stringify({ ...result, within }, null, 2));
} else {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`console initial JavaScript (${initialJs.join(', ')})`);
  console.log(
    `  ${kb(result.initialJs.bytes)} minified, ${kb(result.initialJs.gzipBytes)} gzip, ` +
      `${kb(result.initialJs.brotliBytes)} brotli; budget ${kb(INITIAL_JS_BUDGET_GZIP)} gzip: ${within ? 'within' : 'OVER'}`,
  );
  console.log(`  stylesheet ${kb(result.css.gzipBytes)} gzip, page ${kb(result.page.gzipBytes)} gzip`);
  console.log(`  commit ${result.commit}, ${result.date}`);
}
if (!within) process.exitCode = 1;
