import { Validator } from '@seriousme/openapi-schema-validator';
import { expect } from 'chai';
import type { Router } from 'express';
import request from 'supertest';
import type { Application } from '../../server/app.ts';
import { adminIntentRoutes } from '../../server/http/routes/admin-intents.ts';
import { adminKnowledgeRoutes } from '../../server/http/routes/admin-knowledge.ts';
import { adminMisunderstoodRoutes } from '../../server/http/routes/admin-misunderstood.ts';
import { analyticsModelRoutes } from '../../server/http/routes/analytics-models.ts';
import { dataIoRoutes } from '../../server/http/routes/data-io.ts';
import { nlpRoutes } from '../../server/http/routes/nlp.ts';
import { reportRoutes } from '../../server/http/routes/reports.ts';
import { shopPages } from '../../server/http/routes/shop-pages.ts';
import { openApiPath } from '../../server/http/openapi/document.ts';
import { demoShop } from '../../server/web/demo-shop/routes.ts';
import { widgetRoutes } from '../../server/web/widget-routes.ts';
import { buildTestApp } from '../support/app.ts';
import { fakeRepositories } from '../support/fakes.ts';

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
  rawPath?: string | RegExp;
}

/** Every method + path the express app answers, read from its router stack (nested routers included). */
function mountedRoutes(router: { stack: Layer[] }, prefix = ''): string[] {
  const out: string[] = [];
  for (const layer of router.stack) {
    if (layer.route !== undefined) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      for (const path of paths) {
        for (const method of Object.keys(layer.route.methods)) {
          if (method === '_all') continue;
          out.push(`${method} ${(prefix + path).replace(/\/$/, '') || '/'}`);
        }
      }
    } else if (layer.handle.stack !== undefined) {
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      out.push(...mountedRoutes(layer.handle as { stack: Layer[] }, prefix + mount));
    }
  }
  return out;
}

/** Parameter names do not matter to OpenAPI (`/p/{a}` and `/p/{b}` are one path). */
const shape = (path: string) => openApiPath(path).replace(/\{[^}]+\}/g, '{}');

describe('the OpenAPI document', () => {
  let application: Application;

  before(() => {
    const repositories = fakeRepositories();
    // The same HTTP registrations as server/index.ts, on fakes: only the router stack is read.
    application = buildTestApp(
      { repositories },
      {
        http: [
          nlpRoutes({ analyse: () => ({}) as never }),
          widgetRoutes({ build: null }),
          demoShop(),
          shopPages(repositories),
          reportRoutes({ reports: {} as never, rebuild: async () => ({}) as never, timeZone: 'UTC' }),
          analyticsModelRoutes({} as never),
          adminIntentRoutes({} as never),
          adminKnowledgeRoutes(),
          adminMisunderstoodRoutes({} as never, {} as never),
          dataIoRoutes({ jobs: {} as never, models: {} as never }),
        ],
      },
    );
  });
  after(() => application.close());

  it('is served at /api/openapi.json and is a valid OpenAPI 3.1 document', async () => {
    const response = await request(application.app).get('/api/openapi.json').expect(200);
    expect(response.body.openapi).to.equal('3.1.0');
    const validator = new Validator();
    const result = await validator.validate(response.body);
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 1)?.slice(0, 2000)).to.deep.equal([]);
    expect(result.valid).to.equal(true);
  });

  it('has every route the application mounts, and nothing it does not', async () => {
    const { body } = await request(application.app).get('/api/openapi.json').expect(200);
    const documented = new Set<string>();
    for (const [path, item] of Object.entries(body.paths as Record<string, object>)) {
      for (const method of Object.keys(item)) documented.add(`${method} ${shape(path)}`);
    }
    const mounted = new Set(
      mountedRoutes((application.app as unknown as { router: Router & { stack: Layer[] } }).router).map(
        (route) => {
          const [method, path] = route.split(' ');
          return `${method} ${shape(path!)}`;
        },
      ),
    );
    expect(mounted.size).to.be.greaterThan(40);
    expect(
      [...mounted].filter((route) => !documented.has(route)),
      'mounted but undocumented',
    ).to.deep.equal([]);
    expect(
      [...documented].filter((route) => !mounted.has(route)),
      'documented but not mounted',
    ).to.deep.equal([]);
  });

  it('describes the write API from the schemas the routes validate with', async () => {
    const { body } = await request(application.app).get('/api/openapi.json').expect(200);
    const create = body.paths['/api/contacts'].post;
    expect(create.security).to.deep.equal([{ bearer: [] }]);
    expect(create.parameters.map((p: { name: string }) => p.name)).to.include('Idempotency-Key');
    const schema = create.requestBody.content['application/json'].schema;
    const resolved = schema.$ref ? body.components.schemas[schema.$ref.split('/').pop()] : schema;
    expect(resolved.additionalProperties).to.equal(false);
    expect(Object.keys(resolved.properties)).to.include.members(['name', 'emails', 'phones', 'attributes']);
    expect(body.paths['/api/tickets/{id}'].patch.responses).to.have.keys('200', '400', '401', '403', '404');
    expect(body.components.schemas.Error.properties.error.properties.code.enum).to.include(
      'IDEMPOTENCY_KEY_REUSED',
    );
  });

  it('serves the interactive reference and its script from this server, under the default CSP', async () => {
    const page = await request(application.app).get('/api/docs').expect(200);
    expect(page.text).to.include('/api/docs/scalar.js');
    expect(page.text).to.not.match(/https?:\/\//);
    expect(page.headers['content-security-policy'])
      .to.include("script-src 'self'")
      .and.include("font-src 'self' data:");
    const script = await request(application.app).get('/api/docs/scalar.js').expect(200);
    expect(script.headers['content-type']).to.include('javascript');
    expect(Number(script.headers['content-length'] ?? script.text.length)).to.be.greaterThan(100_000);
    await request(application.app).get('/api/docs/other.js').expect(404);
  });
});
