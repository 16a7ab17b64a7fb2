import { expect } from 'chai';
import type { ConversationUpdate } from '../../server/contracts/visitor-events.ts';
import {
  agentReply,
  assignAgent,
  handBackToBot,
  resolveConversation,
  waitingQueue,
} from '../../server/conversation/handoff.ts';
import type { ChatDeps } from '../../server/conversation/chat-deps.ts';
import type { UserRecord } from '../../server/data/records.ts';
import { createUser } from '../support/app.ts';
import { ask, next, send, startChatHarness, type ChatHarness } from './support/chat-harness.ts';
import { addOrder, addProducts } from './support/shop-fixtures.ts';

describe('visitor chat: escalation and hand-off to agents', () => {
  let chat: ChatHarness;
  let deps: ChatDeps;

  before(async () => {
    chat = await startChatHarness();
    // The same dependencies the gateway uses, as an agent console would get them.
    deps = chat.deps;
  });
  after(async () => {
    await chat.stop();
  });

  async function onlineAgent(): Promise<UserRecord> {
    const agent = await createUser(chat.db.repositories, 'agent');
    return (await chat.db.repositories.users.setPresence(agent.id, 'online'))!;
  }

  async function offlineEveryone() {
    const page = await chat.db.repositories.users.list({}, { page: 1, limit: 100 });
    for (const user of page.items) await chat.db.repositories.users.setPresence(user.id, 'offline');
  }

  it('when the visitor asks for a human, the conversation waits for an agent and the bot goes quiet', async () => {
    await onlineAgent();
    const { socket, session } = await chat.visitor();
    chat.analyser.when('I want to talk to a person', { intent: 'human_agent' });
    const updated = next(socket, 'conversation:updated', (u) => u.status === 'waiting_agent');
    const { reply } = await ask(socket, 'human-1', 'I want to talk to a person');
    const update = await updated;
    expect(update.reason).to.equal('requested_human');
    expect(update.queuePosition).to.be.a('number').and.be.at.least(1);
    expect(reply.text).to.match(/passing you to a member of our team.*number \d+ in the queue/);
    const conversation = await chat.db.repositories.conversations.findById(session.conversationId);
    expect(conversation).to.include({ status: 'waiting_agent', escalationReason: 'requested_human' });
    expect((await waitingQueue(deps)).map((c) => c.id)).to.include(session.conversationId);

    // Only the owner answers: while waiting, a visitor message is stored but the bot does not reply.
    chat.analyser.when('hello?', { intent: 'greeting' });
    const ack = await send(socket, 'human-2', 'hello?');
    expect(ack.ok).to.equal(true);
    const page = await chat.db.repositories.messages.listAfterSeq(session.conversationId, 0, 50);
    expect(page.items.map((m) => m.sender)).to.deep.equal(['visitor', 'bot', 'visitor']);
  });

  it('walks bot → waiting_agent → agent → resolved → bot with the agent-side functions', async () => {
    await offlineEveryone();
    const agent = await onlineAgent();
    const { socket, session } = await chat.visitor();
    const conversationId = session.conversationId;
    chat.analyser.when('agent please', { intent: 'human_agent' });
    await ask(socket, 'flow-1', 'agent please');

    const statuses: ConversationUpdate[] = [];
    socket.on('conversation:updated', (u) => statuses.push(u));
    const joined = next(socket, 'message:created', (m) => m.sender === 'system');
    await assignAgent(deps, conversationId, agent.id);
    expect((await joined).text).to.equal(`${agent.name} joined the conversation.`);

    const answer = next(socket, 'message:created', (m) => m.sender === 'agent');
    await agentReply(deps, conversationId, agent.id, 'Hi, I am here to help.');
    expect((await answer).text).to.equal('Hi, I am here to help.');

    // The bot stays silent while the agent owns the conversation.
    chat.analyser.when('thanks!', { intent: 'thanks' });
    await send(socket, 'flow-2', 'thanks!');
    const whileAgent = await chat.db.repositories.messages.listLatest(conversationId, 1);
    expect(whileAgent[0]?.sender).to.equal('visitor');

    const other = await createUser(chat.db.repositories, 'agent');
    let refused: unknown = null;
    await agentReply(deps, conversationId, other.id, 'me too').catch((e: unknown) => (refused = e));
    expect(refused).to.have.property('code', 'FORBIDDEN');

    await resolveConversation(deps, conversationId, agent.id);
    expect((await chat.db.repositories.conversations.findById(conversationId))?.status).to.equal('resolved');

    // A new message after resolution reopens the conversation with the bot, which answers again.
    const reopened = next(socket, 'conversation:updated', (u) => u.status === 'bot');
    const { reply } = await ask(socket, 'flow-3', 'thanks!');
    await reopened;
    expect(reply.text).to.equal("You're welcome!");
    expect(statuses.map((s) => s.status)).to.include.members(['agent', 'resolved', 'bot']);

    // Illegal moves are refused by the one state-changing function.
    let illegal: unknown = null;
    await handBackToBot(deps, conversationId, agent.id).catch((e: unknown) => (illegal = e));
    expect(illegal).to.have.property('code', 'ILLEGAL_TRANSITION');
  });

  it('an agent can hand a conversation back to the bot', async () => {
    const agent = await onlineAgent();
    const { socket, session } = await chat.visitor();
    await assignAgent(deps, session.conversationId, agent.id);
    await handBackToBot(deps, session.conversationId, agent.id);
    chat.analyser.when('store hours?', { intent: 'store_info' });
    const { reply } = await ask(socket, 'back-1', 'store hours?');
    expect(reply.sender).to.equal('bot');
  });

  it('when no agent is online, tells the visitor, opens a ticket and asks for an email', async () => {
    await offlineEveryone();
    const { socket, session } = await chat.visitor();
    chat.analyser.when('human please', { intent: 'human_agent' });
    const { reply } = await ask(socket, 'none-1', 'human please');
    expect(reply.text).to.match(
      /^No one from our team is online right now\. I've opened ticket T-\d+; what email/,
    );
    const conversation = await chat.db.repositories.conversations.findById(session.conversationId);
    expect(conversation).to.include({ status: 'bot', escalationReason: 'requested_human' });
    expect(conversation?.pendingSlot).to.include({ intent: 'update_contact', slot: 'email' });

    const text = 'sure: me@example.org';
    chat.analyser.when(text, {
      intent: 'out_of_scope',
      confidence: 0.1,
      entities: [['email', 'me@example.org']],
    });
    const saved = await ask(socket, 'none-2', text);
    expect(saved.reply.text).to.equal("Thanks! I've saved your email me@example.org.");
    const ticket = await chat.db.repositories.tickets.findByNumber(reply.ticket!.number);
    expect(ticket).to.include({ category: 'follow_up', priority: 'high' });
  });

  it('escalates after the bot fails to understand three messages in a row', async () => {
    await offlineEveryone();
    await onlineAgent();
    const { socket, session } = await chat.visitor();
    await ask(socket, 'nu-1', 'blorp');
    await ask(socket, 'nu-2', 'zzzq');
    expect(
      (await chat.db.repositories.conversations.findById(session.conversationId))?.failedUnderstandingCount,
    ).to.equal(2);
    const { reply } = await ask(socket, 'nu-3', 'qwerty');
    expect(reply.text).to.match(/passing you to a member of our team/);
    const conversation = await chat.db.repositories.conversations.findById(session.conversationId);
    expect(conversation).to.include({ status: 'waiting_agent', escalationReason: 'not_understood' });
  });

  it('escalates when sentiment stays strongly negative, raising the open ticket’s priority', async () => {
    await onlineAgent();
    const { socket, session } = await chat.visitor();
    chat.analyser.when('this is awful', { intent: 'complaint', sentiment: -0.8 });
    chat.analyser.when('terrible service', { intent: 'shipping_info', sentiment: -0.7 });
    chat.analyser.when('worst shop ever', { intent: 'shipping_info', sentiment: -0.9 });
    const opened = await ask(socket, 'neg-1', 'this is awful');
    expect(opened.reply.ticket?.priority).to.equal('normal');
    await ask(socket, 'neg-2', 'terrible service');
    const { reply } = await ask(socket, 'neg-3', 'worst shop ever');
    expect(reply.text).to.match(/passing you to a member of our team/);
    const conversation = await chat.db.repositories.conversations.findById(session.conversationId);
    expect(conversation?.escalationReason).to.equal('negative_sentiment');
    const ticket = await chat.db.repositories.tickets.findByNumber(opened.reply.ticket!.number);
    expect(ticket?.priority).to.equal('high');
  });

  it('escalates a complaint from a high-value contact with an urgent ticket', async () => {
    await onlineAgent();
    const [tv] = await addProducts(chat.db.repositories, [
      { name: 'Expedition Tent', category: 'tents', price: 1200 },
    ]);
    const { socket, session } = await chat.visitor();
    const conversation = await chat.db.repositories.conversations.findById(session.conversationId);
    await addOrder(chat.db.repositories, conversation!.contactId, [{ product: tv!, quantity: 1 }]);
    chat.analyser.when('the tent pole snapped', { intent: 'complaint', sentiment: -0.3 });
    const { reply } = await ask(socket, 'hv-1', 'the tent pole snapped');
    expect(reply.text).to.match(
      /^I'm sorry to hear that\. I've opened ticket T-\d+.*passing you to a member of our team/,
    );
    expect(reply.ticket).to.include({ category: 'complaint', priority: 'urgent' });
    const after = await chat.db.repositories.conversations.findById(session.conversationId);
    expect(after).to.include({ status: 'waiting_agent', escalationReason: 'high_value_complaint' });
  });

  it('emits a named event for each step of a message', async () => {
    const seen: string[] = [];
    const offs = (
      ['message.received', 'intent.classified', 'reply.sent', 'action.completed', 'ticket.created'] as const
    ).map((name) => chat.events.on(name, () => void seen.push(name)));
    try {
      const { socket } = await chat.visitor();
      chat.analyser.when('cancel my order', { intent: 'cancel_order' });
      await ask(socket, 'ev-1', 'cancel my order');
      await chat.events.drain();
      expect(seen).to.include.members([
        'message.received',
        'intent.classified',
        'ticket.created',
        'reply.sent',
        'action.completed',
      ]);
    } finally {
      offs.forEach((off) => off());
    }
  });
});
