import { expect } from 'chai';
import request$ from 'supertest';
import type {
  AgentMessage,
  AgentSelf,
  AgentTypingNotice,
  ConversationDetail,
  ConversationListItem,
  PrivateNote,
  QueueSnapshot,
} from '../../server/contracts/agent-events.ts';
import type { ChatMessage, ConversationUpdate } from '../../server/contracts/visitor-events.ts';
import { bearer } from '../support/app.ts';
import { ask, fetchHistory, next, startChatHarness, type ChatHarness } from '../chat/support/chat-harness.ts';
import { agentSocket, closeAgentSockets, nextEvent, ok, request, staffMember } from './support.ts';

describe('agent desk: the /agent namespace and the agent actions', () => {
  let chat: ChatHarness;

  before(async () => {
    chat = await startChatHarness();
    chat.analyser.when('a person please', { intent: 'human_agent' });
    chat.analyser.when('hello?', { intent: 'greeting', sentiment: -0.2 });
    chat.analyser.when('this is awful', { intent: 'complaint', sentiment: -0.9 });
  });
  afterEach(() => closeAgentSockets());
  after(async () => {
    await chat.stop();
  });

  /** A visitor whose conversation waits for an agent. */
  async function waitingVisitor() {
    const visitor = await chat.visitor();
    const waiting = next(visitor.socket, 'conversation:updated', (u) => u.status === 'waiting_agent');
    await ask(visitor.socket, `p-${Math.random()}`, 'a person please');
    await waiting;
    return visitor;
  }

  describe('handshake', () => {
    it('refuses no token, a bad token and a visitor token; admits a staff token', async () => {
      const refusal = (auth: Record<string, unknown>) =>
        agentSocket(chat.url, auth).then(
          () => 'connected',
          (error: Error) => error.message,
        );
      expect(await refusal({})).to.equal('UNAUTHENTICATED');
      expect(await refusal({ token: 'not-a-token' })).to.equal('INVALID_TOKEN');
      const { session } = await chat.visitor();
      expect(await refusal({ token: session.visitorToken })).to.equal('FORBIDDEN');

      const { user, token } = await staffMember(chat.db.repositories, { name: 'Sam' });
      const socket = await agentSocket(chat.url, { token });
      const self = await nextEvent<AgentSelf>(socket, 'agent:self');
      expect(self).to.include({ id: user.id, name: 'Sam', presence: 'offline', capacity: 5, activeCount: 0 });
    });
  });

  it('a waiting conversation appears in the agents’ queue with its reason; one of two racing take-overs wins', async () => {
    const sam = await staffMember(chat.db.repositories, { name: 'Sam', presence: 'online' });
    const kim = await staffMember(chat.db.repositories, { name: 'Kim', presence: 'online' });
    const samSocket = await agentSocket(chat.url, { token: sam.token });
    const kimSocket = await agentSocket(chat.url, { token: kim.token });
    const seen = nextEvent<QueueSnapshot>(samSocket, 'queue:snapshot', (s) => s.items.length > 0);
    const { socket: visitor, session } = await waitingVisitor();
    const snapshot = await seen;
    const row = snapshot.items.find((item) => item.id === session.conversationId)!;
    expect(row).to.include({ status: 'waiting_agent', escalationReason: 'requested_human', assignee: null });
    expect(row.queuePosition).to.be.a('number');
    expect(row.waitingSince).to.be.a('string');
    expect(snapshot.autoAssign).to.equal(false);

    const joined = next(visitor, 'conversation:updated', (u) => u.status === 'agent');
    const [a, b] = await Promise.all([
      request<ConversationListItem>(samSocket, 'conversation:takeover', {
        conversationId: session.conversationId,
      }),
      request<ConversationListItem>(kimSocket, 'conversation:takeover', {
        conversationId: session.conversationId,
      }),
    ]);
    const winners = [a, b].filter((ack) => ack.ok);
    const losers = [a, b].filter((ack) => !ack.ok);
    expect(winners).to.have.length(1);
    expect(losers).to.have.length(1);
    expect(!losers[0]!.ok && losers[0]!.error.code).to.equal('CONVERSATION_TAKEN');
    const update = await joined;
    const winnerName = a.ok ? 'Sam' : 'Kim';
    expect(update.agent).to.deep.equal({ name: winnerName });
    const winner = await chat.db.repositories.users.findById(a.ok ? sam.user.id : kim.user.id);
    expect(winner!.activeCount).to.equal(1);
  });

  it('the agent replies (the visitor sees the name), writes private notes the visitor never gets, sees the visitor type, and resolves (the visitor is asked to rate)', async () => {
    const sam = await staffMember(chat.db.repositories, { name: 'Sam', presence: 'online' });
    const socket = await agentSocket(chat.url, { token: sam.token });
    const { socket: visitor, session } = await waitingVisitor();
    const conversationId = session.conversationId;
    await ok(request(socket, 'conversation:takeover', { conversationId }));

    const detail = await ok(request<ConversationDetail>(socket, 'conversation:open', { conversationId }));
    const asked = detail.transcript.find(
      (e) => e.kind === 'message' && e.sender === 'visitor',
    ) as AgentMessage;
    expect(asked.analysis?.intent).to.deep.include({ name: 'human_agent' });
    expect(asked.analysis?.sentiment).to.have.property('score');
    const botAnswer = detail.transcript.find(
      (e) => e.kind === 'message' && e.sender === 'bot',
    ) as AgentMessage;
    expect(botAnswer.botAction).to.equal('escalate');
    expect(detail.context.contact.contactId).to.be.a('string');
    const order = detail.transcript.map((e) => (e.kind === 'message' ? e.seq : e.afterSeq));
    expect(order).to.deep.equal([...order].sort((x, y) => x - y));

    // Anything the visitor receives from now on is recorded: a note must never be among it.
    const received: ChatMessage[] = [];
    visitor.on('message:created', (m) => received.push(m));

    const noteSeen = nextEvent<PrivateNote>(socket, 'note:created');
    const note = await ok(request<PrivateNote>(socket, 'note:add', { conversationId, text: 'VIP, be kind' }));
    expect(note).to.include({ kind: 'note', text: 'VIP, be kind' });
    expect((await noteSeen).id).to.equal(note.id);

    const typing = nextEvent<AgentTypingNotice>(socket, 'typing', (t) => t.sender === 'visitor');
    visitor.emit('typing', { isTyping: true });
    expect(await typing).to.deep.include({ conversationId, sender: 'visitor', isTyping: true });

    const answered = next(visitor, 'message:created', (m) => m.sender === 'agent');
    const reply = await ok(
      request<AgentMessage>(socket, 'message:reply', {
        conversationId,
        clientMessageId: 'r-1',
        text: 'Hi, Sam here.',
      }),
    );
    expect(reply).to.include({ sender: 'agent', text: 'Hi, Sam here.', senderName: 'Sam' });
    expect(await answered).to.include({ text: 'Hi, Sam here.', senderName: 'Sam' });
    // A resend of the same reply is stored once.
    const again = await ok(
      request<AgentMessage>(socket, 'message:reply', {
        conversationId,
        clientMessageId: 'r-1',
        text: 'Hi, Sam here.',
      }),
    );
    expect(again.id).to.equal(reply.id);

    const resolved = next(
      visitor,
      'conversation:updated',
      (u: ConversationUpdate) => u.status === 'resolved',
    );
    const item = await ok(request<ConversationListItem>(socket, 'conversation:resolve', { conversationId }));
    expect(item.status).to.equal('resolved');
    expect((await resolved).rating).to.equal(undefined);
    const rated = await visitor.timeout(10_000).emitWithAck('conversation:rate', { rating: 5 });
    expect(rated).to.deep.equal({ ok: true, data: { rating: 5 } });
    expect((await chat.db.repositories.conversations.findById(conversationId))!.csat?.score).to.equal(5);

    expect(received.map((m) => m.text)).to.not.include('VIP, be kind');
    const history = await fetchHistory(visitor, 0, 100);
    if (!history.ok) throw new Error(history.error.code);
    expect(history.data.messages.map((m) => m.text)).to.not.include('VIP, be kind');
    const after = await ok(request<ConversationDetail>(socket, 'conversation:open', { conversationId }));
    expect(after.transcript.some((e) => e.kind === 'note' && e.text === 'VIP, be kind')).to.equal(true);
    expect((await chat.db.repositories.users.findById(sam.user.id))!.activeCount).to.equal(0);
  });

  it('the bot stays silent when an agent takes over during its slow turn', async () => {
    const slow = await startChatHarness({ slowSpendLookupMs: 600 });
    try {
      slow.analyser.when('this is awful', { intent: 'complaint', sentiment: -0.9 });
      const sam = await staffMember(slow.db.repositories, { name: 'Sam', presence: 'online' });
      const { socket: visitor, session } = await slow.visitor();
      const ack = await visitor
        .timeout(10_000)
        .emitWithAck('message:send', { clientMessageId: 's-1', text: 'this is awful' });
      expect(ack.ok).to.equal(true);
      // The bot is now waiting on the slow customer-value lookup: the agent takes over meanwhile.
      await slow.deps.repositories.conversations.findById(session.conversationId);
      const { takeOver } = await import('../../server/agent/actions.ts');
      await takeOver(slow.deps, sam.user.id, session.conversationId);
      await slow.gateways.settled();
      // Let the bot's turn finish: the next message of the conversation queues behind it.
      await visitor.timeout(10_000).emitWithAck('message:send', { clientMessageId: 's-2', text: 'hello?' });
      const page = await slow.db.repositories.messages.listAfterSeq(session.conversationId, 0, 50);
      expect(page.items.map((m) => m.sender)).to.deep.equal(['visitor', 'system', 'visitor']);
      expect((await slow.db.repositories.conversations.findById(session.conversationId))!.status).to.equal(
        'agent',
      );
    } finally {
      await slow.stop();
    }
  });

  it('canned replies fill their placeholders for the conversation', async () => {
    const admin = await staffMember(chat.db.repositories, { name: 'Ada', role: 'admin' });
    const created = await request$(chat.app.app)
      .post('/api/canned-replies')
      .set('Authorization', `Bearer ${admin.token}`)
      .send({
        shortcut: 'hello',
        title: 'Greeting',
        template: 'Hi {visitor_name}, {agent_name} here. {unknown}',
      });
    expect(created.status).to.equal(201);
    const sam = await staffMember(chat.db.repositories, { name: 'Sam', presence: 'online' });
    const socket = await agentSocket(chat.url, { token: sam.token });
    const { session } = await chat.visitor();
    const replies = await ok(
      request<Array<{ shortcut: string; text?: string }>>(socket, 'canned:list', {
        conversationId: session.conversationId,
      }),
    );
    expect(replies.find((r) => r.shortcut === 'hello')!.text).to.equal(
      'Hi {visitor_name}, Sam here. {unknown}',
    );
  });

  describe('REST: the same actions with 401/403', () => {
    it('refuses without a token (401), with a visitor token (403), and an agent acting on another’s conversation (403)', async () => {
      const { session } = await waitingVisitor();
      const path = `/api/conversations/${session.conversationId}`;
      const http = request$(chat.app.app);
      expect((await http.post(`${path}/takeover`)).status).to.equal(401);
      const visitorToken = bearer({ id: session.conversationId, role: 'visitor' });
      expect((await http.post(`${path}/takeover`).set('Authorization', visitorToken)).status).to.equal(403);

      const sam = await staffMember(chat.db.repositories, { name: 'Sam', presence: 'online' });
      const kim = await staffMember(chat.db.repositories, { name: 'Kim', presence: 'online' });
      const took = await http.post(`${path}/takeover`).set('Authorization', `Bearer ${sam.token}`);
      expect(took.status).to.equal(200);
      expect(took.body).to.include({ status: 'agent' });
      const lost = await http.post(`${path}/takeover`).set('Authorization', `Bearer ${kim.token}`);
      expect(lost.status).to.equal(409);
      expect(lost.body.code ?? lost.body.error?.code).to.equal('CONVERSATION_TAKEN');
      const foreign = await http
        .post(`${path}/reply`)
        .set('Authorization', `Bearer ${kim.token}`)
        .send({ text: 'not mine' });
      expect(foreign.status).to.equal(403);
      expect(
        (await http.post(`${path}/resolve`).set('Authorization', `Bearer ${kim.token}`)).status,
      ).to.equal(403);
      const replied = await http
        .post(`${path}/reply`)
        .set('Authorization', `Bearer ${sam.token}`)
        .send({ text: 'Sam here' });
      expect(replied.status).to.equal(201);
      const note = await http
        .post(`${path}/notes`)
        .set('Authorization', `Bearer ${kim.token}`)
        .send({ text: 'fyi' });
      expect(note.status).to.equal(201);
      const transfer = await http
        .post(`${path}/transfer`)
        .set('Authorization', `Bearer ${sam.token}`)
        .send({ agentId: kim.user.id });
      expect(transfer.status).to.equal(200);
      expect(transfer.body.assignee).to.deep.equal({ id: kim.user.id, name: 'Kim' });
      expect(
        (await http.post(`${path}/handback`).set('Authorization', `Bearer ${kim.token}`)).status,
      ).to.equal(200);
      expect(
        (
          await http
            .put('/api/agents/me/presence')
            .set('Authorization', `Bearer ${kim.token}`)
            .send({ presence: 'away' })
        ).body.presence,
      ).to.equal('away');
      expect(
        (
          await http
            .patch(`/api/agents/${kim.user.id}`)
            .set('Authorization', `Bearer ${sam.token}`)
            .send({ capacity: 3 })
        ).status,
      ).to.equal(403);
      expect((await http.get('/api/inbox?view=queue')).status).to.equal(401);
      expect(
        (
          await http
            .post('/api/canned-replies')
            .set('Authorization', `Bearer ${sam.token}`)
            .send({ shortcut: 'x', title: 'x', template: 'x' })
        ).status,
      ).to.equal(403);
    });
  });
});
