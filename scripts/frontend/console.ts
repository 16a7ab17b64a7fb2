import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FrontendApp } from './frontend-app.ts';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** Where the console lives on the server; the build's URLs start with it. */
export const CONSOLE_BASE = '/console/';

/** What the server needs to serve the console (server/web/console-build.ts reads it). */
export interface ConsoleManifest {
  /** The page, `index.html`. */
  page: string;
  /** The scripts and stylesheets the page loads before it can draw anything (the size budget counts them). */
  initial: string[];
  /** Every file the server may serve, relative to the build folder, with its sizes. */
  files: Record<string, { bytes: number; gzipBytes: number; brotliBytes: number }>;
}

/**
 * The agent console: a Preact single-page app built by Vite (Rolldown) into `dist/web-console/`, served at
 * /console/. Vite's config lives here rather than in a vite.config.ts so `npm start` and `npm run build` build
 * it the same way the widget is built (scripts/frontend/build-stamp.ts decides when it is stale).
 */
export const consoleApp: FrontendApp = {
  name: 'web-console',
  inputs: [
    'web-console/src',
    'web-console/index.html',
    'web-console/tsconfig.json',
    'server/contracts',
    'scripts/frontend/console.ts',
    'package-lock.json',
  ],
  async build(outDir, root) {
    const { build } = await import('vite');
    await build({
      configFile: false,
      root: path.join(root, 'web-console'),
      base: CONSOLE_BASE,
      logLevel: 'warn',
      // The console imports the server's contract types from outside its folder.
      server: { fs: { allow: [root] } },
      oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
      define: { 'process.env.NODE_ENV': '"production"' },
      build: {
        outDir,
        emptyOutDir: false,
        target: ['es2022', 'chrome111', 'firefox111', 'safari16.4'],
        sourcemap: false,
        // Assets are served with their own content types; nothing is inlined as a data: URL (the page's CSP).
        assetsInlineLimit: 0,
        modulePreload: { polyfill: false },
        reportCompressedSize: false,
      },
    });

    const page = 'index.html';
    const html = await readFile(path.join(outDir, page), 'utf8');
    // What the page references directly: these load before the console can draw.
    const initial = [...html.matchAll(/(?:src|href)="\/console\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
    const files: ConsoleManifest['files'] = {};
    for (const file of [page, ...(await listAssets(outDir))]) {
      const content = await readFile(path.join(outDir, file));
      const gzipped = await gzipAsync(content, { level: 9 });
      const brotli = await brotliAsync(content, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: content.length },
      });
      // Served precompressed: the server does no compression work per request.
      await writeFile(path.join(outDir, `${file}.gz`), gzipped);
      await writeFile(path.join(outDir, `${file}.br`), brotli);
      files[file] = { bytes: content.length, gzipBytes: gzipped.length, brotliBytes: brotli.length };
    }
    const manifest: ConsoleManifest = { page, initial, files };
    return { ...manifest };
  },
};

async function listAssets(outDir: string): Promise<string[]> {
  const entries = await readdir(path.join(outDir, 'assets'), { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => `assets/${e.name}`);
}
