import { expect } from 'chai';
import { createConnection, type AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import request from 'supertest';
import type { Application } from '../../../server/app.ts';
import { buildTestApp, testConfig } from '../../support/app.ts';
import { fakeRepositories } from '../../support/fakes.ts';

const emptyCatalogue = fakeRepositories({
  products: { list: async () => ({ items: [], page: 1, limit: 20, total: 0 }) },
});

describe('the application shell', () => {
  let application: Application;
  afterEach(async () => {
    await application?.close();
  });

  describe('health and readiness', () => {
    it('answers /healthz while alive', async () => {
      application = buildTestApp({ repositories: emptyCatalogue });
      await request(application.app).get('/healthz').expect(200, { status: 'ok' });
    });

    it('answers /readyz 200 when every named check passes', async () => {
      application = buildTestApp({
        repositories: emptyCatalogue,
        readinessChecks: [{ name: 'database', check: () => {} }],
      });
      const response = await request(application.app).get('/readyz').expect(200);
      expect(response.body).to.deep.equal({ status: 'ready', checks: { database: 'ok' } });
    });

    it('answers 503 naming the failing check, without its error text', async () => {
      application = buildTestApp({
        repositories: emptyCatalogue,
        readinessChecks: [
          { name: 'database', check: () => Promise.resolve() },
          { name: 'model', check: () => Promise.reject(new Error('model file /secret/path missing')) },
        ],
      });
      const response = await request(application.app).get('/readyz').expect(503);
      expect(response.body).to.deep.equal({
        status: 'not_ready',
        checks: { database: 'ok', model: 'failing' },
      });
      expect(response.text).not.to.include('/secret/path');
    });

    it('takes checks added after start-up, such as "model loaded"', async () => {
      application = buildTestApp({ repositories: emptyCatalogue });
      let loaded = false;
      application.readiness.add({
        name: 'model',
        check: () => {
          if (!loaded) throw new Error('not yet');
        },
      });
      await request(application.app).get('/readyz').expect(503);
      loaded = true;
      await request(application.app).get('/readyz').expect(200);
    });

    it('answers 503 "shutting_down" once shutdown began, even with every check passing', async () => {
      application = buildTestApp({
        repositories: emptyCatalogue,
        readinessChecks: [{ name: 'db', check: () => {} }],
      });
      application.readiness.markShuttingDown();
      const response = await request(application.app).get('/readyz').expect(503);
      expect(response.body.status).to.equal('shutting_down');
    });
  });

  describe('metrics', () => {
    it('serves process metrics and counts requests by route pattern', async () => {
      application = buildTestApp({ repositories: emptyCatalogue });
      await request(application.app).get('/api/products').expect(200);
      await request(application.app).get('/no/such/thing').expect(404);
      const response = await request(application.app).get('/metrics').expect(200);
      expect(response.headers['content-type']).to.match(/^text\/plain/);
      expect(response.text).to.include('process_cpu_seconds_total');
      expect(response.text).to.match(
        /http_requests_total\{method="GET",route="\/api\/products",status="200"\} 1/,
      );
      expect(response.text).to.match(/http_requests_total\{method="GET",route="unmatched",status="404"\} 1/);
      expect(response.text).to.include('http_request_duration_seconds_bucket');
    });

    it('keeps a registry per application, so two apps in one process do not collide', async () => {
      const first = buildTestApp({ repositories: emptyCatalogue });
      application = buildTestApp({ repositories: emptyCatalogue });
      await request(first.app).get('/api/products').expect(200);
      const response = await request(application.app).get('/metrics').expect(200);
      expect(response.text).not.to.match(/route="\/api\/products"/);
      await first.close();
    });
  });

  describe('errors', () => {
    it('answers unknown routes with a JSON 404', async () => {
      application = buildTestApp({ repositories: emptyCatalogue });
      const response = await request(application.app).get('/nowhere').expect(404);
      expect(response.body.error.code).to.equal('ROUTE_NOT_FOUND');
    });

    it('never leaks a stack or a database message', async () => {
      application = buildTestApp({
        repositories: fakeRepositories({
          products: {
            list: async () => {
              throw new Error('E11000 duplicate key error collection: concierge.products at /srv/app.ts:42');
            },
          },
        }),
      });
      const response = await request(application.app).get('/api/products').expect(500);
      expect(response.body).to.deep.equal({
        error: { code: 'INTERNAL', message: 'Something went wrong on our side.' },
      });
      expect(response.text).not.to.match(/E11000|app\.ts|at /);
    });

    it('refuses malformed JSON with MALFORMED_JSON', async () => {
      application = buildTestApp({ repositories: emptyCatalogue });
      const response = await request(application.app)
        .post('/api/auth/login')
        .set('content-type', 'application/json')
        .send('{"email": ')
        .expect(400);
      expect(response.body.error.code).to.equal('MALFORMED_JSON');
    });

    it('refuses bodies over the configured limit with PAYLOAD_TOO_LARGE', async () => {
      application = buildTestApp({
        repositories: emptyCatalogue,
        config: testConfig({ BODY_LIMIT_BYTES: '2048' }),
      });
      const response = await request(application.app)
        .post('/api/auth/login')
        .send({ email: 'a@b.io', password: 'x'.repeat(4000) })
        .expect(413);
      expect(response.body.error.code).to.equal('PAYLOAD_TOO_LARGE');
    });
  });

  describe('request handling', () => {
    it('gives every response a request id, reusing a well-formed incoming one', async () => {
      application = buildTestApp({ repositories: emptyCatalogue });
      const fresh = await request(application.app).get('/healthz');
      expect(fresh.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
      const reused = await request(application.app).get('/healthz').set('x-request-id', 'proxy-id-12345');
      expect(reused.headers['x-request-id']).to.equal('proxy-id-12345');
      const unsafe = await request(application.app).get('/healthz').set('x-request-id', 'bad id\twith tab');
      expect(unsafe.headers['x-request-id']).not.to.equal('bad id\twith tab');
    });

    it('sets helmet security headers and hides the framework', async () => {
      application = buildTestApp({ repositories: emptyCatalogue });
      const response = await request(application.app).get('/healthz');
      expect(response.headers).to.have.property('x-content-type-options', 'nosniff');
      expect(response.headers).to.have.property('content-security-policy');
      expect(response.headers).not.to.have.property('x-powered-by');
    });

    it('allows CORS only for configured widget origins', async () => {
      application = buildTestApp({
        repositories: emptyCatalogue,
        config: testConfig({ WIDGET_ORIGINS: 'https://shop.example' }),
      });
      const allowed = await request(application.app)
        .get('/api/products')
        .set('origin', 'https://shop.example');
      expect(allowed.headers['access-control-allow-origin']).to.equal('https://shop.example');
      const refused = await request(application.app)
        .get('/api/products')
        .set('origin', 'https://evil.example');
      expect(refused.headers).not.to.have.property('access-control-allow-origin');
    });
  });

  describe('sockets', () => {
    let socket: Socket | undefined;
    afterEach(() => {
      socket?.close();
      socket = undefined;
    });

    async function listen(app: Application): Promise<string> {
      await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;
    }

    function attempt(url: string, origin: string): Promise<'connected' | string> {
      socket = connect(url, { transports: ['websocket'], extraHeaders: { origin }, reconnection: false });
      return new Promise((resolve) => {
        socket!.once('connect', () => resolve('connected'));
        socket!.once('connect_error', (error) => resolve(error.message));
      });
    }

    it('refuses socket connections from origins that are not allowed', async () => {
      application = buildTestApp({
        repositories: emptyCatalogue,
        config: testConfig({ WIDGET_ORIGINS: 'https://shop.example' }),
      });
      const url = await listen(application);
      expect(await attempt(url, 'https://evil.example')).not.to.equal('connected');
      socket!.close();
      expect(await attempt(url, 'https://shop.example')).to.equal('connected');
    });

    it('on close, finishes in-flight requests while refusing new connections', async () => {
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      application = buildTestApp(
        { repositories: emptyCatalogue },
        {
          http: [
            (router) =>
              router.get('/slow', async (_req, res) => {
                entered();
                await released;
                res.json({ finished: true });
              }),
          ],
        },
      );
      const url = await listen(application);
      const inFlight = fetch(`${url}/slow`);
      await inside;
      const { port } = application.httpServer.address() as AddressInfo;
      const closed = application.close();
      expect((await request(application.app).get('/readyz')).status).to.equal(503);
      const refused = await new Promise<string>((resolve) => {
        const probe = createConnection({ host: '127.0.0.1', port });
        probe.once('connect', () => {
          probe.destroy();
          resolve('accepted');
        });
        probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });
      expect(refused).to.equal('ECONNREFUSED');
      release();
      const response = await inFlight;
      expect(response.status).to.equal(200);
      expect(await response.json()).to.deep.equal({ finished: true });
      await closed;
    });

    it('registers gateways from the options and closes them with the application', async () => {
      const events: string[] = [];
      application = buildTestApp(
        { repositories: emptyCatalogue },
        {
          gateways: [
            (io, context) => {
              io.of('/probe').on('connection', (client) =>
                client.emit('hello', context.config.messageMaxLength),
              );
              return { close: () => void events.push('gateway closed') };
            },
          ],
        },
      );
      const url = await listen(application);
      socket = connect(`${url}/probe`, { transports: ['websocket'], reconnection: false });
      const greeting = await new Promise<number>((resolve) => socket!.once('hello', resolve));
      expect(greeting).to.equal(2000);
      const disconnected = new Promise<string>((resolve) => socket!.once('disconnect', resolve));
      await application.close();
      expect(await disconnected).to.be.a('string');
      expect(events).to.deep.equal(['gateway closed']);
      expect(application.httpServer.listening).to.equal(false);
    });
  });
});
