import { expect } from 'chai';
import type { AssignmentNotice } from '../../server/contracts/agent-events.ts';
import { ask, next, startChatHarness, type ChatHarness } from '../chat/support/chat-harness.ts';
import { agentSocket, closeAgentSockets, nextEvent, ok, request, staffMember } from './support.ts';

describe('agent routing and presence (ROUTING_MODE=auto)', () => {
  let chat: ChatHarness;

  beforeEach(async () => {
    chat = await startChatHarness({ env: { ROUTING_MODE: 'auto', AGENT_PRESENCE_GRACE_SECONDS: '1' } });
    chat.analyser.when('a person please', { intent: 'human_agent' });
  });
  afterEach(async () => {
    closeAgentSockets();
    await chat.stop();
  });

  async function escalate() {
    const visitor = await chat.visitor();
    const waiting = next(visitor.socket, 'conversation:updated', (u) => u.status === 'waiting_agent');
    await ask(visitor.socket, `p-${Math.random()}`, 'a person please');
    await waiting;
    return visitor;
  }

  async function ownerOf(conversationId: string) {
    return (await chat.db.repositories.conversations.findById(conversationId))!.assignedAgentId;
  }

  it('assigns to the online agent with the most free capacity, skips away and full agents, and tells the agent', async () => {
    // A keeps the escalations queued (someone online) but is full; B has the most room; C is away.
    await staffMember(chat.db.repositories, { name: 'Ann', presence: 'online', capacity: 0 });
    const b = await staffMember(chat.db.repositories, { name: 'Bob', presence: 'online', capacity: 2 });
    const c = await staffMember(chat.db.repositories, { name: 'Cat', presence: 'away', capacity: 9 });
    const bob = await agentSocket(chat.url, { token: b.token });
    const assigned = nextEvent<AssignmentNotice>(bob, 'conversation:assigned');
    const first = await escalate();
    const notice = await assigned;
    expect(notice.cause).to.equal('routing');
    expect(notice.conversation.id).to.equal(first.session.conversationId);
    await chat.gateways.settled();
    expect(await ownerOf(first.session.conversationId)).to.equal(b.user.id);

    const second = await escalate();
    await chat.gateways.settled();
    expect(await ownerOf(second.session.conversationId)).to.equal(b.user.id);
    // Bob is now full: the third waits.
    const third = await escalate();
    await chat.gateways.settled();
    expect(await ownerOf(third.session.conversationId)).to.equal(null);
    expect((await chat.db.repositories.users.findById(b.user.id))!.activeCount).to.equal(2);
    expect((await chat.db.repositories.users.findById(c.user.id))!.activeCount).to.equal(0);

    // Cat comes online: the queue drains into her free slots.
    const cat = await agentSocket(chat.url, { token: c.token });
    await ok(request(cat, 'presence:set', { presence: 'online' }));
    await chat.gateways.settled();
    expect(await ownerOf(third.session.conversationId)).to.equal(c.user.id);
  });

  it('drains the queue oldest first when an agent frees a slot', async () => {
    const b = await staffMember(chat.db.repositories, { name: 'Bob', presence: 'online', capacity: 1 });
    const bob = await agentSocket(chat.url, { token: b.token });
    const first = await escalate();
    await chat.gateways.settled();
    const second = await escalate();
    const third = await escalate();
    await chat.gateways.settled();
    expect(await ownerOf(first.session.conversationId)).to.equal(b.user.id);
    expect(await ownerOf(second.session.conversationId)).to.equal(null);
    await ok(request(bob, 'conversation:resolve', { conversationId: first.session.conversationId }));
    await chat.gateways.settled();
    expect(await ownerOf(second.session.conversationId)).to.equal(b.user.id);
    expect(await ownerOf(third.session.conversationId)).to.equal(null);
  });

  it('an agent whose last socket is gone for the grace period becomes offline; a connected one stays', async () => {
    const stays = await staffMember(chat.db.repositories, { name: 'Stay', presence: 'online' });
    const leaves = await staffMember(chat.db.repositories, { name: 'Gone', presence: 'online' });
    await agentSocket(chat.url, { token: stays.token });
    const gone = await agentSocket(chat.url, { token: leaves.token });
    gone.disconnect();
    // Past the 1 s grace: one sweep (as the heartbeat timer would run it) lapses the stale one only.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    await chat.gateways.presence.sweep();
    expect((await chat.db.repositories.users.findById(leaves.user.id))!.presence).to.equal('offline');
    expect((await chat.db.repositories.users.findById(stays.user.id))!.presence).to.equal('online');
  });

  it('gives a vanished agent’s conversations back to the queue at their place; the visitor is told, routing moves them on', async () => {
    const gone = await staffMember(chat.db.repositories, { name: 'Gina', presence: 'online', capacity: 1 });
    const socket = await agentSocket(chat.url, { token: gone.token });
    const first = await escalate();
    await chat.gateways.settled();
    expect(await ownerOf(first.session.conversationId)).to.equal(gone.user.id);
    // Gina is full: the second visitor waits behind the first.
    const second = await escalate();
    await chat.gateways.settled();
    socket.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const told = next(
      first.socket,
      'message:created',
      (m) => m.sender === 'system' && /no longer available/.test(m.text),
    );
    const requeued = next(first.socket, 'conversation:updated', (u) => u.status === 'waiting_agent');
    await chat.gateways.presence.sweep();
    expect((await told).text).to.contain('Gina is no longer available');
    // It waited longer than the second visitor, so it is first again.
    expect((await requeued).queuePosition).to.equal(1);
    const record = (await chat.db.repositories.conversations.findById(first.session.conversationId))!;
    expect(record.status).to.equal('waiting_agent');
    expect((await chat.db.repositories.users.findById(gone.user.id))!.activeCount).to.equal(0);

    // The next agent online gets it before the second visitor.
    const h = await staffMember(chat.db.repositories, { name: 'Hal', presence: 'online', capacity: 1 });
    const hal = await agentSocket(chat.url, { token: h.token });
    await ok(request(hal, 'presence:set', { presence: 'online' }));
    await chat.gateways.settled();
    expect(await ownerOf(first.session.conversationId)).to.equal(h.user.id);
    expect(await ownerOf(second.session.conversationId)).to.equal(null);
  });

  it('tells waiting visitors their new place when the queue moves, once per change', async () => {
    const a = await staffMember(chat.db.repositories, { name: 'Ann', presence: 'online', capacity: 1 });
    await agentSocket(chat.url, { token: a.token });
    await escalate();
    await chat.gateways.settled();
    const first = await escalate();
    const second = await escalate();
    const third = await escalate();
    await chat.gateways.settled();
    const places: Array<number | undefined> = [];
    second.socket.on('conversation:updated', (u: { queuePosition?: number }) => places.push(u.queuePosition));
    const moved = next(third.socket, 'conversation:updated', (u) => u.queuePosition === 2);
    // Bob comes online with one slot: the longest waiting (first) is his; the others move up.
    const b = await staffMember(chat.db.repositories, { name: 'Bob', presence: 'online', capacity: 1 });
    const bob = await agentSocket(chat.url, { token: b.token });
    await ok(request(bob, 'presence:set', { presence: 'online' }));
    await moved;
    await chat.gateways.settled();
    expect(await ownerOf(first.session.conversationId)).to.equal(b.user.id);
    expect(places).to.deep.equal([1]);
    // A newcomer behind them changes nobody's place: nobody is told again.
    await escalate();
    await chat.gateways.settled();
    expect(places).to.deep.equal([1]);
  });

  it('lets an agent who chose "away" keep their conversations', async () => {
    const a = await staffMember(chat.db.repositories, { name: 'Ada', presence: 'online', capacity: 2 });
    const ada = await agentSocket(chat.url, { token: a.token });
    const visitor = await escalate();
    await chat.gateways.settled();
    await ok(request(ada, 'presence:set', { presence: 'away' }));
    await chat.gateways.presence.sweep();
    expect(await ownerOf(visitor.session.conversationId)).to.equal(a.user.id);
  });

  it('tells a waiting visitor the expected wait from recent pick-up times', async () => {
    const b = await staffMember(chat.db.repositories, { name: 'Bob', presence: 'online', capacity: 5 });
    // Two pick-ups about a second apart give the pace of the queue.
    await escalate();
    await chat.gateways.settled();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await escalate();
    await chat.gateways.settled();
    await chat.db.repositories.users.setCapacity(b.user.id, 2);
    // Past the estimate's cache.
    await new Promise((resolve) => setTimeout(resolve, 5100));
    const visitor = await chat.visitor();
    const waiting = next(
      visitor.socket,
      'conversation:updated',
      (u) => u.status === 'waiting_agent' && u.expectedWaitSeconds !== undefined,
    );
    await ask(visitor.socket, 'w-1', 'a person please');
    const update = await waiting;
    expect(update.queuePosition).to.equal(1);
    expect(update.expectedWaitSeconds).to.be.within(1, 3);
  });
});
