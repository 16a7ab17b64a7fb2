import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { io as connect } from 'socket.io-client';
import { signToken } from '../../server/auth/token.ts';
import type { ConversationListItem } from '../../server/contracts/agent-events.ts';
import type {
  ChatMessage,
  ConversationUpdate,
  SessionPayload,
} from '../../server/contracts/visitor-events.ts';
import { connectDatabase, type Database } from '../../server/data/connection.ts';
import { createRepositories } from '../../server/data/repositories/index.ts';
import type { VisitorClient } from '../chat/support/chat-harness.ts';
import {
  startEngineProcess as startEngine,
  startServerProcess,
  waitUntilReady,
  type ServerProcess,
} from '../support/processes.ts';
import { agentSocket, closeAgentSockets, nextEvent, ok, request } from './support.ts';

const SECRET = `two-nodes-${randomBytes(24).toString('hex')}`;

describe('two server processes sharing one database and Redis', function () {
  // Two processes load (or train once) the intent model and connect to both stores.
  this.timeout(180_000);
  let engine: { uri: string; child: ChildProcess };
  let nodeA: ServerProcess;
  let nodeB: ServerProcess;
  let database: Database;
  let dataDir: string;
  const redisDb = String(1 + Math.floor(Math.random() * 14));
  const dbName = `concierge_two_nodes_${randomBytes(4).toString('hex')}`;

  before(async () => {
    engine = await startEngine();
    dataDir = await mkdtemp(path.join(tmpdir(), 'concierge-two-nodes-'));
    const env = {
      MONGODB_URI: engine.uri,
      DB_NAME: dbName,
      REDIS_URL: `redis://127.0.0.1:6379/${redisDb}`,
      // Pub/sub channels ignore the db number: this run's own prefix keeps other runs' broadcasts out.
      REDIS_CHANNEL_PREFIX: `test-${randomBytes(4).toString('hex')}`,
      TOKEN_SECRET: SECRET,
      DATA_DIR: dataDir,
      SEED_DEMO_DATA: 'false',
      ROUTING_MODE: 'manual',
      LOG_LEVEL: 'warn',
    };
    // The first node trains the intent model if needed and saves it; the second loads it.
    nodeA = await startServerProcess(env);
    nodeB = await startServerProcess(env);
    await Promise.all([waitUntilReady(nodeA.url), waitUntilReady(nodeB.url)]);
    database = await connectDatabase(engine.uri, { dbName });
  });

  after(async () => {
    closeAgentSockets();
    await Promise.all([nodeA?.stop(), nodeB?.stop()]);
    await database?.close();
    engine?.child.kill('SIGTERM');
    const redis = new Redis(`redis://127.0.0.1:6379/${redisDb}`);
    await redis.flushdb().catch(() => {});
    redis.disconnect();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('an agent on node A takes over and answers a visitor on node B, who sees the reply with the agent’s name', async () => {
    const repositories = createRepositories(database.models);
    const agent = await repositories.users.create({
      email: `sam-${randomUUID()}@shop.test`,
      name: 'Sam',
      passwordHash: 'not-used',
      role: 'agent',
    });
    const token = signToken({ sub: agent.id, role: 'agent', jti: randomUUID() }, SECRET, 600);

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
