import { expect } from 'chai';
import request from 'supertest';
import type { Application } from '../../server/app.ts';
import type { UserRecord } from '../../server/data/records.ts';
import { silentLogger } from '../../server/shared/logger.ts';
import { isForbiddenAddress, refusalOfUrl, type Resolver } from '../../server/webhooks/address-guard.ts';
import { startWebhookWorker } from '../../server/webhooks/worker.ts';
import { bearer, buildTestApp, createUser, testConfig } from '../support/app.ts';
import { startTestDatabase, type TestDatabase } from '../support/database.ts';
import { startReceiver, waitFor } from './support-receiver.ts';

/** A resolver that answers every name with the given addresses (a rebinding attacker's DNS). */
const resolvingTo =
  (...addresses: string[]): Resolver =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('webhook URLs may not reach the server’s own network (SSRF)', () => {
  describe('the address check', () => {
    const forbidden = [
      '127.0.0.1',
      '127.8.9.10',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '::1',
      '::',
      'fe80::1',
      'fd00:ec2::254',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:a9fe:a9fe',
      '64:ff9b::a9fe:a9fe',
    ];
    const allowed = ['93.184.216.34', '8.8.8.8', '172.32.0.1', '192.169.0.1', '2606:4700:4700::1111'];
    for (const address of forbidden) {
      it(`refuses ${address}`, () => expect(isForbiddenAddress(address)).to.equal(true));
    }
    for (const address of allowed) {
      it(`allows ${address}`, () => expect(isForbiddenAddress(address)).to.equal(false));
    }

    it('checks every address a name resolves to, and names that do not resolve', async () => {
      expect(await refusalOfUrl('https://hooks.shop.test/x', resolvingTo('93.184.216.34'))).to.equal(null);
      expect(
        await refusalOfUrl('https://hooks.shop.test/x', resolvingTo('93.184.216.34', '10.0.0.5')),
      ).to.include('hooks.shop.test (10.0.0.5)');
      const failing: Resolver = async () => {
        throw Object.assign(new Error('nope'), { code: 'ENOTFOUND' });
      };
      expect(await refusalOfUrl('https://nowhere.shop.test/', failing)).to.equal(
        'nowhere.shop.test does not resolve to an address',
      );
      expect(await refusalOfUrl('http://localhost:8080/', resolvingTo('93.184.216.34'))).to.include(
        'localhost',
      );
      expect(await refusalOfUrl('http://metadata.google.internal/', resolvingTo('93.184.216.34'))).to.include(
        'metadata',
      );
    });
  });

  describe('registration', () => {
    let db: TestDatabase;
    let application: Application;
    let admin: UserRecord;
    before(async () => {
      db = await startTestDatabase();
      application = buildTestApp({
        repositories: db.repositories,
        config: testConfig({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'false' }),
      });
      admin = await createUser(db.repositories, 'admin');
    });
    after(async () => {
      await application.close();
      await db.stop();
    });

    for (const url of [
      'http://127.0.0.1:4000/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]/hook',
      'http://[::ffff:10.0.0.1]/hook',
      'http://10.0.0.8/hook',
      'http://localhost:3000/hook',
    ]) {
      it(`refuses ${url} with a clear error`, async () => {
        const response = await request(application.app)
          .post('/api/webhooks')
          .set('authorization', bearer(admin))
          .send({ url, events: ['ticket.created'] })
          .expect(400);
        expect(response.body.error.code).to.equal('VALIDATION_FAILED');
        const [issue] = response.body.error.details.issues;
        expect(issue.field).to.equal('url');
        expect(issue.message).to.include('loopback, private, link-local or metadata address');
        expect(issue.message).to.include('WEBHOOK_ALLOW_PRIVATE_NETWORKS');
      });
    }

    it('accepts a public address, and refuses a change of it to a private one', async () => {
      const created = await request(application.app)
        .post('/api/webhooks')
        .set('authorization', bearer(admin))
        .send({ url: 'https://93.184.216.34/hook', events: ['ticket.created'] })
        .expect(201);
      const changed = await request(application.app)
        .patch(`/api/webhooks/${created.body.id}`)
        .set('authorization', bearer(admin))
        .send({ url: 'http://192.168.0.10/hook' })
        .expect(400);
      expect(changed.body.error.details.issues[0].field).to.equal('url');
    });
  });

  describe('delivery', () => {
    let db: TestDatabase;
    before(async () => {
      db = await startTestDatabase();
    });
    after(() => db.stop());

    it('re-checks the address the name resolves to when connecting (DNS rebinding) and never sends', async () => {
      const receiver = await startReceiver();
      try {
        const { port } = new URL(receiver.url);
        // Registered while the name pointed elsewhere; now it resolves to the receiver on loopback.
        for (const url of [`http://rebind.shop.test:${port}/hook`, `http://127.0.0.1:${port}/hook`]) {
          await db.repositories.webhooks.createEndpoint({
            url,
            events: ['ticket.created'],
            secret: 'whsec_address_test_secret_0123456789',
            description: null,
          });
        }
        await db.repositories.webhooks.recordEvent({
          id: 'evt_rebind_1',
          type: 'ticket.created',
          occurredAt: new Date(),
          data: { ticketId: 'x' },
        });
        const worker = startWebhookWorker({
          webhooks: db.repositories.webhooks,
          settings: {
            pollMs: 60_000,
            retryBaseMs: 60_000,
            maxRetryDelayMs: 60_000,
            retryForMs: 3600_000,
            timeoutMs: 2000,
            maxConcurrentPerEndpoint: 1,
            minTimeBetweenMs: 0,
            allowPrivateNetworks: false,
          },
          logger: silentLogger(),
          resolver: resolvingTo('127.0.0.1'),
        });
        try {
          await worker.tick();
        } finally {
          await worker.close();
        }
        const deliveries = await db.database.models.WebhookDelivery.find({ eventId: 'evt_rebind_1' }).lean();
        expect(deliveries).to.have.length(2);
        for (const delivery of deliveries) {
          expect(delivery).to.include({ status: 'pending', attempts: 1 });
          expect(delivery.lastError).to.include('loopback, private, link-local or metadata address');
        }
        expect(receiver.received).to.deep.equal([]);
      } finally {
        await receiver.close();
      }
    });

    it('sends to loopback receivers when WEBHOOK_ALLOW_PRIVATE_NETWORKS is on', async () => {
      const receiver = await startReceiver();
      try {
        await db.repositories.webhooks.createEndpoint({
          url: receiver.url,
          events: ['contact.created'],
          secret: 'whsec_address_test_secret_0123456789',
          description: null,
        });
        await db.repositories.webhooks.recordEvent({
          id: 'evt_allowed_1',
          type: 'contact.created',
          occurredAt: new Date(),
          data: { contactId: 'x' },
        });
        const worker = startWebhookWorker({
          webhooks: db.repositories.webhooks,
          settings: {
            pollMs: 20,
            retryBaseMs: 50,
            maxRetryDelayMs: 100,
            retryForMs: 3600_000,
            timeoutMs: 2000,
            maxConcurrentPerEndpoint: 1,
            minTimeBetweenMs: 0,
            allowPrivateNetworks: true,
          },
          logger: silentLogger(),
        });
        try {
          await waitFor(() => receiver.accepted.has('evt_allowed_1'), 5000, 'the delivery');
        } finally {
          await worker.close();
        }
      } finally {
        await receiver.close();
      }
    });
  });
});
