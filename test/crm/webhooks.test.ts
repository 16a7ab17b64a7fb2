import { expect } from 'chai';
import request from 'supertest';
import type { Application } from '../../server/app.ts';
import type { UserRecord } from '../../server/data/records.ts';
import { createEventBus, type EventBus } from '../../server/events/event-bus.ts';
import { silentLogger } from '../../server/shared/logger.ts';
import { attachWebhookOutbox, eventId } from '../../server/webhooks/outbox.ts';
import { verifySignature } from '../../server/webhooks/signature.ts';
import {
  retryDelayMs,
  startWebhookWorker,
  type WebhookWorker,
  type WebhookWorkerSettings,
} from '../../server/webhooks/worker.ts';
import { bearer, buildTestApp, createUser } from '../support/app.ts';
import { startTestDatabase, type TestDatabase } from '../support/database.ts';
import { startReceiver, waitFor } from './support-receiver.ts';

const SOME_ID = '0123456789abcdef01234567';

const FAST: WebhookWorkerSettings = {
  pollMs: 50,
  retryBaseMs: 60,
  maxRetryDelayMs: 1000,
  retryForMs: 60_000,
  timeoutMs: 2000,
  maxConcurrentPerEndpoint: 2,
  minTimeBetweenMs: 0,
  // The receivers listen on loopback.
  allowPrivateNetworks: true,
};

