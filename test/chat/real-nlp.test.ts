import { expect } from 'chai';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io as connect } from 'socket.io-client';
import type { Application } from '../../server/app.ts';
import type { SessionPayload } from '../../server/contracts/visitor-events.ts';
import { createVisitorChat, type VisitorChat } from '../../server/gateway/visitor-chat.ts';
import { createLogger, type Logger } from '../../server/shared/logger.ts';
import { buildTestApp, testConfig } from '../support/app.ts';
import { startTestDatabase, type TestDatabase } from '../support/database.ts';
import { ask, type VisitorClient } from './support/chat-harness.ts';
import { addOrder, addProducts } from './support/shop-fixtures.ts';

function recordingLogger(lines: Record<string, unknown>[]): Logger {
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      callback();
    },
  });
  return createLogger({ level: 'info', pretty: false, destination });
}

// The whole pipeline as the server runs it: the trained intent model, the NLP entity steps, the engine.
describe('visitor chat with the real NLP pipeline', function () {
  this.timeout(120_000);
  let db: TestDatabase;
  let app: Application;
  let chat: VisitorChat;
  let dataDir: string;
  const startLog: Record<string, unknown>[] = [];
  let url: string;
  const sockets: VisitorClient[] = [];

  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'concierge-chat-'));
    db = await startTestDatabase();
    await addProducts(db.repositories, [
      { name: 'Trail Hiking Boots', category: 'boots', price: 139.9 },
      { name: 'Merino Wool Socks', category: 'socks', price: 14.5 },
      { name: 'Aria Over-Ear Set', category: 'audio', price: 149, tags: ['headphones', 'wireless'] },
      { name: 'Pulse Buds', category: 'audio', price: 89, tags: ['earbuds', 'wireless'] },
    ]);
    const config = testConfig({ DATA_DIR: dataDir });
    chat = await createVisitorChat({
      config,
      logger: recordingLogger(startLog),
      repositories: db.repositories,
      models: db.database.models,
      recommendationRefreshMs: 0,
    });
    app = buildTestApp({ repositories: db.repositories, config }, { gateways: [chat.gateway] });
    await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;
  });

  after(async () => {
    for (const socket of sockets) socket.disconnect();
    await chat?.close();
    await app?.close();
    await db?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('trained the intent model on the first start (none saved), and loads it without training on the next', async () => {
    expect(startLog.map((line) => line['msg'])).to.include('intent model trained');
    const modelPath = path.join(dataDir, 'models', 'intent-model.json');
    const saved = (await stat(modelPath)).mtimeMs;
    const log: Record<string, unknown>[] = [];
    const again = await createVisitorChat({
      config: testConfig({ DATA_DIR: dataDir }),
      logger: recordingLogger(log),
      repositories: db.repositories,
      models: db.database.models,
      recommendationRefreshMs: 0,
    });
    try {
      expect((await again.analyser.analyse('where is my order?')).intent.name).to.equal('order_status');
    } finally {
      await again.close();
    }
    expect(log.map((line) => line['msg'])).not.to.include('intent model trained');
    expect((await stat(modelPath)).mtimeMs).to.equal(saved);
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

  it('finds the order number in the text and reports the order', async () => {
    const { socket, session } = await visitor();
    const conversation = await db.repositories.conversations.findById(session.conversationId);
    const [boots] = await db.repositories.products.listActive();
    const number = await addOrder(db.repositories, conversation!.contactId, [
      { product: boots!, quantity: 1 },
    ]);
    const { reply, ack } = await ask(socket, 'nlp-1', `Where is my order ${number}?`);
    expect(reply.intent).to.equal('order_status');
    expect(reply.text).to.contain(`Order ${number} has shipped`);
    const stored = await db.repositories.messages.findById(ack.id);
    const nlp = stored?.nlp as {
      intent: { name: string };
      entities: Array<{ type: string }>;
      sentiment: { score: number };
    };
    expect(nlp.intent.name).to.equal('order_status');
    expect(nlp.entities.map((e) => e.type)).to.include('order_number');
    expect(nlp.sentiment.score).to.be.a('number');
  });

  it('hands a visitor who asks for a person to the agents (none online: a ticket and a question)', async () => {
    const { socket, session } = await visitor();
    const { reply } = await ask(socket, 'nlp-2', 'I want to speak to a human agent please');
    expect(reply.intent).to.equal('human_agent');
    expect(reply.text).to.match(/No one from our team is online right now/);
    const conversation = await db.repositories.conversations.findById(session.conversationId);
    expect(conversation?.escalationReason).to.equal('requested_human');
  });

  // Changed with issue 9: a typed email is an unverified claim, no longer a verified email of the contact.
  it('keeps the email a visitor gives as an unverified claim', async () => {
    const { socket, session } = await visitor();
    await ask(socket, 'nlp-3', 'Please update my email address to dana@example.com');
    const conversation = await db.repositories.conversations.findById(session.conversationId);
    const contact = await db.repositories.contacts.findById(conversation!.contactId);
    expect(contact?.emails).to.deep.equal([]);
    expect(contact?.claims.map((claim) => claim.value)).to.deep.equal(['dana@example.com']);
  });

  it('suggests products when asked for a recommendation', async () => {
    const { socket } = await visitor();
    const { reply } = await ask(socket, 'nlp-4', 'Can you recommend something for hiking?');
    expect(reply.intent).to.equal('product_recommendation');
    expect(reply.suggestions?.length).to.be.greaterThan(0);
    expect(reply.suggestions?.every((s) => s.type === 'product')).to.equal(true);
  });

  it('narrows suggestions to the category a product word names (headphones → audio)', async () => {
    const { socket } = await visitor();
    const { reply } = await ask(socket, 'nlp-5', 'Could you recommend some good headphones?');
    expect(reply.intent).to.equal('product_recommendation');
    const titles = (reply.suggestions ?? []).map((s) => (s.type === 'product' ? s.title : ''));
    expect(titles).to.have.members(['Aria Over-Ear Set', 'Pulse Buds']);
  });
});
