import type { Request, Response, Router } from 'express';
import type { HttpRegistration } from '../app.ts';
import { AppError } from '../shared/errors.ts';
import { loadWidgetBuild, type StaticAsset, type WidgetBuild } from './widget-build.ts';

/** Shops see a new widget within five minutes; the loader is tiny, so the revalidations cost little. */
const LOADER_CACHE = 'public, max-age=300';
/** Content-hashed names never change content. */
const ASSET_CACHE = 'public, max-age=31536000, immutable';

/**
 * GET /widget.js (the loader a shop's tag loads) and GET /widget/assets/* (the content-hashed app). They are
 * public files that pages of other origins load, so they carry CORS and CORP headers that allow it (helmet's
 * `Cross-Origin-Resource-Policy: same-origin` would make the browser drop them); who may then *talk* to the
 * chat is still the socket's Origin check (WIDGET_ORIGINS). Pass `build` in tests; by default the output of
 * `npm run build` / `npm start` is read once, at start-up.
 */
export function widgetRoutes(options: { build?: WidgetBuild | null } = {}): HttpRegistration {
  return (app: Router, context) => {
    const build = options.build === undefined ? loadWidgetBuild() : options.build;
    if (build === null) {
      context.logger.warn('the widget is not built: /widget.js answers 503 until `npm run build` is run');
    }
    app.get('/widget.js', (req, res) => {
      if (build === null) throw new AppError('UNAVAILABLE', 'The chat widget is not built on this server.');
      sendAsset(req, res, build.loader, LOADER_CACHE);
    });
    app.get('/widget/assets/:file', (req, res, next) => {
      const asset = build?.assets.get(`/widget/assets/${String(req.params.file)}`);
      if (!asset) {
        next();
        return;
      }
      sendAsset(req, res, asset, ASSET_CACHE);
    });
  };
}

function sendAsset(req: Request, res: Response, asset: StaticAsset, cacheControl: string): void {
  res.set({
    'Content-Type': asset.contentType,
    'Cache-Control': cacheControl,
    ETag: asset.etag,
    Vary: 'Accept-Encoding',
    'Access-Control-Allow-Origin': '*',
    'Cross-Origin-Resource-Policy': 'cross-origin',
    'Timing-Allow-Origin': '*',
  });
  // Pages' policies do not apply to scripts; helmet's page headers would only confuse readers.
  res.removeHeader('Content-Security-Policy');
  res.removeHeader('Cross-Origin-Opener-Policy');
  res.removeHeader('Origin-Agent-Cluster');
  sendNegotiated(req, res, asset);
}

/**
 * The asset's body in the best encoding the client accepts (or 304 when its cached copy is fresh); the caller
 * has set the cache and CORS headers. Shared by the widget's and the console's routes.
 */
export function sendNegotiated(req: Request, res: Response, asset: StaticAsset): void {
  if (req.fresh) {
    res.status(304).end();
    return;
  }
  const encoding = preferredEncoding(req.headers['accept-encoding'], asset);
  const body = encoding === 'br' ? asset.br! : encoding === 'gzip' ? asset.gzip! : asset.identity;
  if (encoding !== 'identity') res.set('Content-Encoding', encoding);
  res.set('Content-Length', String(body.length));
  res.status(200).end(req.method === 'HEAD' ? undefined : body);
}

/** br, then gzip, when the client accepts them (q > 0) and a precompressed copy exists. */
export function preferredEncoding(
  header: string | undefined,
  asset: Pick<StaticAsset, 'br' | 'gzip'>,
): 'br' | 'gzip' | 'identity' {
  const accepted = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const allows = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (asset.br && allows('br')) return 'br';
  if (asset.gzip && allows('gzip')) return 'gzip';
  return 'identity';
}
