import { expect } from 'chai';
import type {
  Ack,
  ConversationUpdate,
  RateConversationResult,
} from '../../server/contracts/visitor-events.ts';
import type { ChatDeps } from '../../server/conversation/chat-deps.ts';
import { agentReply, assignAgent, resolveConversation } from '../../server/conversation/handoff.ts';
import type { UserRecord } from '../../server/data/records.ts';
import type { DomainEvents } from '../../server/events/domain-events.ts';
import { hashPassword } from '../../server/auth/password.ts';
import { TEST_PASSWORD } from '../support/app.ts';
import {
  ask,
  fetchHistory,
  next,
  startChatHarness,
  type ChatHarness,
  type VisitorClient,
} from './support/chat-harness.ts';

function rate(socket: VisitorClient, payload: unknown): Promise<Ack<RateConversationResult>> {
  const loose = socket as unknown as {
    timeout(ms: number): {
      emitWithAck(event: string, payload: unknown): Promise<Ack<RateConversationResult>>;
    };
  };
  return loose.timeout(10_000).emitWithAck('conversation:rate', payload);
}

describe('visitor chat: agent names and the rating of a resolved conversation', () => {
  let chat: ChatHarness;
  let deps: ChatDeps;
  let passwordHash: string;

  before(async () => {
    chat = await startChatHarness();
    deps = chat.deps;
    passwordHash = await hashPassword(TEST_PASSWORD);
    chat.analyser.when('thanks', { intent: 'thanks' });
    chat.analyser.when('a person please', { intent: 'human_agent' });
  });
  after(async () => {
    await chat.stop();
  });

  async function agentNamed(name: string, presence: 'online' | 'offline' = 'online'): Promise<UserRecord> {
    const user = await chat.db.repositories.users.create({
      email: `${name.toLowerCase()}-${Math.random().toString(36).slice(2)}@shop.test`,
      name,
      passwordHash,
      role: 'agent',
    });
    return (await chat.db.repositories.users.setPresence(user.id, presence))!;
  }

  async function everyoneOffline(): Promise<void> {
    for (const agent of await chat.db.repositories.users.listOnlineAgents()) {
      await chat.db.repositories.users.setPresence(agent.id, 'offline');
    }
  }

  /** A visitor whose conversation an agent took over and resolved. */
  async function resolvedConversation(agentName = 'Sam') {
    const agent = await agentNamed(agentName);
    const visitor = await chat.visitor();
    await ask(visitor.socket, `t-${Math.random()}`, 'thanks');
    await assignAgent(deps, visitor.session.conversationId, agent.id);
    const resolved = next(visitor.socket, 'conversation:updated', (u) => u.status === 'resolved');
    await resolveConversation(deps, visitor.session.conversationId, agent.id);
    await resolved;
    await chat.db.repositories.users.setPresence(agent.id, 'offline');
    return { ...visitor, agent };
  }

  it('names the agent who joins (conversation:updated) and who writes (senderName), live and in history', async () => {
    const sam = await agentNamed('Sam');
    const { socket, session } = await chat.visitor();
    const joined = next(socket, 'conversation:updated', (u) => u.status === 'agent');
    await assignAgent(deps, session.conversationId, sam.id);
    expect((await joined).agent).to.deep.equal({ name: 'Sam' });

    const live = next(socket, 'message:created', (m) => m.sender === 'agent');
    await agentReply(deps, session.conversationId, sam.id, 'Hi, Sam here.');
    expect(await live).to.include({ sender: 'agent', senderName: 'Sam', text: 'Hi, Sam here.' });

    const history = await fetchHistory(socket, 0);
    if (!history.ok) throw new Error(history.error.code);
    expect(history.data.messages.map((m) => [m.sender, m.senderName])).to.deep.equal([
      ['system', undefined],
      ['agent', 'Sam'],
    ]);
    await chat.db.repositories.users.setPresence(sam.id, 'offline');
  });

  it('tells a (re)connecting visitor the conversation’s current state: queue place, agent, limits', async () => {
    await everyoneOffline();
    await agentNamed('Kim');
    const first = await chat.visitor();
    const waiting = next(first.socket, 'conversation:updated', (u) => u.status === 'waiting_agent');
    await ask(first.socket, 'p-1', 'a person please');
    await waiting;

    const again = await chat.visitor({ visitorToken: first.session.visitorToken });
    expect(again.session.maxMessageLength).to.equal(2000);
    const state = await next(again.socket, 'conversation:updated');
    expect(state).to.deep.include({
      conversationId: first.session.conversationId,
      status: 'waiting_agent',
      reason: 'requested_human',
    });
    expect(state.queuePosition).to.be.a('number').and.at.least(1);
    await everyoneOffline();
  });

  it('marks the bot’s question for an email, so the widget can offer an email field', async () => {
    await everyoneOffline();
    const { socket } = await chat.visitor();
    const { reply } = await ask(socket, 'e-1', 'a person please');
    expect(reply.expects).to.equal('email');
    const history = await fetchHistory(socket, 0);
    if (!history.ok) throw new Error(history.error.code);
    expect(history.data.messages.map((m) => m.expects)).to.deep.equal([undefined, 'email']);
  });

  it('refuses to rate a conversation that is not resolved', async () => {
    const { socket, session } = await chat.visitor();
    const ack = await rate(socket, { rating: 5 });
    expect(ack).to.deep.equal({
      ok: false,
      error: { code: 'CONFLICT', message: 'Only a resolved conversation can be rated.' },
    });
    expect((await chat.db.repositories.conversations.findById(session.conversationId))?.csat).to.equal(null);
  });

  it('refuses malformed ratings with INVALID_PAYLOAD and stores nothing', async () => {
    const { socket, session } = await resolvedConversation();
    for (const payload of [
      { rating: 0 },
      { rating: 6 },
      { rating: 4.5 },
      { rating: '5' },
      {},
      { rating: 3, comment: 'x'.repeat(2001) },
      { rating: 3, comment: 42 },
      'five',
    ]) {
      const ack = await rate(socket, payload);
      expect(ack.ok, JSON.stringify(payload)).to.equal(false);
      if (!ack.ok) expect(ack.error.code).to.equal('INVALID_PAYLOAD');
    }
    expect((await chat.db.repositories.conversations.findById(session.conversationId))?.csat).to.equal(null);
  });

  it('stores a rating with its comment on the conversation, tells every tab, and announces it', async () => {
    const { socket, session } = await resolvedConversation();
    const otherTab = await chat.visitor({ visitorToken: session.visitorToken });
    await next(otherTab.socket, 'conversation:updated');
    const announced: DomainEvents['conversation.rated'][] = [];
    const unsubscribe = chat.events.on('conversation.rated', (event) => void announced.push(event));
    const heard = next(otherTab.socket, 'conversation:updated', (u) => u.rating === 4);

    const ack = await rate(socket, { rating: 4, comment: '  Friendly and fast.  ' });
    expect(ack).to.deep.equal({ ok: true, data: { rating: 4 } });
    const conversation = await chat.db.repositories.conversations.findById(session.conversationId);
    expect(conversation?.csat).to.include({ score: 4, comment: 'Friendly and fast.' });
    expect(conversation?.csat?.at).to.be.instanceOf(Date);
    expect((await heard).status).to.equal('resolved');
    await chat.events.drain();
    unsubscribe();
    expect(announced).to.deep.equal([
      {
        conversationId: session.conversationId,
        contactId: conversation!.contactId,
        rating: 4,
        withComment: true,
      },
    ]);
  });

  it('lets the visitor change the rating while the conversation stays resolved (the last one counts)', async () => {
    const { socket, session } = await resolvedConversation();
    expect((await rate(socket, { rating: 2, comment: 'slow' })).ok).to.equal(true);
    expect((await rate(socket, { rating: 5 })).ok).to.equal(true);
    const conversation = await chat.db.repositories.conversations.findById(session.conversationId);
    expect(conversation?.csat).to.include({ score: 5, comment: null });
  });

  it('asks again after the conversation is reopened and resolved again; refuses while it is open', async () => {
    const { socket, session, agent } = await resolvedConversation('Ana');
    expect((await rate(socket, { rating: 3 })).ok).to.equal(true);

    const reopened = next(socket, 'conversation:updated', (u) => u.status === 'bot');
    await ask(socket, 'again-1', 'thanks');
    expect((await reopened).rating).to.equal(undefined);
    const refused = await rate(socket, { rating: 1 });
    expect(refused.ok).to.equal(false);

    await chat.db.repositories.users.setPresence(agent.id, 'online');
    await assignAgent(deps, session.conversationId, agent.id);
    const resolvedAgain = next(socket, 'conversation:updated', (u) => u.status === 'resolved');
    await resolveConversation(deps, session.conversationId, agent.id);
    await chat.db.repositories.users.setPresence(agent.id, 'offline');
    // The earlier rating is kept, but it rated the earlier resolution: the widget asks again.
    const update: ConversationUpdate = await resolvedAgain;
    expect(update.rating).to.equal(undefined);
    expect((await chat.db.repositories.conversations.findById(session.conversationId))?.csat?.score).to.equal(
      3,
    );
    expect((await rate(socket, { rating: 5 })).ok).to.equal(true);
    expect((await chat.db.repositories.conversations.findById(session.conversationId))?.csat?.score).to.equal(
      5,
    );
  });
});
