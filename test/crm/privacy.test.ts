import { expect } from 'chai';
import { ObjectId, type Db } from 'mongodb';
import request from 'supertest';
import type { Application } from '../../server/app.ts';
import { ANALYTICS_COLLECTIONS } from '../../server/data/analytics/collections.ts';
import type { UserRecord } from '../../server/data/records.ts';
import { createEventBus, type EventBus } from '../../server/events/event-bus.ts';
import { silentLogger } from '../../server/shared/logger.ts';
import { attachWebhookOutbox } from '../../server/webhooks/outbox.ts';
import { startWebhookWorker } from '../../server/webhooks/worker.ts';
import { bearer, buildTestApp, createUser } from '../support/app.ts';
import { startTestDatabase, type TestDatabase } from '../support/database.ts';
import { startReceiver } from './support-receiver.ts';

const SOME_ID = '0123456789abcdef01234567';

export const PRIVACY_ROUTES: { method: 'get' | 'post'; path: string }[] = [
  { method: 'get', path: `/api/privacy/contacts/${SOME_ID}/export` },
  { method: 'post', path: `/api/privacy/contacts/${SOME_ID}/erase` },
];

/** Every string value anywhere in `value` (nested documents and arrays included). */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) strings(item, out);
  else if (value !== null && typeof value === 'object') {
    // ObjectIds and Dates are not text a person typed; their own string forms are ids and times.
    if (value.constructor?.name === 'ObjectId' || value instanceof Date) return out;
    for (const [key, item] of Object.entries(value)) {
      out.push(key);
      strings(item, out);
    }
  }
  return out;
}

/** Every collection of the database, every document: where (collection) each needle appears. */
async function findEverywhere(db: Db, needles: readonly string[]): Promise<string[]> {
  const hits: string[] = [];
  const lowered = needles.map((n) => n.toLowerCase());
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    for await (const doc of db.collection(name).find({})) {
      for (const text of strings(doc)) {
        const lower = text.toLowerCase();
        for (const needle of lowered) if (lower.includes(needle)) hits.push(`${name}: ${needle}`);
      }
    }
  }
  return [...new Set(hits)];
}

