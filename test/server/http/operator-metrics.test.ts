import { expect } from 'chai';
import { Registry } from 'prom-client';
import request from 'supertest';
import { connectDatabase } from '../../../server/data/connection.ts';
import { createEventBus } from '../../../server/events/event-bus.ts';
import { createMetricsRegistry } from '../../../server/http/metrics.ts';
import { observeDatabaseCommands } from '../../../server/shared/operator-metrics.ts';
import { silentLogger } from '../../../server/shared/logger.ts';
import { startWebhooks } from '../../../server/webhooks/index.ts';
import { agentSocket, closeAgentSockets, staffMember } from '../../agent/support.ts';
import { ask, send, startChatHarness, type ChatHarness } from '../../chat/support/chat-harness.ts';
import { startReceiver, waitFor } from '../../crm/support-receiver.ts';
import { createUser, testConfig } from '../../support/app.ts';

/** The value of one series (a histogram's `_count` with `suffix: '_count'`), 0 when it does not exist yet. */
async function sample(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
  suffix = '',
): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (metric === undefined) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  const found = values.find(
    (v) =>
      (v as { metricName?: string }).metricName === (suffix ? `${name}${suffix}` : undefined) &&
      Object.entries(labels).every(([key, value]) => String(v.labels[key]) === value),
  );
  return found?.value ?? 0;
}

