import { createRequire } from 'node:module';
import path from 'node:path';
import { Router } from 'express';
import type { Config } from '../../config.ts';
import { AppError } from '../../shared/errors.ts';
import { buildOpenApiDocument } from '../openapi/document.ts';

const require = createRequire(import.meta.url);

/** Scalar's self-contained browser build, served from node_modules (no CDN at run time). */
const SCALAR_BUNDLE = path.join(
  path.dirname(require.resolve('@scalar/api-reference')),
  'browser/standalone.js',
);

// No inline script: the page passes its settings through data attributes to a script of our own, so the
// default Content-Security-Policy (script-src 'self') stays as it is.
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Concierge API reference</title>
</head>
<body>
<div id="api-reference" data-url="/api/openapi.json"></div>
<script src="/api/docs/scalar.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>
`;

// Local fonts only, no "try it" proxy, no telemetry: the page talks to this server and nothing else.
const INIT = `Scalar.createApiReference('#api-reference', {
  url: document.getElementById('api-reference').dataset.url,
  withDefaultFonts: false,
  showDeveloperTools: 'never',
  telemetry: false,
  proxyUrl: undefined,
});
`;

const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'self'",
].join('; ');

/** `/api/openapi.json` (generated once from the zod schemas) and the interactive reference at `/api/docs`. */
export function apiDocsRouter(config: Pick<Config, 'messageMaxLength' | 'reportsTimeZone'>): Router {
  const router = Router();
  const document = JSON.stringify(buildOpenApiDocument(config));
  router.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(document);
  });
  router.get('/docs', (_req, res) => {
    // Scalar injects its styles inline; everything else (fonts included) must come from this server.
    res.setHeader('Content-Security-Policy', DOCS_CSP);
    res.type('html').send(PAGE);
  });
  router.get('/docs/:file', (req, res) => {
    if (req.params.file === 'init.js') {
      res.type('text/javascript').send(INIT);
      return;
    }
    if (req.params.file !== 'scalar.js')
      throw new AppError('ROUTE_NOT_FOUND', `No route for GET ${req.path}.`);
    res.sendFile(SCALAR_BUNDLE, {
      maxAge: '1h',
      headers: { 'Content-Type': 'text/javascript; charset=utf-8' },
    });
  });
  return router;
}