describe('webhooks: outbox, signed deliveries, retries, throttling and redelivery', () => {
  let db: TestDatabase;
  let application: Application;
  let events: EventBus;
  let admin: UserRecord;
  let agent: UserRecord;
  let detach: () => void;
  const workers: WebhookWorker[] = [];
  const closers: (() => Promise<void>)[] = [];

  before(async () => {
    db = await startTestDatabase();
    events = createEventBus();
    detach = attachWebhookOutbox(events, db.repositories.webhooks, silentLogger());
    application = buildTestApp({ repositories: db.repositories, events });
    admin = await createUser(db.repositories, 'admin');
    agent = await createUser(db.repositories, 'agent');
  });
  afterEach(async () => {
    for (const worker of workers.splice(0)) await worker.close();
    for (const close of closers.splice(0)) await close();
    // Endpoints of one test must not receive the next test's events.
    for (const endpoint of await db.repositories.webhooks.listEndpoints()) {
      await db.repositories.webhooks.updateEndpoint(endpoint.id, { active: false });
    }
  });
  after(async () => {
    detach();
    await application.close();
    await db.stop();
  });

  const api = () => request(application.app);
  const worker = (settings: Partial<WebhookWorkerSettings> = {}) => {
    const started = startWebhookWorker({
      webhooks: db.repositories.webhooks,
      settings: { ...FAST, ...settings },
      logger: silentLogger(),
    });
    workers.push(started);
    return started;
  };
  const register = async (url: string, types: string[], secret?: string) =>
    (
      await api()
        .post('/api/webhooks')
        .set('authorization', bearer(admin))
        .send({ url, events: types, ...(secret === undefined ? {} : { secret }) })
        .expect(201)
    ).body as { id: string; secret: string };
  const newContact = async () =>
    (await api().post('/api/contacts').set('authorization', bearer(agent)).send({ name: 'Hook' }).expect(201))
      .body as {
      id: string;
    };

  describe('role checks', () => {
    const routes: [string, string][] = [
      ['get', '/api/webhooks'],
      ['post', '/api/webhooks'],
      ['get', `/api/webhooks/${SOME_ID}`],
      ['patch', `/api/webhooks/${SOME_ID}`],
      ['delete', `/api/webhooks/${SOME_ID}`],
      ['get', `/api/webhooks/${SOME_ID}/deliveries`],
      ['post', `/api/webhooks/deliveries/${SOME_ID}/redeliver`],
    ];
    for (const [method, path] of routes) {
      it(`${method.toUpperCase()} ${path}: 401 without a token, 403 for an agent`, async () => {
        const call = (auth?: string) => {
          const req = (api() as unknown as Record<string, (p: string) => request.Test>)[method]!(path);
          return (auth === undefined ? req : req.set('authorization', auth)).send({});
        };
        expect((await call()).status).to.equal(401);
        expect((await call(bearer(agent))).status).to.equal(403);
      });
    }
  });

  it('registers an endpoint, answers its secret once, and refuses unknown event types or URLs', async () => {
    const created = await register('http://127.0.0.1:9/hook', ['contact.created']);
    expect(created.secret).to.match(/^whsec_/);
    const read = await api()
      .get(`/api/webhooks/${created.id}`)
      .set('authorization', bearer(admin))
      .expect(200);
    expect(read.body).to.not.have.property('secret');
    const listed = await api().get('/api/webhooks').set('authorization', bearer(admin)).expect(200);
    expect(JSON.stringify(listed.body)).to.not.include(created.secret);
    const bad = await api()
      .post('/api/webhooks')
      .set('authorization', bearer(admin))
      .send({ url: 'ftp://x', events: ['contact.exploded'] })
      .expect(400);
    expect((bad.body.error.details.issues as { field: string }[]).map((i) => i.field)).to.include.members([
      'url',
      'events.0',
    ]);
  });

  it('delivers a signed event that the documented check verifies, with a stable id from the record', async () => {
    const receiver = await startReceiver();
    closers.push(receiver.close);
    const { secret } = await register(receiver.url, ['contact.created'], 'a-secret-that-is-long-enough-1234');
    worker();
    const contact = await newContact();
    await waitFor(() => receiver.accepted.size === 1, 5000, 'the delivery');
    const [hit] = receiver.received;
    expect(hit!.id).to.equal(eventId('contact.created', contact.id));
    expect(JSON.parse(hit!.body)).to.deep.include({ type: 'contact.created' });
    expect(JSON.parse(hit!.body).data).to.deep.equal({ contactId: contact.id, source: 'api' });
    expect(verifySignature(secret, hit!.signature, hit!.body)).to.equal(true);
    expect(verifySignature(secret, hit!.signature, hit!.body.replace('api', 'API'))).to.equal(false);
    expect(verifySignature('another-secret-000000000000', hit!.signature, hit!.body)).to.equal(false);
    const stale = hit!.signature.replace(/t=\d+/, `t=${Math.floor(Date.now() / 1000) - 3600}`);
    expect(verifySignature(secret, stale, hit!.body)).to.equal(false);
  });

  it('retries a failing receiver with growing delays and records attempts and the last error', async () => {
    let calls = 0;
    const receiver = await startReceiver(() => ((calls += 1) <= 3 ? 503 : 200));
    closers.push(receiver.close);
    const endpoint = await register(receiver.url, ['ticket.created']);
    worker();
    const contact = await newContact();
    await api()
      .post('/api/tickets')
      .set('authorization', bearer(agent))
      .send({ contactId: contact.id, category: 'x', subject: 'retry me' })
      .expect(201);
    await waitFor(() => receiver.accepted.size === 1, 8000, 'the delivery after retries');
    const gaps = receiver.received.slice(1).map((hit, index) => hit.at - receiver.received[index]!.at);
    expect(receiver.received).to.have.length(4);
    // 60 ms, 120 ms, 240 ms (±20%), plus polling.
    expect(gaps[0]).to.be.at.least(40);
    expect(gaps[2]!).to.be.greaterThan(gaps[0]!);
    const log = await api()
      .get(`/api/webhooks/${endpoint.id}/deliveries`)
      .set('authorization', bearer(admin))
      .expect(200);
    expect(log.body.items[0]).to.deep.include({ status: 'delivered', attempts: 4, lastStatusCode: 200 });
  });

  it('gives up after the retry window, and "redeliver" sends it again', async () => {
    let failing = true;
    const receiver = await startReceiver(() => (failing ? 500 : 204));
    closers.push(receiver.close);
    const endpoint = await register(receiver.url, ['contact.created']);
    worker({ retryForMs: 300 });
    await newContact();
    let failed: { id: string; lastError: string; attempts: number } | undefined;
    await waitFor(
      async () => {
        const log = await db.repositories.webhooks.listDeliveries({
          endpointId: endpoint.id,
          status: 'failed',
        });
        failed = log.items[0] as never;
        return failed !== undefined;
      },
      8000,
      'the delivery to be given up',
    );
    expect(failed!.lastError).to.equal('HTTP 500');
    expect(failed!.attempts).to.be.at.least(2);
    failing = false;
    const redelivered = await api()
      .post(`/api/webhooks/deliveries/${failed!.id}/redeliver`)
      .set('authorization', bearer(admin))
      .expect(200);
    expect(redelivered.body.status).to.equal('pending');
    await waitFor(() => receiver.accepted.size === 1, 5000, 'the redelivery');
    await api()
      .post(`/api/webhooks/deliveries/${SOME_ID}/redeliver`)
      .set('authorization', bearer(admin))
      .expect(404);
  });

  it('throttles each endpoint: at most N requests at once and a minimum gap between them', async () => {
    const receiver = await startReceiver();
    closers.push(receiver.close);
    await register(receiver.url, ['contact.created']);
    worker({ maxConcurrentPerEndpoint: 1, minTimeBetweenMs: 150 });
    for (let index = 0; index < 5; index += 1) await newContact();
    await waitFor(() => receiver.accepted.size === 5, 8000, 'five deliveries');
    const starts = receiver.received.map((hit) => hit.at);
    for (let index = 1; index < starts.length; index += 1) {
      expect(starts[index]! - starts[index - 1]!).to.be.at.least(120);
    }
    expect(receiver.maxInFlight()).to.equal(1);
  });

  it('writes each event to the outbox once, however often its record is reported', async () => {
    const contactId = SOME_ID;
    events.emit('contact.created', { contactId, source: 'import' });
    events.emit('contact.created', { contactId, source: 'import' });
    await events.drain();
    const event = await db.repositories.webhooks.findEvent(eventId('contact.created', contactId));
    expect(event).to.deep.include({ type: 'contact.created' });
    expect(
      await db.repositories.webhooks.recordEvent({
        id: event!.id,
        type: 'contact.created',
        occurredAt: new Date(),
        data: {},
      }),
    ).to.equal(false);
  });

  it('backs off exponentially, capped, with jitter', () => {
    expect(retryDelayMs(1, 1000, 60_000, () => 0.5)).to.equal(1000);
    expect(retryDelayMs(4, 1000, 60_000, () => 0.5)).to.equal(8000);
    expect(retryDelayMs(30, 1000, 60_000, () => 0.5)).to.equal(60_000);
    expect(retryDelayMs(1, 1000, 60_000, () => 0)).to.equal(800);
  });
});
