import { expect } from 'chai';
import { userHashOf } from '../../server/identity/user-hash.ts';
import type { SessionPayload } from '../../server/contracts/visitor-events.ts';
import {
  ask,
  identify,
  startChatHarness,
  TEST_IDENTITY_SECRET,
  type ChatHarness,
  type VisitorClient,
} from '../chat/support/chat-harness.ts';
import { addOrder, addProducts } from '../chat/support/shop-fixtures.ts';
import type { ProductRecord } from '../../server/data/records.ts';

let userCounter = 0;
const newUserId = () => `shop-user-${Date.now()}-${(userCounter += 1)}`;

describe('identify: the shop’s backend vouches for its signed-in customer', () => {
  let chat: ChatHarness;
  let boots: ProductRecord;

  before(async () => {
    chat = await startChatHarness();
    [boots] = (await addProducts(chat.db.repositories, [
      { name: 'Trail Hiking Boots', category: 'boots', price: 139.9 },
    ])) as [ProductRecord];
  });
  after(async () => {
    await chat.stop();
  });

  const contactIdOf = async (conversationId: string) =>
    (await chat.db.repositories.conversations.findById(conversationId))!.contactId;
  const auditOf = async (contactId: string) =>
    (await chat.db.repositories.audit.list({ target: { type: 'contact', id: contactId } })).items;

  async function askOrder(socket: VisitorClient, id: string, number: string) {
    const text = `where is order ${number}`;
    chat.analyser.when(text, { intent: 'order_status', entities: [['order_number', number]] });
    return (await ask(socket, id, text)).reply.text;
  }

  describe('a bad userHash', () => {
    it('is refused with IDENTITY_NOT_VERIFIED and changes nothing: another secret, another user id, not hex', async () => {
      const { socket, session } = await chat.visitor();
      const contactId = await contactIdOf(session.conversationId);
      const userId = newUserId();
      const wrongSecret = await identify(socket, { userId }, 'a-secret-that-is-not-the-shops-but-long');
      const otherUser = await socket
        .timeout(5_000)
        .emitWithAck('identify', { userId, userHash: userHashOf(TEST_IDENTITY_SECRET, `${userId}x`) });
      const notHex = await socket
        .timeout(5_000)
        .emitWithAck('identify', { userId, userHash: 'z'.repeat(64) });
      for (const ack of [wrongSecret, otherUser, notHex]) {
        expect(ack).to.deep.equal({
          ok: false,
          error: { code: 'IDENTITY_NOT_VERIFIED', message: 'The identity could not be verified.' },
        });
      }
      expect(await chat.db.repositories.contacts.findByShopUserId(userId)).to.equal(null);
      const contact = (await chat.db.repositories.contacts.findById(contactId))!;
      expect(contact.shopUserId).to.equal(null);
      expect(await auditOf(contactId)).to.deep.equal([]);
    });

    it('answers a malformed payload with INVALID_PAYLOAD', async () => {
      const { socket } = await chat.visitor();
      const loose = socket as unknown as {
        timeout(ms: number): { emitWithAck(event: string, payload: unknown): Promise<unknown> };
      };
      for (const payload of [null, 'user-1', { userId: '', userHash: 'ab' }, { userId: 'u', userHash: 42 }]) {
        expect(await loose.timeout(5_000).emitWithAck('identify', payload)).to.have.nested.property(
          'error.code',
          'INVALID_PAYLOAD',
        );
      }
    });
  });

  describe('a good userHash', () => {
    it('makes a new customer of the visitor’s own contact: shop user id and name set, audited, session re-sent', async () => {
      const { socket, session } = await chat.visitor();
      const contactId = await contactIdOf(session.conversationId);
      const userId = newUserId();
      const resent = new Promise<SessionPayload>((resolve) => socket.once('session', resolve));
      const ack = await identify(socket, { userId, name: 'Ines Costa' });
      expect(ack).to.deep.equal({ ok: true, data: { identified: true, name: 'Ines Costa' } });
      expect(await resent).to.include({
        conversationId: session.conversationId,
        visitorToken: session.visitorToken,
        identified: true,
      });
      const contact = (await chat.db.repositories.contacts.findById(contactId))!;
      expect(contact).to.include({ shopUserId: userId, name: 'Ines Costa' });
      const [event] = await auditOf(contactId);
      expect(event).to.deep.include({
        action: 'contact.identified',
        actor: { type: 'visitor', id: contact.visitorIds[0] },
      });
      expect(event!.data).to.deep.equal({
        linkedBy: 'new',
        mergedContactId: null,
        conversationId: session.conversationId,
        changed: ['shopUserId', 'name'],
      });
    });

    it('merges the visitor’s anonymous contact into the customer’s, audited; the conversation, its ticket and claims follow', async () => {
      const userId = newUserId();
      const first = await chat.visitor();
      expect((await identify(first.socket, { userId })).ok).to.equal(true);
      const customerId = await contactIdOf(first.session.conversationId);

      const { socket, session } = await chat.visitor();
      const anonymousId = await contactIdOf(session.conversationId);
      chat.analyser.when('my card was charged twice', { intent: 'payment_issue' });
      const ticket = (await ask(socket, 'merge-t', 'my card was charged twice')).reply.ticket!;
      chat.analyser.when('mail me at me@example.net', {
        intent: 'update_contact',
        entities: [['email', 'me@example.net']],
      });
      await ask(socket, 'merge-c', 'mail me at me@example.net');

      expect((await identify(socket, { userId })).ok).to.equal(true);
      expect(await contactIdOf(session.conversationId)).to.equal(customerId);
      const anonymous = (await chat.db.repositories.contacts.findById(anonymousId))!;
      expect(anonymous.mergedInto).to.equal(customerId);
      const customer = (await chat.db.repositories.contacts.findById(customerId))!;
      const visitorId = (await chat.db.repositories.conversations.findById(session.conversationId))!
        .visitorId;
      expect(anonymous.visitorIds).to.deep.equal([]);
      expect(customer.visitorIds).to.have.length(2).and.to.include(visitorId);
      expect(customer.claims.map((c) => c.value)).to.deep.equal(['me@example.net']);
      expect((await chat.db.repositories.tickets.findByNumber(ticket.number))?.contactId).to.equal(
        customerId,
      );

      const actions = (await auditOf(customerId)).map((e) => [e.action, e.actor.type]);
      expect(actions).to.deep.include(['contacts.merged', 'visitor']);
      expect(actions).to.deep.include(['contact.identified', 'visitor']);
      const merged = (await auditOf(customerId)).find((e) => e.action === 'contacts.merged')!;
      expect(merged.data).to.deep.include({ reason: 'identify', mergedId: anonymousId });
    });

    it('finds an existing customer record by a signed email (emailHash), never by an unsigned one', async () => {
      const email = `kofi.${Date.now()}@example.com`;
      const record = await chat.db.repositories.contacts.create({ name: 'Kofi', emails: [email] });
      const number = await addOrder(chat.db.repositories, record.id, [{ product: boots, quantity: 1 }]);

      // Anyone can put any address next to their own valid user id: unsigned, it is only a claim.
      const attacker = await chat.visitor();
      expect((await identify(attacker.socket, { userId: newUserId(), email })).ok).to.equal(true);
      const attackerContact = await contactIdOf(attacker.session.conversationId);
      expect(attackerContact).not.to.equal(record.id);
      const unchanged = (await chat.db.repositories.contacts.findById(record.id))!;
      expect(unchanged).to.include({ shopUserId: null, mergedInto: null });
      expect(unchanged.visitorIds).to.deep.equal([]);
      expect(
        (await chat.db.repositories.contacts.findById(attackerContact))!.claims.map((c) => c.value),
      ).to.deep.equal([email]);
      expect(await askOrder(attacker.socket, 'unsigned-1', number)).not.to.contain('TRACK-123');

      const kofi = await chat.visitor();
      const userId = newUserId();
      expect((await identify(kofi.socket, { userId, email, signEmail: true })).ok).to.equal(true);
      expect(await contactIdOf(kofi.session.conversationId)).to.equal(record.id);
      expect((await chat.db.repositories.contacts.findById(record.id))!.shopUserId).to.equal(userId);
      expect(await askOrder(kofi.socket, 'signed-1', number)).to.contain('Tracking number: TRACK-123');
    });

    it('refuses a wrong emailHash with IDENTITY_NOT_VERIFIED', async () => {
      const { socket } = await chat.visitor();
      const userId = newUserId();
      const ack = await socket.timeout(5_000).emitWithAck('identify', {
        userId,
        userHash: userHashOf(TEST_IDENTITY_SECRET, userId),
        email: 'someone@example.com',
        emailHash: userHashOf(TEST_IDENTITY_SECRET, 'someone-else@example.com'),
      });
      expect(ack).to.have.nested.property('error.code', 'IDENTITY_NOT_VERIFIED');
      expect(await chat.db.repositories.contacts.findByShopUserId(userId)).to.equal(null);
    });

    it('refuses another customer on a chat that already belongs to one (IDENTITY_MISMATCH), and ends the verification', async () => {
      const { socket, session } = await chat.visitor();
      const contactId = await contactIdOf(session.conversationId);
      const number = await addOrder(chat.db.repositories, contactId, [{ product: boots, quantity: 1 }]);
      const first = newUserId();
      expect((await identify(socket, { userId: first })).ok).to.equal(true);
      expect(await askOrder(socket, 'mm-1', number)).to.contain('TRACK-123');

      const ack = await identify(socket, { userId: newUserId() });
      expect(ack).to.have.nested.property('error.code', 'IDENTITY_MISMATCH');
      expect((await chat.db.repositories.contacts.findById(contactId))!.shopUserId).to.equal(first);
      expect(await askOrder(socket, 'mm-2', number)).not.to.contain('TRACK-123');
    });

    it('lasts one connection: the same visitor token reconnecting is not verified until identify runs again', async () => {
      const { socket, session } = await chat.visitor();
      const contactId = await contactIdOf(session.conversationId);
      const number = await addOrder(chat.db.repositories, contactId, [{ product: boots, quantity: 1 }]);
      const userId = newUserId();
      expect((await identify(socket, { userId })).ok).to.equal(true);
      expect(await askOrder(socket, 'conn-1', number)).to.contain('TRACK-123');
      socket.disconnect();

      // Another page load, or the next person at a shared computer after the shop's logout.
      const again = await chat.visitor({ visitorToken: session.visitorToken });
      expect(again.session).to.include({ conversationId: session.conversationId });
      expect(again.session).not.to.have.property('identified');
      const status = await askOrder(again.socket, 'conn-2', number);
      expect(status).to.match(new RegExp(`^Order ${number} has shipped`));
      expect(status).not.to.contain('TRACK-123');

      expect((await identify(again.socket, { userId })).ok).to.equal(true);
      expect(await askOrder(again.socket, 'conn-3', number)).to.contain('TRACK-123');
    });
  });

  describe('without IDENTITY_SECRET', () => {
    let unconfigured: ChatHarness;
    before(async () => {
      unconfigured = await startChatHarness({ env: { IDENTITY_SECRET: '' } });
    });
    after(async () => {
      await unconfigured.stop();
    });

    it('refuses identify with IDENTITY_NOT_CONFIGURED, even with a hash made with the usual secret', async () => {
      const { socket, session } = await unconfigured.visitor();
      const userId = newUserId();
      expect(await identify(socket, { userId })).to.deep.equal({
        ok: false,
        error: {
          code: 'IDENTITY_NOT_CONFIGURED',
          message: 'Identity verification is not enabled on this server.',
        },
      });
      const conversation = await unconfigured.db.repositories.conversations.findById(session.conversationId);
      const contact = await unconfigured.db.repositories.contacts.findById(conversation!.contactId);
      expect(contact?.shopUserId).to.equal(null);
    });
  });
});
