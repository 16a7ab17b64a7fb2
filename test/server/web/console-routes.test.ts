import { expect } from 'chai';
import request from 'supertest';
import { consoleRoutes } from '../../../server/web/console-routes.ts';
import { buildTestApp } from '../../support/app.ts';
import { consoleBuild } from '../../support/console-page.ts';
import { fakeRepositories } from '../../support/fakes.ts';

describe('GET /console/ (the built agent console)', () => {
  it('serves the page (no-cache, helmet CSP) and its hashed assets (immutable, precompressed)', async () => {
    const build = await consoleBuild();
    const { app } = buildTestApp({ repositories: fakeRepositories() }, { http: [consoleRoutes({ build })] });
    const page = await request(app).get('/console/').expect(200);
    expect(page.headers['content-type']).to.match(/^text\/html/);
    expect(page.headers['cache-control']).to.equal('no-cache');
    expect(page.headers['content-security-policy']).to.contain("script-src 'self'");
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(page.text)?.[1];
    expect(script, 'the page names its script').to.be.a('string');
    const asset = await request(app).get(script!).set('Accept-Encoding', 'gzip').expect(200);
    expect(asset.headers['content-type']).to.match(/^text\/javascript/);
    expect(asset.headers['cache-control']).to.contain('immutable');
    expect(asset.headers['content-encoding']).to.equal('gzip');
  });

  it('redirects /console to /console/, and answers unknown files with the JSON 404', async () => {
    const build = await consoleBuild();
    const { app } = buildTestApp({ repositories: fakeRepositories() }, { http: [consoleRoutes({ build })] });
    const redirect = await request(app).get('/console').expect(301);
    expect(redirect.headers.location).to.equal('/console/');
    const missing = await request(app).get('/console/assets/nope.js').expect(404);
    expect(missing.body.error.code).to.equal('ROUTE_NOT_FOUND');
    await request(app).get('/console/assets/..%2Fmanifest.json').expect(404);
  });

  it('answers 503 UNAVAILABLE when the console was never built', async () => {
    const { app } = buildTestApp(
      { repositories: fakeRepositories() },
      { http: [consoleRoutes({ build: null })] },
    );
    const response = await request(app).get('/console/').expect(503);
    expect(response.body.error.code).to.equal('UNAVAILABLE');
  });
});
