// npm run bench:console [-- --agents 50 --visitors 1000 --escalations-per-second 50 --replies-per-second 100 --json]
//
// The agent console's two latencies, against the real application in this process (the /visitor and /agent
// gateways over one wiring, the trained NLP pipeline on its worker thread, the embedded database on its own
// thread, capacity-aware routing):
//   escalation → visible: a visitor sends "I want to talk to a human"; the clock stops when the conversation
//     first shows up on any agent's socket (`inbox:changed`, `queue:snapshot` or `conversation:assigned`).
//   agent reply → visitor: an agent sends `message:reply` in a conversation routed to them; the clock stops
//     when the visitor's socket gets the `message:created`.
// The clients (50 agents, 1,000 visitors) run with socket.io-client over loopback in a child process (the same
// script with --client), as browsers would run elsewhere: the server's CPU time per escalation and per reply
// is its own (every thread of this process), and the clients' work does not delay the server's event loop.
// Both clocks of a measurement are in the client process.
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { io as connect, type Socket } from 'socket.io-client';
import { startEmbeddedMongo } from '../embedded-mongo/index.ts';
import { createApplication } from '../server/app.ts';
import { signToken } from '../server/auth/token.ts';
import { parseConfig, REPO_ROOT } from '../server/config.ts';
import type {
  AssignmentNotice,
  ConversationListItem,
  QueueSnapshot,
} from '../server/contracts/agent-events.ts';
import type { ChatMessage, SessionPayload } from '../server/contracts/visitor-events.ts';
import { connectDatabase } from '../server/data/connection.ts';
import { createRepositories } from '../server/data/repositories/index.ts';
import { createVisitorChat } from '../server/gateway/visitor-chat.ts';
import { silentLogger } from '../server/shared/logger.ts';
import { BENCH_RATE_LIMITS } from './bench-chat.ts';

const SCRIPT = fileURLToPath(import.meta.url);
const { values } = parseArgs({
  options: {
    agents: { type: 'string', default: '50' },
    visitors: { type: 'string', default: '1000' },
    'escalations-per-second': { type: 'string', default: '50' },
    'replies-per-second': { type: 'string', default: '100' },
    capacity: { type: 'string', default: '5' },
    json: { type: 'boolean', default: false },
    client: { type: 'boolean', default: false },
  },
});
const AGENTS = Number(values.agents);
const VISITORS = Number(values.visitors);
const ESCALATION_RATE = Number(values['escalations-per-second']);
const REPLY_RATE = Number(values['replies-per-second']);
const CAPACITY = Number(values.capacity);
const log = (line: string) => process.stderr.write(`${line}\n`);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (n: number) => Number(n.toFixed(1));
  return {
    count: sorted.length,
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted.at(-1) ?? NaN),
  };
}
/** CPU time of this process: every thread (the server, the database engine, the NLP worker). */
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Parent → client. */
type ToClient = { type: 'start'; url: string; agentTokens: string[] } | { type: 'settled'; waiting: number };
/** Client → parent. */
type ToServer =
  | { type: 'ready' }
  | { type: 'escalations-start' }
  | { type: 'escalations-sent' }
  | { type: 'replies-start'; assigned: number }
  | {
      type: 'done';
      escalation: number[];
      notSeen: number;
      sent: number;
      assigned: number;
      replyLatency: number[];
      replyErrors: number;
    };

function nextMessage<T>(source: NodeJS.Process | ReturnType<typeof fork>, type: string): Promise<T> {
  return new Promise((resolve) => {
    const listener = (message: { type: string }) => {
      if (message.type !== type) return;
      source.off('message', listener);
      resolve(message as T);
    };
    source.on('message', listener);
  });
}

