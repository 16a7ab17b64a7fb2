import { expect } from 'chai';
import { createConnection, type AddressInfo, type Socket as TcpSocket } from 'node:net';
import { Writable } from 'node:stream';
import { io as connect, type Socket } from 'socket.io-client';
import request from 'supertest';
import type { Application } from '../../../server/app.ts';
import type { UserRecord } from '../../../server/data/records.ts';
import { createLogger } from '../../../server/shared/logger.ts';
import { bearer, buildTestApp, createUser, testConfig } from '../../support/app.ts';
import { startTestDatabase, type TestDatabase } from '../../support/database.ts';

/** A logger whose JSON lines the test reads back. */
function capturingLogger() {
  const lines: { level: number; msg?: string; err?: { stack?: string } }[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', pretty: false, destination }), lines };
}

async function listen(application: Application): Promise<{ url: string; port: number }> {
  await new Promise<void>((resolve) => application.httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = application.httpServer.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, port };
}

/** A raw TCP client, to send exactly (and only) the bytes a test wants. */
function rawClient(port: number) {
  const socket = createConnection({ host: '127.0.0.1', port });
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => {});
  const receivedText = (text: string) =>
    new Promise<string>((resolve) => {
      const check = () => {
        if (!received.includes(text)) return;
        socket.off('data', check);
        resolve(received);
      };
      socket.on('data', check);
      check();
    });
  return { socket: socket as TcpSocket, closed, receivedText, received: () => received };
}

const codeOf = (response: request.Response) => (response.body as { error: { code: string } }).error.code;

