import { expect } from 'chai';
import request from 'supertest';
import type { Application } from '../../server/app.ts';
import type { UserRecord } from '../../server/data/records.ts';
import { createEventBus, type EventBus } from '../../server/events/event-bus.ts';
import type { DomainEventName } from '../../server/events/domain-events.ts';
import { bearer, buildTestApp, createUser } from '../support/app.ts';
import { startTestDatabase, type TestDatabase } from '../support/database.ts';

const SOME_ID = '0123456789abcdef01234567';

/** Every route the write API added, with the roles it admits. */
export const WRITE_ROUTES: { method: 'post' | 'patch' | 'get'; path: string; roles: string[] }[] = [
  { method: 'post', path: '/api/contacts', roles: ['agent', 'admin'] },
  { method: 'patch', path: `/api/contacts/${SOME_ID}`, roles: ['agent', 'admin'] },
  { method: 'post', path: '/api/tickets', roles: ['agent', 'admin'] },
  { method: 'patch', path: `/api/tickets/${SOME_ID}`, roles: ['agent', 'admin'] },
  { method: 'post', path: '/api/products', roles: ['admin'] },
  { method: 'get', path: `/api/products/${SOME_ID}`, roles: ['agent', 'admin'] },
  { method: 'patch', path: `/api/products/${SOME_ID}`, roles: ['admin'] },
  { method: 'post', path: '/api/orders', roles: ['admin'] },
  { method: 'get', path: `/api/orders/${SOME_ID}`, roles: ['agent', 'admin'] },
  { method: 'patch', path: `/api/orders/${SOME_ID}`, roles: ['admin'] },
];

