import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { io as connect } from 'socket.io-client';
import { signToken } from '../../server/auth/token.ts';
import type { ConversationListItem } from '../../server/contracts/agent-events.ts';
import type {
  ChatMessage,
  ConversationUpdate,
  SessionPayload,
} from '../../server/contracts/visitor-events.ts';
import type { VisitorClient } from '../chat/support/chat-harness.ts';
import { TwoNodes } from '../support/two-nodes.ts';
import { agentSocket, closeAgentSockets, nextEvent, ok, request } from './support.ts';

describe('two server processes sharing one database and Redis', function () {
  // Two processes load (or train once) the intent model and connect to both stores.
  this.timeout(180_000);
  const nodes = new TwoNodes({ name: 'two-nodes' });

  before(() => nodes.start());

  after(async () => {
    closeAgentSockets();
    await nodes.stop();
  });

  it('an agent on node A takes over and answers a visitor on node B, who sees the reply with the agent’s name', async () => {
    const { nodeA, nodeB, repositories, secret } = nodes;
    const agent = await repositories.users.create({
      email: `sam-${randomUUID()}@shop.test`,
      name: 'Sam',
      passwordHash: 'not-used',
      role: 'agent',
    });
    const token = signToken({ sub: agent.id, role: 'agent', jti: randomUUID() }, secret, 600);

    const visitor: VisitorClient = connect(`${nodeB.url}/visitor`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    });
    try {
      const session = await new Promise<SessionPayload>((resolve, reject) => {
        visitor.once('session', resolve);
        visitor.once('connect_error', reject);
      });

      const socket = await agentSocket(nodeA.url, { token });
      await ok(request(socket, 'presence:set', { presence: 'online' }));
      const joined = new Promise<ConversationUpdate>((resolve) =>
        visitor.on('conversation:updated', (u) => u.status === 'agent' && resolve(u)),
      );
      const item = await ok(
        request<ConversationListItem>(socket, 'conversation:takeover', {
          conversationId: session.conversationId,
        }),
      );
      expect(item.assignee).to.deep.equal({ id: agent.id, name: 'Sam' });
      expect((await joined).agent).to.deep.equal({ name: 'Sam' });

      // The visitor types on node B; the agent on node A sees it.
      const typing = nextEvent<{ sender: string }>(socket, 'typing', (t) => t.sender === 'visitor');
      visitor.emit('typing', { isTyping: true });
      await typing;

      const reply = new Promise<ChatMessage>((resolve) =>
        visitor.on('message:created', (m) => m.sender === 'agent' && resolve(m)),
      );
      await ok(
        request(socket, 'message:reply', {
          conversationId: session.conversationId,
          clientMessageId: 'two-nodes-1',
          text: 'Hello from node A',
        }),
      );
      expect(await reply).to.include({ text: 'Hello from node A', senderName: 'Sam' });

      // And back: the visitor's message on node B reaches the agent on node A.
      const incoming = nextEvent<ChatMessage>(socket, 'message:created', (m) => m.sender === 'visitor');
      const ack = await visitor
        .timeout(10_000)
        .emitWithAck('message:send', { clientMessageId: 'v-1', text: 'thanks!' });
      expect(ack.ok).to.equal(true);
      expect((await incoming).text).to.equal('thanks!');
    } finally {
      visitor.disconnect();
    }
  });
});