describe('hardening of the HTTP and socket edges', () => {
  let db: TestDatabase;
  let agent: UserRecord;
  let application: Application | undefined;
  let socket: Socket | undefined;

  before(async () => {
    db = await startTestDatabase();
    agent = await createUser(db.repositories, 'agent');
  });
  after(async () => {
    await db?.stop();
  });
  afterEach(async () => {
    socket?.close();
    socket = undefined;
    await application?.close();
    application = undefined;
  });

  describe('client input that used to give 500 INTERNAL', () => {
    it('answers 4xx in the documented shape, with no error-level log, for NUL bytes, bad escapes, false gzip and UTF-7', async () => {
      const { logger, lines } = capturingLogger();
      application = buildTestApp({ repositories: db.repositories, logger });
      const app = application.app;
      const asAgent = (path: string) => request(app).get(path).set('authorization', bearer(agent));

      const cases: [string, request.Response, number, string][] = [
        ['q=%00 on products', await request(app).get('/api/products?q=%00'), 400, 'VALIDATION_FAILED'],
        ['category=%00', await request(app).get('/api/products?category=a%00b'), 400, 'VALIDATION_FAILED'],
        ['q=%00 on contacts', await asAgent('/api/contacts?q=%00'), 400, 'VALIDATION_FAILED'],
        ['email=%00 on contacts', await asAgent('/api/contacts?email=a%00'), 400, 'VALIDATION_FAILED'],
        ['q=%00 on tickets', await asAgent('/api/tickets?q=x%00y'), 400, 'VALIDATION_FAILED'],
        ['%ZZ in an id', await asAgent('/api/contacts/%ZZ'), 400, 'VALIDATION_FAILED'],
        [
          'a body declared gzip that is not',
          await request(app)
            .post('/api/auth/login')
            .set('content-type', 'application/json')
            .set('content-encoding', 'gzip')
            .send('{"email":"a@shop.test","password":"whatever-it-is"}'),
          400,
          'MALFORMED_BODY',
        ],
        [
          'charset=utf-7',
          await request(app)
            .post('/api/auth/login')
            .set('content-type', 'application/json; charset=utf-7')
            .send('{"email":"a@shop.test","password":"whatever-it-is"}'),
          415,
          'UNSUPPORTED_MEDIA_TYPE',
        ],
      ];
      for (const [what, response, status, code] of cases) {
        expect(response.status, what).to.equal(status);
        expect(Object.keys(response.body), what).to.deep.equal(['error']);
        expect(codeOf(response), what).to.equal(code);
        expect(response.body.error.message, what).to.be.a('string');
        expect(response.text, what).not.to.match(/\bat \S+:\d+/);
      }
      expect(lines.filter((line) => line.level >= 50)).to.deep.equal([]);
      expect(lines.filter((line) => line.msg === 'request refused')).to.have.length(cases.length);
    });

    it('still answers the same search without the control character', async () => {
      application = buildTestApp({ repositories: db.repositories });
      await request(application.app).get('/api/products?q=x').expect(200);
    });
  });

  describe('slow and oversized requests', () => {
    it('refuses a declared 50 MB body with 413 as soon as the headers arrive, and closes the connection', async () => {
      application = buildTestApp({ repositories: db.repositories });
      const { port } = await listen(application);
      const client = rawClient(port);
      client.socket.write(
        'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
          `Content-Length: ${50 * 1024 * 1024}\r\n\r\n{"email":`,
      );
      // Not one more byte of the body is sent: only an early answer can end this wait.
      const answer = await client.receivedText('PAYLOAD_TOO_LARGE');
      expect(answer).to.match(/^HTTP\/1\.1 413 /);
      expect(answer.toLowerCase()).to.include('connection: close');
      await client.closed;
    });

    it('answers 408 and closes a connection whose headers do not arrive within HTTP_HEADERS_TIMEOUT_MS', async () => {
      application = buildTestApp({
        repositories: db.repositories,
        config: testConfig({ HTTP_HEADERS_TIMEOUT_MS: '1000' }),
      });
      expect(application.httpServer.headersTimeout).to.equal(1000);
      const { port } = await listen(application);
      const client = rawClient(port);
      client.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
      await client.closed;
      expect(client.received()).to.match(/^HTTP\/1\.1 408 /);
    });

    it('sets the whole-request timeout from HTTP_REQUEST_TIMEOUT_MS', () => {
      application = buildTestApp({
        repositories: db.repositories,
        config: testConfig({ HTTP_REQUEST_TIMEOUT_MS: '45000' }),
      });
      expect(application.httpServer.requestTimeout).to.equal(45_000);
    });

    it('on close, cuts requests whose body is still arriving and clients still sending headers, and finishes', async () => {
      application = buildTestApp({ repositories: db.repositories });
      const { port } = await listen(application);
      const stalledBody = rawClient(port);
      stalledBody.socket.write(
        'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
          'Content-Length: 100\r\nExpect: 100-continue\r\n\r\n',
      );
      await stalledBody.receivedText('100 Continue');
      const stalledHeaders = rawClient(port);
      stalledHeaders.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
      const idle = rawClient(port);
      idle.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
      await idle.receivedText('"ok"');

      await application.close();
      await Promise.all([stalledBody.closed, stalledHeaders.closed, idle.closed]);
      expect(application.httpServer.listening).to.equal(false);
    });
  });

  describe('origins', () => {
    const config = () => testConfig({ WIDGET_ORIGINS: 'https://shop.example' });

    function attempt(url: string, origin: string, host?: string): Promise<string> {
      socket = connect(url, {
        transports: ['websocket'],
        extraHeaders: host === undefined ? { origin } : { origin, host },
        reconnection: false,
        forceNew: true,
      });
      return new Promise((resolve) => {
        socket!.once('connect', () => resolve('connected'));
        socket!.once('connect_error', (error) => resolve(error.message));
      });
    }

    it('refuses a foreign page that claims its own site as the Host (the Host header is not trusted)', async () => {
      application = buildTestApp({ repositories: db.repositories, config: config() });
      const { url, port } = await listen(application);
      expect(await attempt(url, 'https://evil.example', 'evil.example')).to.equal('websocket error');
      socket!.close();
      expect(await attempt(url, `http://evil.example:${port}`, `evil.example:${port}`)).to.equal(
        'websocket error',
      );
      socket!.close();
      const cors = await request(application.app)
        .get('/api/products')
        .set('host', 'evil.example')
        .set('origin', 'https://evil.example');
      expect(cors.headers).not.to.have.property('access-control-allow-origin');
    });

    it('accepts the configured widget origin and the origins the server listens on (same-origin pages)', async () => {
      application = buildTestApp({ repositories: db.repositories, config: config() });
      const { url, port } = await listen(application);
      expect(await attempt(url, 'https://shop.example')).to.equal('connected');
      socket!.close();
      expect(await attempt(url, `http://127.0.0.1:${port}`)).to.equal('connected');
      socket!.close();
      expect(await attempt(url, `http://localhost:${port}`)).to.equal('connected');
      socket!.close();
      expect(await attempt(url, `https://127.0.0.1:${port}`)).not.to.equal('connected');
    });

    it('refuses the socket.io handshake with 403 and the code ORIGIN_NOT_ALLOWED in the body', async () => {
      application = buildTestApp({ repositories: db.repositories, config: config() });
      const { url } = await listen(application);
      const response = await fetch(`${url}/socket.io/?EIO=4&transport=polling`, {
        headers: { origin: 'https://evil.example' },
      });
      expect(response.status).to.equal(403);
      expect(await response.json()).to.deep.equal({ code: 4, message: 'ORIGIN_NOT_ALLOWED' });
    });
  });

  describe('/metrics', () => {
    it('answers only the configured bearer token when METRICS_TOKEN is set', async () => {
      application = buildTestApp({
        repositories: db.repositories,
        config: testConfig({ METRICS_TOKEN: 'scrape-token-0123456789' }),
      });
      expect(codeOf(await request(application.app).get('/metrics').expect(401))).to.equal('UNAUTHENTICATED');
      const wrong = await request(application.app)
        .get('/metrics')
        .set('authorization', 'Bearer scrape-token-0123456780')
        .expect(401);
      expect(codeOf(wrong)).to.equal('INVALID_TOKEN');
      const right = await request(application.app)
        .get('/metrics')
        .set('authorization', 'Bearer scrape-token-0123456789')
        .expect(200);
      expect(right.text).to.include('process_cpu_seconds_total');
    });

    it('labels a route by its full pattern, also when the error handler answers', async () => {
      application = buildTestApp({ repositories: db.repositories });
      const asAgent = (path: string) =>
        request(application!.app).get(path).set('authorization', bearer(agent));
      await asAgent('/api/contacts/not-an-id').expect(400);
      await asAgent('/api/contacts/0123456789abcdef01234567').expect(404);
      await asAgent('/api/tickets?status=lost').expect(400);
      const text = (await request(application.app).get('/metrics').expect(200)).text;
      expect(text).to.match(
        /http_requests_total\{method="GET",route="\/api\/contacts\/:id",status="400"\} 1/,
      );
      expect(text).to.match(
        /http_requests_total\{method="GET",route="\/api\/contacts\/:id",status="404"\} 1/,
      );
      expect(text).to.match(/http_requests_total\{method="GET",route="\/api\/tickets\/",status="400"\} 1/);
      expect(text).not.to.match(/route="\/:id"/);
    });
  });
});