describe('/metrics: what an operator watches', () => {
  let chat: ChatHarness;
  let registry: Registry;

  before(async () => {
    chat = await startChatHarness({
      rateLimits: {
        // Three messages per visitor, then refusals: the refusal counter is under test.
        perVisitor: { burst: 3, refillPerSecond: 0.001 },
        perIp: { burst: 1000, refillPerSecond: 100 },
        historyPerVisitor: { burst: 10, refillPerSecond: 1 },
        historyPerIp: { burst: 1000, refillPerSecond: 100 },
      },
    });
    registry = chat.app.context.metrics;
    chat.analyser.when('hello', { intent: 'greeting' });
    chat.analyser.when('a person please', { intent: 'human_agent' });
  });
  after(async () => {
    closeAgentSockets();
    await chat.stop();
  });

  it('serves every new series on /metrics', async () => {
    const { text } = await request(chat.app.app).get('/metrics').expect(200);
    for (const name of [
      'concierge_connected_visitors',
      'concierge_connected_agents',
      'concierge_queue_length',
      'concierge_queue_oldest_wait_seconds',
      'concierge_nlp_analysis_duration_seconds',
      'concierge_rate_limited_total',
      'concierge_login_failures_total',
      'concierge_webhook_attempts_total',
      'concierge_db_command_duration_seconds',
    ]) {
      expect(text).to.include(`# TYPE ${name} `);
    }
  });

  it('counts connected visitors and agents of this node', async () => {
    const before = await sample(registry, 'concierge_connected_visitors');
    const { socket } = await chat.visitor();
    expect(await sample(registry, 'concierge_connected_visitors')).to.equal(before + 1);
    socket.disconnect();
    await waitFor(
      async () => (await sample(registry, 'concierge_connected_visitors')) === before,
      5000,
      'the visitor to leave',
    );

    const agent = await staffMember(chat.db.repositories, { presence: 'online' });
    expect(await sample(registry, 'concierge_connected_agents')).to.equal(0);
    await agentSocket(chat.url, { token: agent.token });
    await agentSocket(chat.url, { token: agent.token }); // a second tab is the same agent
    expect(await sample(registry, 'concierge_connected_agents')).to.equal(1);
    closeAgentSockets();
    await waitFor(
      async () => (await sample(registry, 'concierge_connected_agents')) === 0,
      5000,
      'the agent to leave',
    );
  });

  it('times each message analysis', async () => {
    const before = await sample(
      registry,
      'concierge_nlp_analysis_duration_seconds',
      { outcome: 'ok' },
      '_count',
    );
    const { socket } = await chat.visitor();
    await ask(socket, 'nlp-1', 'hello');
    expect(
      await sample(registry, 'concierge_nlp_analysis_duration_seconds', { outcome: 'ok' }, '_count'),
    ).to.equal(before + 1);
  });

  it('shows the queue length and how long its oldest conversation has waited', async () => {
    expect(await sample(registry, 'concierge_queue_length')).to.equal(0);
    expect(await sample(registry, 'concierge_queue_oldest_wait_seconds')).to.equal(0);
    const { socket } = await chat.visitor();
    await ask(socket, 'queue-1', 'a person please');
    await waitFor(
      async () => (await sample(registry, 'concierge_queue_length')) === 1,
      5000,
      'the conversation to wait for an agent',
    );
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await sample(registry, 'concierge_queue_oldest_wait_seconds')).to.be.greaterThan(1);
  });

  it('counts messages refused by the rate limit', async () => {
    const before = await sample(registry, 'concierge_rate_limited_total', { limit: 'visitor_message' });
    const { socket } = await chat.visitor();
    const acks = [];
    for (let i = 0; i < 4; i += 1) acks.push(await send(socket, `flood-${i}`, 'hello'));
    expect(acks.map((ack) => ack.ok)).to.deep.equal([true, true, true, false]);
    expect(await sample(registry, 'concierge_rate_limited_total', { limit: 'visitor_message' })).to.equal(
      before + 1,
    );
  });

  it('counts failed logins, and throttled ones as rate-limit refusals too', async () => {
    const user = await createUser(chat.db.repositories, 'agent');
    const login = () =>
      request(chat.app.app).post('/api/auth/login').send({ email: user.email, password: 'wrong password!' });
    for (let i = 0; i < 5; i += 1) await login().expect(401);
    expect(
      await sample(registry, 'concierge_login_failures_total', { reason: 'invalid_credentials' }),
    ).to.equal(5);
    await login().expect(429);
    expect(await sample(registry, 'concierge_login_failures_total', { reason: 'throttled' })).to.equal(1);
    expect(await sample(registry, 'concierge_rate_limited_total', { limit: 'login' })).to.equal(1);
  });

  it('counts webhook attempts by outcome', async () => {
    const metrics = createMetricsRegistry();
    let failing = true;
    const receiver = await startReceiver(() => (failing ? 500 : 200));
    const events = createEventBus();
    const webhooks = startWebhooks({
      config: {
        webhooks: {
          ...testConfig().webhooks,
          pollMs: 20,
          retryBaseMs: 20,
          maxRetryDelayMs: 40,
          minTimeBetweenMs: 0,
        },
      },
      logger: silentLogger(),
      repositories: chat.db.repositories,
      events,
      metrics,
    });
    try {
      await chat.db.repositories.webhooks.createEndpoint({
        url: receiver.url,
        events: ['contact.created'],
        secret: 'whsec_metrics_test_secret_0123456789',
        description: null,
      });
      events.emit('contact.created', { contactId: '0123456789abcdef01234567', source: 'api' });
      await waitFor(
        async () => (await sample(metrics, 'concierge_webhook_attempts_total', { outcome: 'failed' })) >= 1,
        5000,
        'a failed attempt',
      );
      expect(await sample(metrics, 'concierge_webhook_attempts_total', { outcome: 'delivered' })).to.equal(0);
      failing = false;
      await waitFor(
        async () =>
          (await sample(metrics, 'concierge_webhook_attempts_total', { outcome: 'delivered' })) === 1,
        5000,
        'the delivery',
      );
    } finally {
      await webhooks.close();
      await receiver.close();
    }
  });

  it('times database commands through the driver’s command monitoring', async () => {
    const metrics = new Registry();
    const database = await connectDatabase(chat.db.uri, {
      dbName: chat.db.dbName,
      ensureIndexes: false,
      monitorCommands: true,
    });
    try {
      const stop = observeDatabaseCommands(database.connection.getClient(), metrics);
      const before = await sample(
        metrics,
        'concierge_db_command_duration_seconds',
        { command: 'find', outcome: 'ok' },
        '_count',
      );
      await database.models.Contact.find({}).limit(1).lean();
      expect(
        await sample(
          metrics,
          'concierge_db_command_duration_seconds',
          { command: 'find', outcome: 'ok' },
          '_count',
        ),
      ).to.equal(before + 1);
      stop();
    } finally {
      await database.close();
    }
  });
});
