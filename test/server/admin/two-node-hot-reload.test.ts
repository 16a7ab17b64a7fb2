import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { io as connect } from 'socket.io-client';
import { signToken } from '../../../server/auth/token.ts';
import type { ChatMessage, SessionPayload } from '../../../server/contracts/visitor-events.ts';
import type { VisitorClient } from '../../chat/support/chat-harness.ts';
import { GIFT_WRAPPING_EXAMPLES, GIFT_WRAPPING_RESPONSE } from '../../support/admin-fixtures.ts';
import { TwoNodes } from '../../support/two-nodes.ts';

// Not "do you offer …?": the chat answers "do you sell/offer X" from the catalogue before any intent.
const QUESTION = 'can you gift wrap my order';

/** Asks one question as a new visitor of a node and resolves with the bot's answer. */
async function ask(url: string, text: string): Promise<string> {
  const visitor: VisitorClient = connect(`${url}/visitor`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  try {
    await new Promise<SessionPayload>((resolve, reject) => {
      visitor.once('session', resolve);
      visitor.once('connect_error', reject);
    });
    const reply = new Promise<ChatMessage>((resolve) =>
      visitor.on('message:created', (m) => m.sender === 'bot' && resolve(m)),
    );
    const ack = await visitor
      .timeout(10_000)
      .emitWithAck('message:send', { clientMessageId: randomUUID(), text });
    expect(ack.ok).to.equal(true);
    return (await reply).text;
  } finally {
    visitor.disconnect();
  }
}

// Deploy is a hot reload on every node (docs/admin.md): two server processes against one `npm run db` engine and
// the machine's Redis; a model trained and deployed through node A answers on node B, which never restarts.
describe('deploying on one node hot-reloads the model on another (two processes, one database, Redis)', function () {
  this.timeout(600_000);
  // Each node its own data directory: node B gets the deployed model from the database (GridFS), not from a file
  // node A wrote. Node A trains the start-up model; node B starts after it so they do not both train.
  const nodes = new TwoNodes({
    name: 'hot-reload',
    env: { TRAINING_FOLDS: '2' },
    ownDataDirs: { readyAttempts: 1200 },
  });

  before(() => nodes.start());
  after(() => nodes.stop());

  it('node B answers with the model deployed on node A, without a restart', async () => {
    const { nodeA, nodeB, repositories, secret } = nodes;
    const admin = await repositories.users.create({
      email: `ada-${randomUUID()}@shop.test`,
      name: 'Ada',
      passwordHash: 'not-used',
      role: 'admin',
    });
    const token = signToken({ sub: admin.id, role: 'admin', jti: randomUUID() }, secret, 3600);
    const call = async (url: string, method: string, route: string, body?: object) => {
      const response = await fetch(`${url}${route}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return {
        status: response.status,
        body: (await response.json().catch(() => null)) as Record<string, unknown>,
      };
    };
    const pidB = nodeB.child.pid;
    expect(await ask(nodeB.url, QUESTION)).not.to.equal(GIFT_WRAPPING_RESPONSE);

    const created = await call(nodeA.url, 'POST', '/api/admin/intents', {
      name: 'gift_wrapping',
      action: 'answer',
      examples: GIFT_WRAPPING_EXAMPLES,
      responses: [GIFT_WRAPPING_RESPONSE],
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const started = await call(nodeA.url, 'POST', '/api/admin/training/jobs');
    expect(started.status).to.equal(202);
    let job = started.body as unknown as {
      id: string;
      state: string;
      error: string | null;
      modelVersionId: string;
    };
    for (let i = 0; i < 1000 && job.state === 'running'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      job = (await call(nodeA.url, 'GET', `/api/admin/training/jobs/${job.id}`)).body as typeof job;
    }
    expect(job.state, job.error ?? '').to.equal('succeeded');

    const deployed = await call(nodeA.url, 'POST', `/api/admin/models/${job.modelVersionId}/deploy`, {});
    expect(deployed.status, JSON.stringify(deployed.body)).to.equal(200);
    const revision = (deployed.body as unknown as { deployment: { revision: number } }).deployment.revision;
    const announcedAt = Date.now();
    // Well under the 30 s safety-net poll: node B follows the Redis announcement.
    let loaded = 0;
    while (Date.now() - announcedAt < 20_000) {
      loaded = Number(
        (await call(nodeB.url, 'GET', '/api/admin/models/deployment')).body['loadedRevision'] ?? 0,
      );
      if (loaded === revision) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(loaded, 'revision loaded on node B').to.equal(revision);

    expect(await ask(nodeB.url, QUESTION)).to.equal(GIFT_WRAPPING_RESPONSE);
    expect(await ask(nodeA.url, QUESTION)).to.equal(GIFT_WRAPPING_RESPONSE);
    expect(nodeB.child.pid).to.equal(pidB);
    expect(nodeB.child.exitCode).to.equal(null);
  });
});