// ── the clients (child process)
async function runClients() {
  const send = (message: ToServer) => process.send!(message);
  const start = await nextMessage<Extract<ToClient, { type: 'start' }>>(process, 'start');
  const options = { transports: ['websocket'], forceNew: true, reconnection: false };

  const agentSockets: Socket[] = [];
  const visibleAt = new Map<string, number>();
  const seen = (conversationId: string) => {
    if (!visibleAt.has(conversationId)) visibleAt.set(conversationId, performance.now());
  };
  const assigned: Array<{ agent: Socket; conversationId: string }> = [];
  for (const token of start.agentTokens) {
    const socket = connect(`${start.url}/agent`, { ...options, auth: { token } });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    socket.on('inbox:changed', (item: ConversationListItem) => seen(item.id));
    socket.on('queue:snapshot', (snapshot: QueueSnapshot) => snapshot.items.forEach((item) => seen(item.id)));
    socket.on('conversation:assigned', (notice: AssignmentNotice) => {
      seen(notice.conversation.id);
      assigned.push({ agent: socket, conversationId: notice.conversation.id });
    });
    const ack = (await socket.timeout(10_000).emitWithAck('presence:set', { presence: 'online' })) as {
      ok: boolean;
    };
    if (!ack.ok) throw new Error('an agent could not go online');
    agentSockets.push(socket);
  }
  log(`${agentSockets.length} agents online (capacity ${CAPACITY} each)`);

  const visitors: Array<{ socket: Socket; conversationId: string }> = [];
  const agentMessageAt = new Map<string, (text: string) => void>();
  for (let i = 0; i < VISITORS; i += 1) {
    const socket = connect(`${start.url}/visitor`, options);
    const session = await new Promise<SessionPayload>((resolve, reject) => {
      socket.once('session', resolve);
      socket.once('connect_error', reject);
    });
    socket.on('message:created', (message: ChatMessage) => {
      if (message.sender === 'agent') agentMessageAt.get(message.conversationId)?.(message.text);
    });
    visitors.push({ socket, conversationId: session.conversationId });
  }
  log(`${VISITORS} visitors connected`);

  // ── phase 1: escalations, paced
  const sentAt = new Map<string, number>();
  send({ type: 'escalations-start' });
  const started = performance.now();
  const interval = 1000 / ESCALATION_RATE;
  for (let i = 0; i < visitors.length; i += 1) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const visitor = visitors[i]!;
    sentAt.set(visitor.conversationId, performance.now());
    visitor.socket.emit(
      'message:send',
      { clientMessageId: `e-${i}`, text: 'I want to talk to a human' },
      () => {},
    );
  }
  // Until every escalated conversation was seen, or 30 s after the last one.
  const deadline = performance.now() + 30_000;
  while (visibleAt.size < sentAt.size && performance.now() < deadline) await sleep(100);
  const settled = nextMessage<Extract<ToClient, { type: 'settled' }>>(process, 'settled');
  send({ type: 'escalations-sent' });
  const { waiting } = await settled;
  const escalation = [...sentAt].flatMap(([id, at]) => (visibleAt.has(id) ? [visibleAt.get(id)! - at] : []));
  log(
    `escalations seen by an agent: ${escalation.length}/${sentAt.size} (waiting now: ${waiting}, assigned: ${assigned.length})`,
  );

  // ── phase 2: agent replies in routed conversations, paced
  const replyLatency: number[] = [];
  let replyErrors = 0;
  const replyInterval = 1000 / REPLY_RATE;
  send({ type: 'replies-start', assigned: assigned.length });
  const replyStart = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < assigned.length; i += 1) {
    const due = replyStart + i * replyInterval;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const { agent, conversationId } = assigned[i]!;
    const text = `Hello, this is your agent (${i}).`;
    pending.push(
      new Promise<void>((resolve) => {
        const t0 = performance.now();
        const timer = setTimeout(() => {
          replyErrors += 1;
          agentMessageAt.delete(conversationId);
          resolve();
        }, 10_000);
        agentMessageAt.set(conversationId, (got) => {
          if (got !== text) return;
          clearTimeout(timer);
          agentMessageAt.delete(conversationId);
          replyLatency.push(performance.now() - t0);
          resolve();
        });
        agent.emit(
          'message:reply',
          { conversationId, clientMessageId: `r-${i}`, text },
          (ack: { ok: boolean }) => {
            if (!ack.ok) {
              clearTimeout(timer);
              replyErrors += 1;
              resolve();
            }
          },
        );
      }),
    );
  }
  await Promise.all(pending);
  for (const socket of [...agentSockets, ...visitors.map((v) => v.socket)]) socket.disconnect();
  send({
    type: 'done',
    escalation,
    notSeen: sentAt.size - escalation.length,
    sent: sentAt.size,
    assigned: assigned.length,
    replyLatency,
    replyErrors,
  });
}

