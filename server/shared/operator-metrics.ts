import type { MongoClient } from 'mongodb';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * What an operator watches besides HTTP (server/http/metrics.ts): NLP and database latency, refusals by
 * the abuse limits, failed logins and webhook attempts (docs/api.md, "Service routes"). One set per
 * registry, shared by every module that records into it, so two modules never register a name twice.
 */
export interface OperatorMetrics {
  nlpSeconds: Histogram<'outcome'>;
  dbCommandSeconds: Histogram<'command' | 'outcome'>;
  rateLimited: Counter<'limit'>;
  loginFailures: Counter<'reason'>;
  webhookAttempts: Counter<'outcome'>;
}

const byRegistry = new WeakMap<Registry, OperatorMetrics>();

export function operatorMetrics(registry: Registry): OperatorMetrics {
  const existing = byRegistry.get(registry);
  if (existing !== undefined) return existing;
  const registers = [registry];
  const metrics: OperatorMetrics = {
    nlpSeconds: new Histogram({
      name: 'concierge_nlp_analysis_duration_seconds',
      help: 'Time to analyse one visitor message (NLP worker round trip), by outcome.',
      labelNames: ['outcome'] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    }),
    dbCommandSeconds: new Histogram({
      name: 'concierge_db_command_duration_seconds',
      help: 'MongoDB command latency seen by the driver (command monitoring), by command and outcome.',
      labelNames: ['command', 'outcome'] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    rateLimited: new Counter({
      name: 'concierge_rate_limited_total',
      help: 'Requests refused by an abuse limit, by limit (login, visitor_message, new_visitor, history).',
      labelNames: ['limit'] as const,
      registers,
    }),
    loginFailures: new Counter({
      name: 'concierge_login_failures_total',
      help: 'Failed staff logins, by reason (invalid_credentials, throttled, busy).',
      labelNames: ['reason'] as const,
      registers,
    }),
    webhookAttempts: new Counter({
      name: 'concierge_webhook_attempts_total',
      help: 'Webhook delivery attempts, by outcome (delivered, failed and retried, gave_up).',
      labelNames: ['outcome'] as const,
      registers,
    }),
  };
  byRegistry.set(registry, metrics);
  return metrics;
}

/**
 * The driver's command monitoring into the latency histogram. The client must have been created with
 * `monitorCommands: true`. Only the command's name is recorded: never its arguments (they hold data).
 */
export function observeDatabaseCommands(client: MongoClient, registry: Registry): () => void {
  const { dbCommandSeconds } = operatorMetrics(registry);
  const succeeded = (event: { commandName: string; duration: number }) =>
    dbCommandSeconds.observe({ command: event.commandName, outcome: 'ok' }, event.duration / 1000);
  const failed = (event: { commandName: string; duration: number }) =>
    dbCommandSeconds.observe({ command: event.commandName, outcome: 'error' }, event.duration / 1000);
  client.on('commandSucceeded', succeeded);
  client.on('commandFailed', failed);
  return () => {
    client.off('commandSucceeded', succeeded);
    client.off('commandFailed', failed);
  };
}

/** Times every analysis into the NLP histogram; the analyser is otherwise unchanged. */
export function timedAnalyser<A extends { analyse(text: string): unknown }>(
  analyser: A,
  registry: Registry,
): A {
  const { nlpSeconds } = operatorMetrics(registry);
  return {
    ...analyser,
    analyse: async (text: string) => {
      const stop = nlpSeconds.startTimer();
      try {
        const result = await analyser.analyse(text);
        stop({ outcome: 'ok' });
        return result;
      } catch (error) {
        stop({ outcome: 'error' });
        throw error;
      }
    },
  } as A;
}

/**
 * Gauges read when /metrics is scraped: sockets connected to this node, and the agents' queue (the whole
 * deployment's, from the database: one count and one indexed read per scrape).
 */
export function registerLiveGauges(
  registry: Registry,
  sources: {
    connectedVisitors(): number;
    connectedAgents(): number;
    queue(): Promise<{ length: number; oldestWaitingSince: Date | null }>;
    now?: () => number;
  },
): void {
  const now = sources.now ?? Date.now;
  new Gauge({
    name: 'concierge_connected_visitors',
    help: 'Visitor sockets connected to this node.',
    registers: [registry],
    collect() {
      this.set(sources.connectedVisitors());
    },
  });
  new Gauge({
    name: 'concierge_connected_agents',
    help: 'Distinct staff users with a console socket connected to this node.',
    registers: [registry],
    collect() {
      this.set(sources.connectedAgents());
    },
  });
  type Queue = { length: number; oldestWaitingSince: Date | null };
  let pending: Promise<Queue | null> | null = null;
  // Both queue gauges come from one read per scrape. When the database does not answer, they keep their last
  // value and the scrape still succeeds (/readyz is where a failing database shows).
  const readQueue = () => {
    pending ??= sources
      .queue()
      .catch(() => null)
      .finally(() => {
        setImmediate(() => (pending = null));
      });
    return pending;
  };
  new Gauge({
    name: 'concierge_queue_length',
    help: 'Conversations waiting for an agent.',
    registers: [registry],
    async collect() {
      const queue = await readQueue();
      if (queue !== null) this.set(queue.length);
    },
  });
  new Gauge({
    name: 'concierge_queue_oldest_wait_seconds',
    help: 'How long the longest-waiting conversation has waited for an agent (0 when none waits).',
    registers: [registry],
    async collect() {
      const queue = await readQueue();
      if (queue === null) return;
      const since = queue.oldestWaitingSince;
      this.set(since === null ? 0 : Math.max(0, (now() - since.getTime()) / 1000));
    },
  });
}