describe('the write API: contacts, tickets, products and orders', () => {
  let db: TestDatabase;
  let application: Application;
  let events: EventBus;
  const seen: { name: DomainEventName; payload: unknown }[] = [];
  let agent: UserRecord;
  let admin: UserRecord;
  let tag = 0;
  const unique = () => `${Date.now()}${(tag += 1)}`;

  before(async () => {
    db = await startTestDatabase();
    events = createEventBus();
    for (const name of ['contact.created', 'ticket.created', 'ticket.updated'] as const) {
      events.on(name, (payload) => void seen.push({ name, payload }));
    }
    application = buildTestApp({ repositories: db.repositories, events });
    agent = await createUser(db.repositories, 'agent');
    admin = await createUser(db.repositories, 'admin');
  });
  after(async () => {
    await application.close();
    await db.stop();
  });

  const api = () => request(application.app);
  const codeOf = (response: request.Response) => (response.body as { error: { code: string } }).error.code;

  describe('role checks', () => {
    for (const route of WRITE_ROUTES) {
      it(`${route.method.toUpperCase()} ${route.path}: 401 without a token, 403 for a role it does not admit`, async () => {
        const anonymous = await api()[route.method](route.path).send({});
        expect(anonymous.status).to.equal(401);
        expect(codeOf(anonymous)).to.equal('UNAUTHENTICATED');
        const call = (authorization: string) =>
          api()[route.method](route.path).set('authorization', authorization).send({});
        const visitor = await call(bearer({ id: SOME_ID, role: 'visitor' }));
        expect(visitor.status).to.equal(403);
        if (!route.roles.includes('agent')) {
          const asAgent = await call(bearer(agent));
          expect(asAgent.status).to.equal(403);
          expect(codeOf(asAgent)).to.equal('FORBIDDEN');
        }
      });
    }
  });

  describe('contacts', () => {
    it('creates a contact from the shop with verified details and announces it', async () => {
      const id = unique();
      const response = await api()
        .post('/api/contacts')
        .set('authorization', bearer(agent))
        .send({
          name: 'Ada Byron',
          emails: [`Ada.${id}@Example.com`],
          phones: ['+44 20 7946 0001'],
          attributes: { tier: 'gold' },
        })
        .expect(201);
      expect(response.headers.location).to.equal(`/api/contacts/${response.body.id}`);
      expect(response.body.emails).to.deep.equal([`ada.${id}@example.com`]);
      expect(response.body.attributes).to.deep.equal({ tier: 'gold' });
      await events.drain();
      expect(seen).to.deep.include({
        name: 'contact.created',
        payload: { contactId: response.body.id, source: 'api' },
      });
    });

    it('refuses a second contact holding a verified email, naming the first', async () => {
      const email = `twice.${unique()}@example.com`;
      const first = await api()
        .post('/api/contacts')
        .set('authorization', bearer(agent))
        .send({ emails: [email] })
        .expect(201);
      const second = await api()
        .post('/api/contacts')
        .set('authorization', bearer(agent))
        .send({ emails: [email.toUpperCase()] })
        .expect(409);
      expect(codeOf(second)).to.equal('ALREADY_EXISTS');
      expect(second.body.error.details).to.deep.equal({ contactId: first.body.id });
    });

    it('never links to a contact that only claimed the email in a chat', async () => {
      const email = `claimed.${unique()}@example.com`;
      const visitor = await db.repositories.contacts.create({ visitorIds: [`v-${unique()}`] });
      await db.repositories.contacts.addClaim(visitor.id, {
        kind: 'email',
        value: email,
        conversationId: null,
      });
      const created = await api()
        .post('/api/contacts')
        .set('authorization', bearer(agent))
        .send({ emails: [email] })
        .expect(201);
      expect(created.body.id).to.not.equal(visitor.id);
      const after = await db.repositories.contacts.findById(visitor.id);
      expect(after!.emails).to.deep.equal([]);
      expect(after!.mergedInto).to.equal(null);
    });

    it('rejects a bad body with the usual VALIDATION_FAILED issues', async () => {
      const response = await api()
        .post('/api/contacts')
        .set('authorization', bearer(agent))
        .send({ emails: ['not-an-email'], attributes: { 'a.b': 1 }, extra: true })
        .expect(400);
      expect(codeOf(response)).to.equal('VALIDATION_FAILED');
      const fields = (response.body.error.details.issues as { field: string }[]).map((issue) => issue.field);
      expect(fields).to.include.members(['emails.0', 'attributes.a.b']);
    });

    it('updates the name, merges attributes and adds a phone; 404 for an unknown contact', async () => {
      const created = await api()
        .post('/api/contacts')
        .set('authorization', bearer(agent))
        .send({ name: 'Old', attributes: { a: 1 } })
        .expect(201);
      const phone = `+3361${unique().slice(-7)}`;
      const updated = await api()
        .patch(`/api/contacts/${created.body.id}`)
        .set('authorization', bearer(agent))
        .send({ name: 'New', attributes: { b: 2 }, addPhones: [phone] })
        .expect(200);
      expect(updated.body).to.deep.include({ name: 'New', attributes: { a: 1, b: 2 }, phones: [phone] });
      await api()
        .patch(`/api/contacts/${SOME_ID}`)
        .set('authorization', bearer(agent))
        .send({ name: 'x' })
        .expect(404);
      const empty = await api()
        .patch(`/api/contacts/${created.body.id}`)
        .set('authorization', bearer(agent))
        .send({})
        .expect(400);
      expect(codeOf(empty)).to.equal('VALIDATION_FAILED');
    });
  });

  describe('idempotency keys on creates', () => {
    it('replays the first answer for the same key and body, and creates one record', async () => {
      const key = `key-${unique()}`;
      const body = { name: 'Once Only', emails: [`once.${unique()}@example.com`] };
      const first = await api()
        .post('/api/contacts')
        .set('authorization', bearer(agent))
        .set('idempotency-key', key)
        .send(body)
        .expect(201);
      const again = await api()
        .post('/api/contacts')
        .set('authorization', bearer(agent))
        .set('idempotency-key', key)
        .send(body)
        .expect(201);
      expect(again.headers['idempotent-replayed']).to.equal('true');
      expect(again.body.id).to.equal(first.body.id);
      const listed = await db.repositories.contacts.list({ email: body.emails[0] });
      expect(listed.total).to.equal(1);
    });

    it('refuses the same key with another body (422, stable code)', async () => {
      const key = `key-${unique()}`;
      await api()
        .post('/api/contacts')
        .set('authorization', bearer(agent))
        .set('idempotency-key', key)
        .send({ name: 'A' })
        .expect(201);
      const other = await api()
        .post('/api/contacts')
        .set('authorization', bearer(agent))
        .set('idempotency-key', key)
        .send({ name: 'B' })
        .expect(422);
      expect(codeOf(other)).to.equal('IDEMPOTENCY_KEY_REUSED');
    });

    it('frees the key when the first request failed, so a corrected retry runs', async () => {
      const key = `key-${unique()}`;
      await api()
        .post('/api/tickets')
        .set('authorization', bearer(agent))
        .set('idempotency-key', key)
        .send({ contactId: SOME_ID, category: 'x', subject: 'y' })
        .expect(400);
      const contact = await db.repositories.contacts.create({});
      await api()
        .post('/api/tickets')
        .set('authorization', bearer(agent))
        .set('idempotency-key', key)
        .send({ contactId: contact.id, category: 'x', subject: 'y' })
        .expect(201);
    });

    it('keeps keys apart per caller', async () => {
      const key = `key-${unique()}`;
      await api()
        .post('/api/contacts')
        .set('authorization', bearer(agent))
        .set('idempotency-key', key)
        .send({ name: 'A' })
        .expect(201);
      await api()
        .post('/api/contacts')
        .set('authorization', bearer(admin))
        .set('idempotency-key', key)
        .send({ name: 'B' })
        .expect(201);
    });

    it('refuses a key with spaces or control characters', async () => {
      const response = await api()
        .post('/api/contacts')
        .set('authorization', bearer(agent))
        .set('idempotency-key', 'two words')
        .send({ name: 'A' })
        .expect(400);
      expect(codeOf(response)).to.equal('VALIDATION_FAILED');
    });
  });

  describe('tickets', () => {
    it('opens a ticket, then changes status, priority and assignee and adds a note, all in the history', async () => {
      const contact = await db.repositories.contacts.create({ name: 'T' });
      const created = await api()
        .post('/api/tickets')
        .set('authorization', bearer(agent))
        .send({ contactId: contact.id, category: 'delivery', subject: 'Parcel late', priority: 'high' })
        .expect(201);
      expect(created.body).to.deep.include({ status: 'open', priority: 'high', assigneeId: null });
      expect(created.body.number).to.match(/^T-\d+$/);
      const updated = await api()
        .patch(`/api/tickets/${created.body.id}`)
        .set('authorization', bearer(agent))
        .send({ status: 'pending', priority: 'urgent', assigneeId: agent.id, note: 'Called the carrier.' })
        .expect(200);
      expect(updated.body).to.deep.include({ status: 'pending', priority: 'urgent', assigneeId: agent.id });
      const actions = (updated.body.history as { action: string; field: string | null; actor: string }[]).map(
        (entry) => `${entry.action}:${entry.field ?? ''}:${entry.actor}`,
      );
      expect(actions).to.deep.equal([
        `created::user:${agent.id}`,
        `changed:status:user:${agent.id}`,
        `changed:priority:user:${agent.id}`,
        `changed:assigneeId:user:${agent.id}`,
        `note::user:${agent.id}`,
      ]);
      await events.drain();
      const ticketEvents = seen.filter(
        (event) => (event.payload as { ticketId?: string }).ticketId === created.body.id,
      );
      expect(ticketEvents.map((event) => event.name)).to.deep.equal(['ticket.created', 'ticket.updated']);
    });

    it('refuses an unknown contact, an unknown assignee and an unknown status', async () => {
      const contact = await db.repositories.contacts.create({});
      const noContact = await api()
        .post('/api/tickets')
        .set('authorization', bearer(agent))
        .send({ contactId: SOME_ID, category: 'a', subject: 'b' })
        .expect(400);
      expect(noContact.body.error.details.issues[0].field).to.equal('contactId');
      const ticket = await db.repositories.tickets.create({
        contactId: contact.id,
        category: 'a',
        subject: 'b',
        actor: 'system',
      });
      const noUser = await api()
        .patch(`/api/tickets/${ticket.id}`)
        .set('authorization', bearer(agent))
        .send({ assigneeId: SOME_ID })
        .expect(400);
      expect(noUser.body.error.details.issues[0].field).to.equal('assigneeId');
      await api()
        .patch(`/api/tickets/${ticket.id}`)
        .set('authorization', bearer(agent))
        .send({ status: 'lost' })
        .expect(400);
      await api()
        .patch(`/api/tickets/${SOME_ID}`)
        .set('authorization', bearer(agent))
        .send({ status: 'closed' })
        .expect(404);
    });
  });

  describe('products and orders (admins)', () => {
    it('creates and updates a product; a second product with the same sku is ALREADY_EXISTS', async () => {
      const sku = `SKU-${unique()}`;
      const body = { sku, name: 'Trail Shoe', category: 'Shoes', price: 89.9, currency: 'EUR', stock: 4 };
      const created = await api()
        .post('/api/products')
        .set('authorization', bearer(admin))
        .send(body)
        .expect(201);
      expect(created.body).to.deep.include({ sku, category: 'shoes', price: 89.9, active: true, stock: 4 });
      const dup = await api()
        .post('/api/products')
        .set('authorization', bearer(admin))
        .send(body)
        .expect(409);
      expect(codeOf(dup)).to.equal('ALREADY_EXISTS');
      const updated = await api()
        .patch(`/api/products/${created.body.id}`)
        .set('authorization', bearer(admin))
        .send({ price: 79.9, active: false })
        .expect(200);
      expect(updated.body).to.deep.include({ price: 79.9, active: false });
      await api().get(`/api/products/${created.body.id}`).set('authorization', bearer(agent)).expect(200);
      const bad = await api()
        .post('/api/products')
        .set('authorization', bearer(admin))
        .send({ ...body, sku: `X-${unique()}`, price: -1, currency: 'eur' })
        .expect(400);
      expect(
        (bad.body.error.details.issues as { field: string }[]).map((issue) => issue.field),
      ).to.include.members(['price', 'currency']);
    });

    it('creates an order whose lines name products by sku, then marks it shipped', async () => {
      const sku = `SKU-${unique()}`;
      await db.repositories.products.create({
        sku,
        name: 'Sock',
        description: '',
        category: 'socks',
        price: 5,
        currency: 'EUR',
        attributes: {},
        tags: [],
        imageUrl: null,
        active: true,
      });
      const contact = await db.repositories.contacts.create({});
      const number = `ORD-${unique()}`;
      const created = await api()
        .post('/api/orders')
        .set('authorization', bearer(admin))
        .send({
          number: number.toLowerCase(),
          contactId: contact.id,
          currency: 'EUR',
          items: [{ sku, quantity: 3 }],
          placedAt: '2026-11-30T09:00:00Z',
        })
        .expect(201);
      expect(created.body).to.deep.include({ number, total: 15, status: 'placed', contactId: contact.id });
      expect(created.body.items[0]).to.deep.include({ sku, name: 'Sock', quantity: 3, price: 5 });
      const shipped = await api()
        .patch(`/api/orders/${created.body.id}`)
        .set('authorization', bearer(admin))
        .send({ status: 'shipped', shippedAt: '2026-12-01T09:00:00Z', trackingNumber: '1Z999' })
        .expect(200);
      expect(shipped.body).to.deep.include({ status: 'shipped', trackingNumber: '1Z999' });
      const dup = await api()
        .post('/api/orders')
        .set('authorization', bearer(admin))
        .send({ number, contactId: contact.id, currency: 'EUR', items: [{ sku, quantity: 1 }] })
        .expect(409);
      expect(codeOf(dup)).to.equal('ALREADY_EXISTS');
      const unknownSku = await api()
        .post('/api/orders')
        .set('authorization', bearer(admin))
        .send({
          number: `ORD-${unique()}`,
          contactId: contact.id,
          currency: 'EUR',
          items: [{ sku: 'NOPE-1', quantity: 1 }],
        })
        .expect(400);
      expect(unknownSku.body.error.details.issues[0].field).to.equal('items.0.sku');
    });
  });
});