async function main() {
  const dataDir = path.join(REPO_ROOT, 'data');
  await mkdir(dataDir, { recursive: true });
  const engine = await startEmbeddedMongo({ thread: 'worker' });
  const database = await connectDatabase(engine.uri, { dbName: 'bench_console' });
  const repositories = createRepositories(database.models);
  const secret = `bench-console-${randomUUID()}-0123456789abcdef`;
  const config = Object.freeze({
    // The trained model is kept in ./data/models (trained once on the first run).
    ...parseConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ROUTING_MODE: 'auto' }),
    tokenSecret: secret,
  });
  const logger = silentLogger();
  log('loading the chat (the intent model is trained on the first run)…');
  const chat = await createVisitorChat({
    config,
    logger,
    repositories,
    models: database.models,
    recommendationRefreshMs: 0,
    rateLimits: BENCH_RATE_LIMITS,
  });
  const app = createApplication(
    { config, logger, repositories },
    { gateways: [chat.gateway], http: [chat.http] },
  );
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;

  // ── agents: online, capacity CAPACITY each (their sockets are the client process's)
  const agentTokens: string[] = [];
  for (let i = 0; i < AGENTS; i += 1) {
    const user = await repositories.users.create({
      email: `bench-agent-${i}-${randomUUID()}@shop.test`,
      name: `Agent ${i + 1}`,
      passwordHash: 'bench-not-used',
      role: 'agent',
      capacity: CAPACITY,
    });
    agentTokens.push(signToken({ sub: user.id, role: 'agent', jti: randomUUID() }, secret, 3600));
  }

  const child = fork(SCRIPT, [...process.argv.slice(2), '--client'], {
    execArgv: ['--max-semi-space-size=64', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const childFailed = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`the client process exited with ${code}`))),
  );
  const from = <T>(type: string) => Promise.race([nextMessage<T>(child, type), childFailed]);
  const toClient = (message: ToClient) => child.send(message);

  // Every message is listened for before the client can send it.
  const escalationsStart = from('escalations-start');
  const escalationsSent = from('escalations-sent');
  const repliesStart = from('replies-start');
  const finished = from<Extract<ToServer, { type: 'done' }>>('done');
  toClient({ type: 'start', url, agentTokens });
  await escalationsStart;
  const escalationCpu = process.cpuUsage();
  await escalationsSent;
  await chat.gateways.settled();
  const escalationCpuMs = cpuMs(process.cpuUsage(escalationCpu));
  toClient({ type: 'settled', waiting: await repositories.conversations.countWaiting() });
  await repliesStart;
  const replyCpu = process.cpuUsage();
  const done = await finished;
  const replyCpuMs = cpuMs(process.cpuUsage(replyCpu));
  child.removeAllListeners('exit');
  child.disconnect();

  const report = {
    agents: AGENTS,
    visitors: VISITORS,
    capacityPerAgent: CAPACITY,
    escalationsPerSecond: ESCALATION_RATE,
    repliesPerSecond: REPLY_RATE,
    escalationToAgentSocket: {
      ...summary(done.escalation),
      notSeen: done.notSeen,
      serverCpuMsPerEscalation: Number((escalationCpuMs / Math.max(1, done.sent)).toFixed(1)),
    },
    agentReplyToVisitor: {
      ...summary(done.replyLatency),
      errors: done.replyErrors,
      serverCpuMsPerReply: Number((replyCpuMs / Math.max(1, done.assigned)).toFixed(1)),
    },
    cpus: cpus().length,
    loadAverage: loadavg().map((n) => Number(n.toFixed(2))),
  };
  if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    const e = report.escalationToAgentSocket;
    const r = report.agentReplyToVisitor;
    log(
      `escalation → agent socket: n=${e.count} p50 ${e.p50Ms} ms, p95 ${e.p95Ms} ms, p99 ${e.p99Ms} ms, max ${e.maxMs} ms (not seen: ${e.notSeen}; server CPU ${e.serverCpuMsPerEscalation} ms each)`,
    );
    log(
      `agent reply → visitor:     n=${r.count} p50 ${r.p50Ms} ms, p95 ${r.p95Ms} ms, p99 ${r.p99Ms} ms, max ${r.maxMs} ms (errors: ${r.errors}; server CPU ${r.serverCpuMsPerReply} ms each)`,
    );
    log(`load average ${report.loadAverage.join(' ')} on ${report.cpus} CPUs`);
  }

  await app.close();
  await chat.close();
  await database.close();
  await engine.stop();
}

(values.client ? runClients() : main()).catch((error: unknown) => {
  process.stderr.write(
    `bench:console failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
