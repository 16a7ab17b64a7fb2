import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io as connect } from 'socket.io-client';
import type { Application } from '../../server/app.ts';
import type { SessionPayload } from '../../server/contracts/visitor-events.ts';
import type { ContactRecord, OrderRecord } from '../../server/data/records.ts';
import { seedDemoData } from '../../server/data/seed/seed-database.ts';
import { createVisitorChat, type VisitorChat } from '../../server/gateway/visitor-chat.ts';
import { silentLogger } from '../../server/shared/logger.ts';
import { buildTestApp, testConfig } from '../support/app.ts';
import { startTestDatabase, type TestDatabase } from '../support/database.ts';
import { ask, identify, TEST_IDENTITY_SECRET, type VisitorClient } from '../chat/support/chat-harness.ts';

const VICTIM_EMAIL = 'quinn.lindqvist.300@example.com';
/** The seed's order dates follow "now": fixed, so the victim's latest order is the same shipped one each run. */
const SEED_NOW = new Date('2026-12-05T12:00:00Z');

// Issue 9's reproduction, against the server as `npm start` builds it: the trained NLP model on its worker
// thread, the demo shop's seeded customers and orders, the /visitor gateway, a socket.io client.
describe('a visitor who types a customer’s email (issue 9 reproduction, real NLP and seeded shop)', function () {
  this.timeout(120_000);
  let db: TestDatabase;
  let app: Application;
  let chat: VisitorChat;
  let dataDir: string;
  let url: string;
  const sockets: VisitorClient[] = [];
  let victim: ContactRecord;
  let victimOrders: OrderRecord[];

  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'concierge-identity-'));
    db = await startTestDatabase();
    await seedDemoData(db.repositories, { now: SEED_NOW });
    const config = testConfig({ DATA_DIR: dataDir, IDENTITY_SECRET: TEST_IDENTITY_SECRET });
    chat = await createVisitorChat({
      config,
      logger: silentLogger(),
      repositories: db.repositories,
      models: db.database.models,
      recommendationRefreshMs: 0,
    });
    app = buildTestApp({ repositories: db.repositories, config }, { gateways: [chat.gateway] });
    await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;
    victim = (await db.repositories.contacts.findByEmail(VICTIM_EMAIL))!;
    victimOrders = await db.repositories.orders.listByContact(victim.id, 100);
  });

  after(async () => {
    for (const socket of sockets) socket.disconnect();
    await chat?.close();
    await app?.close();
    await db?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function visitor(): Promise<{ socket: VisitorClient; session: SessionPayload }> {
    const socket: VisitorClient = connect(`${url}/visitor`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    });
    sockets.push(socket);
    const session = await new Promise<SessionPayload>((resolve, reject) => {
      socket.once('session', resolve);
      socket.once('connect_error', reject);
    });
    return { socket, session };
  }

  it('the seeded victim has a shipped order with a tracking number (what the old rule handed out)', () => {
    expect(victim.name).to.equal('Quinn Lindqvist');
    const [latest] = victimOrders;
    expect(latest).to.include({ number: 'ORD-11313', status: 'shipped', trackingNumber: 'TRK909065047' });
  });

  it('gets no merge, no order, no tracking number, no purchase history, and adds nothing to the victim', async () => {
    const { socket, session } = await visitor();
    const before = await db.repositories.conversations.findById(session.conversationId);
    const ownContactId = before!.contactId;
    const auditBefore = await db.repositories.audit.list({}, { page: 1, limit: 100 });

    const claimed = await ask(socket, 'repro-1', `hi, my email is ${VICTIM_EMAIL}`);
    expect(claimed.reply.intent).to.equal('update_contact');

    const order = await ask(socket, 'repro-2', 'where is my order?');
    expect(order.reply.intent).to.equal('order_status');
    for (const victimOrder of victimOrders) {
      expect(order.reply.text).not.to.contain(victimOrder.number);
      if (victimOrder.trackingNumber) expect(order.reply.text).not.to.contain(victimOrder.trackingNumber);
    }
    expect(order.reply.text).to.match(/What is your order number\?/);

    // The victim's latest order by its (guessable) number: the status and its date, nothing more.
    const byNumber = await ask(socket, 'repro-3', 'where is my order ORD-11313?');
    expect(byNumber.reply.text).to.match(/^Order ORD-11313 has shipped \(on \d{4}-\d{2}-\d{2}\)\./);
    expect(byNumber.reply.text).not.to.contain('TRK909065047');
    expect(byNumber.reply.text).not.to.contain('Total');
    for (const item of victimOrders[0]!.items) expect(byNumber.reply.text).not.to.contain(item.name);

    const recommendation = await ask(socket, 'repro-4', 'recommend me something');
    expect(recommendation.reply.intent).to.equal('product_recommendation');
    expect(recommendation.reply.text).not.to.match(/what you bought/i);

    await ask(socket, 'repro-5', 'my phone number is +1 555 010 4477');

    const after = (await db.repositories.contacts.findById(victim.id))!;
    expect(after.phones).to.deep.equal(victim.phones);
    expect(after.emails).to.deep.equal([VICTIM_EMAIL]);
    expect(after.visitorIds).to.deep.equal([]);
    expect(after.claims).to.deep.equal([]);
    expect(after.mergedInto).to.equal(null);
    expect(await db.repositories.orders.listByContact(victim.id, 100)).to.have.length(victimOrders.length);

    const conversation = await db.repositories.conversations.findById(session.conversationId);
    expect(conversation?.contactId).to.equal(ownContactId);
    const own = (await db.repositories.contacts.findById(ownContactId))!;
    expect(own.mergedInto).to.equal(null);
    expect(own.emails).to.deep.equal([]);
    expect(own.phones).to.deep.equal([]);
    expect(own.claims.map((c) => [c.kind, c.value, c.conversationId])).to.deep.equal([
      ['email', VICTIM_EMAIL, session.conversationId],
      ['phone', '+15550104477', session.conversationId],
    ]);

    const audit = await db.repositories.audit.list({}, { page: 1, limit: 100 });
    const added = audit.items.slice(0, audit.total - auditBefore.total);
    expect(added.map((event) => event.action)).to.not.include('contacts.merged');
    const claims = added.filter((event) => event.action === 'contact.claim_added');
    expect(claims.map((event) => event.target)).to.deep.equal([
      { type: 'contact', id: ownContactId },
      { type: 'contact', id: ownContactId },
    ]);
    expect(claims[0]!.actor).to.deep.equal({ type: 'visitor', id: before!.visitorId });
    // What changed, not the address or the number.
    expect(JSON.stringify(claims)).not.to.contain(VICTIM_EMAIL);
  });

  it('once the shop vouches for Quinn (identify with her userHash), she sees her order with its tracking number', async () => {
    const { socket, session } = await visitor();
    const linked = await identify(socket, {
      userId: 'shop-customer-300',
      email: VICTIM_EMAIL,
      name: 'Quinn Lindqvist',
      signEmail: true,
    });
    expect(linked).to.deep.equal({ ok: true, data: { identified: true, name: 'Quinn Lindqvist' } });
    const conversation = await db.repositories.conversations.findById(session.conversationId);
    expect(conversation?.contactId).to.equal(victim.id);
    const { reply } = await ask(socket, 'quinn-1', 'where is my order?');
    expect(reply.text).to.match(/^Order ORD-11313 has shipped .* Tracking number: TRK909065047\./);
  });
});
