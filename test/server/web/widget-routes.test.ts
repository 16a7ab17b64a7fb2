import { expect } from 'chai';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import request from 'supertest';
import { loadWidgetBuild, type StaticAsset, type WidgetBuild } from '../../../server/web/widget-build.ts';
import { preferredEncoding, widgetRoutes } from '../../../server/web/widget-routes.ts';
import { buildTestApp } from '../../support/app.ts';
import { fakeRepositories } from '../../support/fakes.ts';
import { widgetBuild } from '../../support/widget-server.ts';

function asset(urlPath: string, text: string): StaticAsset {
  const identity = Buffer.from(text);
  return {
    urlPath,
    contentType: 'text/javascript; charset=utf-8',
    etag: `"${urlPath.length}-${text.length}"`,
    identity,
    gzip: gzipSync(identity),
    br: brotliCompressSync(identity),
  };
}

const FAKE_BUILD: WidgetBuild = {
  loader: asset('/widget.js', 'console.log("loader")'),
  assets: new Map([
    ['/widget/assets/app-ABC123.js', asset('/widget/assets/app-ABC123.js', 'export const app = 1;')],
  ]),
};

const appWith = (build: WidgetBuild | null) =>
  buildTestApp({ repositories: fakeRepositories() }, { http: [widgetRoutes({ build })] }).app;

describe('serving the widget (GET /widget.js and /widget/assets/*)', () => {
  it('serves the loader with a short cache and the headers a shop of another origin needs', async () => {
    const response = await request(appWith(FAKE_BUILD))
      .get('/widget.js')
      .set('Origin', 'https://any-shop.example')
      .set('Accept-Encoding', 'identity');
    expect(response.status).to.equal(200);
    expect(response.text).to.equal('console.log("loader")');
    expect(response.headers).to.include({
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=300',
      'cross-origin-resource-policy': 'cross-origin',
      'access-control-allow-origin': '*',
      'x-content-type-options': 'nosniff',
      vary: 'Accept-Encoding',
    });
    expect(response.headers).to.not.have.property('content-security-policy');
    expect(response.headers).to.not.have.property('content-encoding');
  });

  it('serves content-hashed assets with a long, immutable cache', async () => {
    const response = await request(appWith(FAKE_BUILD))
      .get('/widget/assets/app-ABC123.js')
      .set('Accept-Encoding', 'identity');
    expect(response.status).to.equal(200);
    expect(response.headers['cache-control']).to.equal('public, max-age=31536000, immutable');
    expect(response.headers['cross-origin-resource-policy']).to.equal('cross-origin');
    expect(response.headers['access-control-allow-origin']).to.equal('*');
  });

  it('sends the precompressed copy the client accepts: br, else gzip, else none', async () => {
    const app = appWith(FAKE_BUILD);
    // supertest decodes the body by its Content-Encoding: the text only comes back if the bytes were right.
    const br = await request(app).get('/widget.js').set('Accept-Encoding', 'gzip, deflate, br');
    expect(br.headers['content-encoding']).to.equal('br');
    expect(br.text).to.equal('console.log("loader")');
    const gzip = await request(app).get('/widget.js').set('Accept-Encoding', 'gzip;q=1, br;q=0');
    expect(gzip.headers['content-encoding']).to.equal('gzip');
    expect(gzip.text).to.equal('console.log("loader")');
  });

  it('answers 304 to a revalidation with the same ETag', async () => {
    const app = appWith(FAKE_BUILD);
    const first = await request(app).get('/widget.js');
    const second = await request(app)
      .get('/widget.js')
      .set('If-None-Match', first.headers.etag as string);
    expect(second.status).to.equal(304);
    expect(second.text).to.equal('');
  });

  it('serves only files of the build: other names under /widget/assets are a JSON 404', async () => {
    const app = appWith(FAKE_BUILD);
    for (const path of [
      '/widget/assets/app-OTHER.js',
      '/widget/assets/..%2F..%2Fpackage.json',
      '/widget/assets/',
    ]) {
      const response = await request(app).get(path);
      expect(response.status, path).to.equal(404);
      expect(response.body.error.code, path).to.equal('ROUTE_NOT_FOUND');
    }
  });

  it('answers 503 UNAVAILABLE for /widget.js when the widget was never built', async () => {
    const response = await request(appWith(null)).get('/widget.js');
    expect(response.status).to.equal(503);
    expect(response.body.error.code).to.equal('UNAVAILABLE');
  });

  it('serves the real build: a loader that imports the hashed app, both within the size budgets', async () => {
    const build = await widgetBuild();
    const app = appWith(build);
    const loader = await request(app).get('/widget.js').set('Accept-Encoding', 'identity');
    const appPath = [...build.assets.keys()].find((key) => key.startsWith('/widget/assets/app-'));
    expect(appPath).to.match(/^\/widget\/assets\/app-[A-Z0-9]+\.js$/);
    expect(loader.text).to.include(appPath!.slice(1));
    const module = await request(app).get(appPath!).set('Accept-Encoding', 'identity');
    expect(module.status).to.equal(200);
    expect(module.text).to.match(/export\s*\{/);
    // The budgets themselves are measured by `npm run bench:widget`; this only catches a runaway bundle.
    expect(build.loader.gzip!.length).to.be.at.most(2048);
    const assets = [...build.assets.values()].reduce((sum, asset) => sum + asset.gzip!.length, 0);
    expect(build.loader.gzip!.length + assets).to.be.at.most(40 * 1024);
    expect(loadWidgetBuild('/nonexistent/widget')).to.equal(null);
  });

  it('picks encodings by the Accept-Encoding rules (q=0 refuses, * accepts)', () => {
    const both = { br: Buffer.alloc(1), gzip: Buffer.alloc(1) };
    expect(preferredEncoding(undefined, both)).to.equal('identity');
    expect(preferredEncoding('br;q=0, gzip', both)).to.equal('gzip');
    expect(preferredEncoding('*', both)).to.equal('br');
    expect(preferredEncoding('GZIP', both)).to.equal('gzip');
    expect(preferredEncoding('br', { br: null, gzip: Buffer.alloc(1) })).to.equal('identity');
  });
});
