import { expect } from 'chai';
import { buildRecommendationModel } from '../../server/analytics/recommendations/model.ts';
import { recommendationSourceFrom } from '../../server/analytics/recommendations/repository-source.ts';
import type { ProductRecord } from '../../server/data/records.ts';
import { ask, identify, startChatHarness, type ChatHarness } from '../chat/support/chat-harness.ts';
import { addOrder, addProducts } from '../chat/support/shop-fixtures.ts';

// A customer verified on one connection, then the same visitor token on a new connection without identify:
// another page load before the shop identified, or the next person at a shared computer.
describe('purchase history and tickets: the verified customer’s, or only the visitor’s own', () => {
  let chat: ChatHarness;
  let boots: ProductRecord;
  let socks: ProductRecord;
  let counter = 0;

  before(async () => {
    chat = await startChatHarness();
    [boots, socks] = (await addProducts(chat.db.repositories, [
      { name: 'Trail Hiking Boots', category: 'boots', price: 139.9 },
      { name: 'Merino Wool Socks', category: 'socks', price: 14.5 },
      { name: 'Alpine Rain Jacket', category: 'jackets', price: 199 },
    ])) as [ProductRecord, ProductRecord];
    for (let i = 0; i < 2; i += 1) {
      const other = await chat.db.repositories.contacts.create({});
      await addOrder(chat.db.repositories, other.id, [
        { product: boots, quantity: 1 },
        { product: socks, quantity: 1 },
      ]);
    }
  });
  after(async () => {
    await chat.stop();
  });

  /** A verified customer (who bought boots), then the same token reconnected without identify. */
  async function customer() {
    const userId = `scoped-${Date.now()}-${(counter += 1)}`;
    const first = await chat.visitor();
    const contactId = (await chat.db.repositories.conversations.findById(first.session.conversationId))!
      .contactId;
    await addOrder(chat.db.repositories, contactId, [{ product: boots, quantity: 1 }]);
    expect((await identify(first.socket, { userId })).ok).to.equal(true);
    first.socket.disconnect();
    const source = recommendationSourceFrom(chat.db.repositories);
    chat.setRecommendationModel(
      buildRecommendationModel(await source.loadPurchases(), await source.loadCatalogue()),
    );
    const later = await chat.visitor({ visitorToken: first.session.visitorToken });
    return { userId, contactId, socket: later.socket, conversationId: later.session.conversationId };
  }

  it('recommends "based on what you bought" only once the customer is verified on this connection', async () => {
    const { userId, socket } = await customer();
    chat.analyser.when('recommend me something', { intent: 'product_recommendation' });
    const unverified = await ask(socket, 'rec-u', 'recommend me something');
    expect(unverified.reply.text).to.equal('Here are some of our most popular products:');

    expect((await identify(socket, { userId })).ok).to.equal(true);
    const verified = await ask(socket, 'rec-v', 'recommend me something');
    expect(verified.reply.text).to.equal('Based on what you bought before, you might like these:');
    expect(verified.reply.suggestions?.[0]).to.include({ productId: socks.id });
  });

  it('shows tickets by contact only to the verified customer; otherwise those of the visitor’s own conversations', async () => {
    const { userId, contactId, socket } = await customer();
    // A ticket of the customer's from another chat (say, with an agent).
    const elsewhere = await chat.db.repositories.tickets.create({
      contactId,
      category: 'return',
      subject: 'Broken sole',
      actor: 'system',
    });
    chat.analyser.when('any news on my ticket?', { intent: 'ticket_status' });
    const listed = await ask(socket, 'tk-1', 'any news on my ticket?');
    expect(listed.reply.text).not.to.contain(elsewhere.number);
    expect(listed.reply.text).to.contain("I don't see any ticket");

    const byNumber = `status of ${elsewhere.number}`;
    chat.analyser.when(byNumber, {
      intent: 'ticket_status',
      entities: [['ticket_number', elsewhere.number]],
    });
    expect((await ask(socket, 'tk-2', byNumber)).reply.text).to.contain("couldn't find ticket");

    // A ticket the visitor opens here is theirs to follow, verified or not.
    chat.analyser.when('my payment failed', { intent: 'payment_issue' });
    const own = (await ask(socket, 'tk-3', 'my payment failed')).reply.ticket!;
    const mine = await ask(socket, 'tk-4', 'any news on my ticket?');
    expect(mine.reply.text).to.contain(own.number);
    expect(mine.reply.text).not.to.contain(elsewhere.number);

    expect((await identify(socket, { userId })).ok).to.equal(true);
    const all = await ask(socket, 'tk-5', 'any news on my ticket?');
    expect(all.reply.text).to.contain(own.number).and.to.contain(elsewhere.number);
  });

  it('adds a message to the customer’s open ticket from elsewhere only for the verified customer', async () => {
    const openElsewhere = (contactId: string) =>
      chat.db.repositories.tickets.create({
        contactId,
        category: 'return',
        subject: 'Return request',
        actor: 'system',
      });
    chat.analyser.when('I want to return these', { intent: 'return_refund' });

    const unverified = await customer();
    const notTheirs = await openElsewhere(unverified.contactId);
    const opened = await ask(unverified.socket, 'ap-1', 'I want to return these');
    expect(opened.reply.text).to.match(/^I've opened return request/);
    expect(opened.reply.ticket?.number).not.to.equal(notTheirs.number);
    expect((await chat.db.repositories.tickets.findById(notTheirs.id))!.history).to.have.length(1);

    const verified = await customer();
    const theirs = await openElsewhere(verified.contactId);
    expect((await identify(verified.socket, { userId: verified.userId })).ok).to.equal(true);
    const added = await ask(verified.socket, 'ap-2', 'I want to return these');
    expect(added.reply.text).to.equal(`I've added this to your return request ${theirs.number}.`);
    expect((await chat.db.repositories.tickets.findById(theirs.id))!.history).to.have.length(2);
  });

  it('answers a new anonymous visitor from popularity, and with no ticket', async () => {
    const { socket } = await chat.visitor();
    chat.analyser.when('recommend me something', { intent: 'product_recommendation' });
    expect((await ask(socket, 'anon-1', 'recommend me something')).reply.text).to.equal(
      'Here are some of our most popular products:',
    );
    chat.analyser.when('any news on my ticket?', { intent: 'ticket_status' });
    expect((await ask(socket, 'anon-2', 'any news on my ticket?')).reply.text).to.contain(
      "I don't see any ticket",
    );
  });
});
