import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { build, transform, type Plugin } from 'esbuild';
import type { FrontendApp } from './frontend-app.ts';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** Browsers the widget supports: dynamic import() and constructed stylesheets (Safari 16.4, March 2023). */
const TARGETS = ['es2020', 'chrome87', 'firefox101', 'safari16.4'];

/** What the server needs to serve the widget (server/web/widget-build.ts reads it). */
export interface WidgetManifest {
  /** The loader, served as /widget.js. */
  loader: string;
  /** The app module the loader imports, content-hashed. */
  app: string;
  /** Modules the app imports when needed (socket.io-client when the chat connects). */
  chunks: string[];
  /** Every file under assets/ the server may serve, with its sizes. */
  files: Record<string, { bytes: number; gzipBytes: number; brotliBytes: number }>;
}

// Stylesheets become minified strings the app adopts into its shadow root (no <style> needed on the page).
const cssAsText: Plugin = {
  name: 'css-as-text',
  setup(builder) {
    builder.onLoad({ filter: /\.css$/ }, async (args) => {
      const { code } = await transform(await readFile(args.path, 'utf8'), {
        loader: 'css',
        minify: true,
        target: TARGETS.filter((t) => !t.startsWith('es')),
      });
      return { contents: `export default ${JSON.stringify(code.trim())};`, loader: 'js' };
    });
  },
};

/**
 * The visitor widget: a tiny loader (widget.js, which draws the launcher), the content-hashed app (Preact, the
 * store, the UI) it imports at once, and socket.io-client, which the app imports when the chat connects.
 */
export const widgetApp: FrontendApp = {
  name: 'web-widget',
  inputs: [
    'web-widget/src',
    'web-widget/tsconfig.json',
    'server/contracts',
    'scripts/frontend/widget.ts',
    'package-lock.json',
  ],
  async build(outDir, root) {
    const assets = path.join(outDir, 'widget', 'assets');
    const relative = (file: string) =>
      path.relative(outDir, path.resolve(root, file)).split(path.sep).join('/');
    const common = {
      absWorkingDir: root,
      outdir: assets,
      entryNames: '[name]-[hash]',
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: TARGETS,
      minify: true,
      tsconfig: 'web-widget/tsconfig.json',
      metafile: true,
      logLevel: 'warning',
    } as const;
    const onlyOutput = (result: { metafile: { outputs: Record<string, unknown> } }) => {
      const [file] = Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js'));
      if (!file) throw new Error('the widget build produced no module');
      return file;
    };

    // socket.io-client first, on its own (no shared chunk the app would have to fetch before it can run).
    const socketFile = onlyOutput(
      await build({ ...common, entryPoints: { 'socket-io': 'web-widget/src/app/socket-io.ts' } }),
    );
    const appFile = onlyOutput(
      await build({
        ...common,
        entryPoints: { app: 'web-widget/src/app/boot.tsx' },
        jsx: 'automatic',
        jsxImportSource: 'preact',
        define: {
          'process.env.NODE_ENV': '"production"',
          // Both files sit in assets/: the app finds socket.io-client beside itself.
          __CONCIERGE_SOCKET_IO__: JSON.stringify(`./${path.basename(socketFile)}`),
        },
        plugins: [cssAsText],
      }),
    );
    const appPath = relative(appFile);
    const chunks = [relative(socketFile)];

    await build({
      absWorkingDir: root,
      entryPoints: ['web-widget/src/loader/loader.ts'],
      outfile: path.join(outDir, 'widget.js'),
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: TARGETS,
      minify: true,
      tsconfig: 'web-widget/tsconfig.json',
      // Relative to the loader's own URL, so a server behind a path prefix still finds it.
      define: { __CONCIERGE_APP__: JSON.stringify(appPath) },
      plugins: [cssAsText],
      logLevel: 'warning',
    });

    const files: WidgetManifest['files'] = {};
    for (const file of ['widget.js', appPath, ...chunks]) {
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
    const manifest: WidgetManifest = { loader: 'widget.js', app: appPath, chunks, files };
    return { ...manifest };
  },
};
