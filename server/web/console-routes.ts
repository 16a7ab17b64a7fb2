import path from 'node:path';
import type { Request, Response, Router } from 'express';
import type { HttpRegistration } from '../app.ts';
import { REPO_ROOT } from '../config.ts';
import { AppError } from '../shared/errors.ts';
import { loadStaticBuild, type StaticAsset } from './widget-build.ts';
import { sendNegotiated } from './widget-routes.ts';

/** Where `npm run build` / `npm start` put the console (scripts/frontend/console.ts). */
export const CONSOLE_BUILD_DIR = path.join(REPO_ROOT, 'dist', 'web-console');

export interface ConsoleBuild {
  page: StaticAsset;
  /** Content-hashed scripts and stylesheets by URL path. */
  assets: ReadonlyMap<string, StaticAsset>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** Reads the built console into memory (about 120 KB with its precompressed copies), or null when it was never built. */
export function loadConsoleBuild(dir: string = CONSOLE_BUILD_DIR): ConsoleBuild | null {
  const build = loadStaticBuild<{ page: string; files: Record<string, unknown> }>(dir, {
    urlPrefix: '/console/',
    contentType: (file) => CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    entry: (manifest) => manifest.page,
  });
  return build && { page: build.entry, assets: build.assets };
}

/** The page is revalidated every time (it names the current build's files); hashed files never change. */
const PAGE_CACHE = 'no-cache';
const ASSET_CACHE = 'public, max-age=31536000, immutable';

/**
 * GET /console/ (the agent console's page) and /console/assets/* (its content-hashed files), same-origin only:
 * helmet's page headers stay (CSP `default-src 'self'`, no framing by other sites), so the console runs no
 * script but its own and connects to no other host. Pass `build` in tests; by default the output of
 * `npm run build` / `npm start` is read once, at start-up.
 */
export function consoleRoutes(options: { build?: ConsoleBuild | null } = {}): HttpRegistration {
  return (app: Router, context) => {
    const build = options.build === undefined ? loadConsoleBuild() : options.build;
    if (build === null) {
      context.logger.warn('the console is not built: /console/ answers 503 until `npm run build` is run');
    }
    // Express matches /console and /console/ alike: only the first is sent to the second, so the page's
    // relative URLs always resolve under /console/.
    app.get('/console', (req, res) => {
      if (!req.originalUrl.split('?')[0]!.endsWith('/')) {
        res.redirect(301, '/console/');
        return;
      }
      if (build === null) throw new AppError('UNAVAILABLE', 'The agent console is not built on this server.');
      send(req, res, build.page, PAGE_CACHE);
    });
    app.get('/console/assets/:file', (req, res, next) => {
      const asset = build?.assets.get(`/console/assets/${String(req.params.file)}`);
      if (!asset) {
        next();
        return;
      }
      send(req, res, asset, ASSET_CACHE);
    });
  };
}

function send(req: Request, res: Response, asset: StaticAsset, cacheControl: string): void {
  res.set({
    'Content-Type': asset.contentType,
    'Cache-Control': cacheControl,
    ETag: asset.etag,
    Vary: 'Accept-Encoding',
  });
  sendNegotiated(req, res, asset);
}