describe('privacy requests: a contact’s data export and erasure', () => {
  let db: TestDatabase;
  let native: Db;
  let application: Application;
  let events: EventBus;
  let admin: UserRecord;
  let agent: UserRecord;
  let detach: () => void;

  const EMAIL = 'erin.private@example.com';
  const PHONE = '+15550199123';
  const CLAIMED_PHONE = '+15550177456';
  const VISITOR_TEXT = 'my parcel should go to 12 Lilac Lane, the blue door';
  const AGENT_TEXT = 'I will ask the courier about Lilac Lane';
  const NOTE_TEXT = 'customer sounded worried about the blue door';
  const TICKET_TEXT = 'Parcel for the blue door at Lilac Lane went missing';
  const OTHER_EMAIL = 'someone.else@example.com';
  const OTHER_TEXT = 'where is my order for the garden hose';

  before(async () => {
    db = await startTestDatabase();
    native = db.database.connection.db!;
    events = createEventBus();
    detach = attachWebhookOutbox(events, db.repositories.webhooks, silentLogger());
    application = buildTestApp({ repositories: db.repositories, events });
    admin = await createUser(db.repositories, 'admin');
    agent = await createUser(db.repositories, 'agent');
  });
  after(async () => {
    detach();
    await application.close();
    await db.stop();
  });

  const api = () => request(application.app);
  const codeOf = (response: request.Response) => (response.body as { error: { code: string } }).error.code;

  describe('role checks', () => {
    for (const route of PRIVACY_ROUTES) {
      it(`${route.method.toUpperCase()} ${route.path}: 401 without a token, 403 for agents and visitors`, async () => {
        const anonymous = await api()[route.method](route.path).send({});
        expect(anonymous.status).to.equal(401);
        expect(codeOf(anonymous)).to.equal('UNAUTHENTICATED');
        for (const who of [agent, { id: SOME_ID, role: 'visitor' }]) {
          const refused = await api()[route.method](route.path).set('authorization', bearer(who)).send({});
          expect(refused.status).to.equal(403);
          expect(codeOf(refused)).to.equal('FORBIDDEN');
        }
      });
    }
  });

  /** A contact with something in every place the product keeps a contact's data. */
  async function customerWithHistory() {
    const { repositories } = db;
    const created = await api()
      .post('/api/contacts')
      .set('authorization', bearer(admin))
      .set('Idempotency-Key', `privacy-${Date.now()}`)
      .send({ name: 'Erin Private', emails: [EMAIL], phones: [PHONE], attributes: { tier: 'gold' } })
      .expect(201);
    const contactId = created.body.id as string;

    // A visitor who chatted anonymously, claimed a phone, and was merged into the customer by an agent.
    const visitorId = `v-privacy-${Date.now()}`;
    const visitor = await repositories.contacts.create({ visitorIds: [visitorId] });
    const conversation = await repositories.conversations.create({ contactId: visitor.id, visitorId });
    await repositories.contacts.addClaim(visitor.id, {
      kind: 'phone',
      value: CLAIMED_PHONE,
      conversationId: conversation.id,
    });
    await repositories.messages.append({
      conversationId: conversation.id,
      sender: 'visitor',
      senderId: visitorId,
      text: VISITOR_TEXT,
      nlp: { tokens: VISITOR_TEXT.split(' ').map((text) => ({ text })), intent: { name: 'order_status' } },
    });
    await repositories.messages.append({
      conversationId: conversation.id,
      sender: 'agent',
      senderId: agent.id,
      text: AGENT_TEXT,
    });
    await repositories.desk.addNote({
      conversationId: conversation.id,
      afterSeq: 2,
      authorId: agent.id,
      authorName: 'Agent',
      text: NOTE_TEXT,
    });
    await repositories.orderChecks.recordMention(visitorId, 'ORD-9001', new Date(0), new Date());
    await api()
      .post(`/api/contacts/${contactId}/merge`)
      .set('authorization', bearer(agent))
      .send({ contactId: visitor.id })
      .expect(200);

    const ticket = await api()
      .post('/api/tickets')
      .set('authorization', bearer(agent))
      .send({
        contactId,
        conversationId: conversation.id,
        category: 'delivery',
        subject: TICKET_TEXT,
        description: `${VISITOR_TEXT} (call ${PHONE})`,
      })
      .expect(201);
    await api()
      .patch(`/api/tickets/${ticket.body.id}`)
      .set('authorization', bearer(agent))
      .send({ subject: `${TICKET_TEXT}!`, note: `Called ${PHONE}, wrote to ${EMAIL}` })
      .expect(200);
    const product = await api()
      .post('/api/products')
      .set('authorization', bearer(admin))
      .send({ sku: `PRIV-${Date.now()}`, name: 'Hose', category: 'garden', price: 10, currency: 'USD' })
      .expect(201);
    await api()
      .post('/api/orders')
      .set('authorization', bearer(admin))
      .send({
        number: `ORD-${Date.now()}`,
        contactId,
        currency: 'USD',
        items: [{ sku: product.body.sku, quantity: 1 }],
        trackingNumber: '1Z999AA10123456784',
      })
      .expect(201);

    // What analytics derived from the conversation and the customer (server/analytics/).
    await native
      .collection(ANALYTICS_COLLECTIONS.facts)
      .insertOne({ _id: new ObjectId(conversation.id), contactId, visitorMessages: 1 });
    await native
      .collection(ANALYTICS_COLLECTIONS.customerScores)
      .insertOne({ _id: new ObjectId(contactId), predictedValue: 120 });
    await native.collection(ANALYTICS_COLLECTIONS.models).insertOne({
      _id: 'customer-value-test' as never,
      outputs: {
        predictions: [
          { contactId, predicted: 120 },
          { contactId: SOME_ID, predicted: 3 },
        ],
      },
    });

    // The webhook outbox and a delivery log of the events about the contact.
    await events.drain();
    const receiver = await startReceiver();
    await db.repositories.webhooks.createEndpoint({
      url: receiver.url,
      events: ['contact.created', 'contact.merged', 'ticket.created', 'ticket.updated'],
      secret: 'whsec_privacy_test_secret_0123456789',
    });
    const worker = startWebhookWorker({
      webhooks: db.repositories.webhooks,
      settings: {
        pollMs: 60_000,
        retryBaseMs: 50,
        maxRetryDelayMs: 100,
        retryForMs: 60_000,
        timeoutMs: 2000,
        maxConcurrentPerEndpoint: 2,
        minTimeBetweenMs: 0,
        allowPrivateNetworks: true,
      },
      logger: silentLogger(),
    });
    await worker.tick();
    await worker.close();
    await receiver.close();
    return { contactId, visitorId, conversationId: conversation.id };
  }

  /** Someone else, whose data an erasure must leave alone. */
  async function otherCustomer() {
    const other = await db.repositories.contacts.create({ name: 'Other', emails: [OTHER_EMAIL] });
    const conversation = await db.repositories.conversations.create({ contactId: other.id });
    await db.repositories.messages.append({
      conversationId: conversation.id,
      sender: 'visitor',
      text: OTHER_TEXT,
      nlp: { tokens: OTHER_TEXT.split(' ') },
    });
    return other.id;
  }

  it('exports everything held about the contact, then erases it so that no collection holds its details', async () => {
    const { contactId } = await customerWithHistory();
    await otherCustomer();
    const personal = [EMAIL, PHONE, CLAIMED_PHONE, VISITOR_TEXT, AGENT_TEXT, NOTE_TEXT, TICKET_TEXT];
    // The scan can see them before the erasure (so its silence afterwards means something).
    expect(await findEverywhere(native, personal)).to.include.members([
      'contacts: erin.private@example.com',
      'messages: my parcel should go to 12 lilac lane, the blue door',
      'audit_events: +15550177456',
      'idempotency_keys: erin.private@example.com',
    ]);

    const exported = await api()
      .get(`/api/privacy/contacts/${contactId}/export`)
      .set('authorization', bearer(admin))
      .expect(200);
    expect(exported.headers['content-disposition']).to.equal(
      `attachment; filename=contact-${contactId}.json`,
    );
    expect(exported.headers['cache-control']).to.equal('no-store');
    const file = JSON.parse(exported.text) as Record<string, unknown[]> & {
      analytics: Record<string, unknown[]>;
    };
    expect(file.contactId).to.equal(contactId);
    for (const section of [
      'contacts',
      'conversations',
      'messages',
      'agentNotes',
      'tickets',
      'orders',
      'auditEvents',
      'webhookEvents',
      'webhookDeliveries',
      'idempotencyRecords',
      'orderChecks',
    ]) {
      expect(file[section], section).to.be.an('array').that.is.not.empty;
    }
    expect(file.analytics.conversationFacts).to.have.length(1);
    expect(file.analytics.customerScores).to.have.length(1);
    const text = exported.text.toLowerCase();
    for (const value of personal) expect(text, value).to.include(value.toLowerCase());
    expect(text).to.include('1z999aa10123456784');
    expect(text).to.not.include(OTHER_EMAIL).and.not.include(OTHER_TEXT);

    const mismatch = await api()
      .post(`/api/privacy/contacts/${contactId}/erase`)
      .set('authorization', bearer(admin))
      .send({ confirm: SOME_ID })
      .expect(400);
    expect(codeOf(mismatch)).to.equal('VALIDATION_FAILED');

    const erased = await api()
      .post(`/api/privacy/contacts/${contactId}/erase`)
      .set('authorization', bearer(admin))
      .send({ confirm: contactId, reason: `request from ${EMAIL}` })
      .expect(200);
    expect(erased.body.erased).to.include({ contacts: 2, conversations: 1, messages: 2, tickets: 1 });

    expect(await findEverywhere(native, [...personal, '1Z999AA10123456784'])).to.deep.equal([]);
    // Someone else's data is untouched.
    expect(await findEverywhere(native, [OTHER_EMAIL, OTHER_TEXT])).to.have.members([
      `contacts: ${OTHER_EMAIL}`,
      `messages: ${OTHER_TEXT}`,
    ]);

    // The records stay as anonymous shells, so counts and reports still add up; aggregates stay.
    const contact = await native.collection('contacts').findOne({ _id: new ObjectId(contactId) });
    expect(contact).to.include({ name: null });
    expect(contact!.erasedAt).to.be.instanceOf(Date);
    expect(await native.collection('orders').countDocuments({ contact: contact!._id })).to.equal(1);
    expect(
      await native
        .collection(ANALYTICS_COLLECTIONS.customerScores)
        .countDocuments({ _id: new ObjectId(contactId) }),
    ).to.equal(0);
    const run = await native
      .collection(ANALYTICS_COLLECTIONS.models)
      .findOne({ _id: 'customer-value-test' as never });
    expect(run!.outputs.predictions).to.deep.equal([{ contactId: SOME_ID, predicted: 3 }]);

    // Audited, without the details themselves.
    const audit = await api()
      .get(`/api/audit-events?targetType=contact&targetId=${contactId}`)
      .set('authorization', bearer(admin))
      .expect(200);
    const actions = (audit.body.items as { action: string }[]).map((e) => e.action);
    expect(actions).to.include.members(['privacy.exported', 'privacy.erased']);
  });

  it('answers 404 for an unknown contact and 409 for a contact merged into another', async () => {
    const missing = await api()
      .get(`/api/privacy/contacts/${SOME_ID}/export`)
      .set('authorization', bearer(admin))
      .expect(404);
    expect(codeOf(missing)).to.equal('NOT_FOUND');
    const survivor = await db.repositories.contacts.create({ name: 'Survivor' });
    const absorbed = await db.repositories.contacts.create({ name: 'Absorbed' });
    await db.repositories.contacts.merge(survivor.id, absorbed.id, { type: 'user', id: admin.id }, 'staff');
    const merged = await api()
      .post(`/api/privacy/contacts/${absorbed.id}/erase`)
      .set('authorization', bearer(admin))
      .send({ confirm: absorbed.id })
      .expect(409);
    expect(merged.body.error.details.mergedInto).to.equal(survivor.id);
  });
});
