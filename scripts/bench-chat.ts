// npm run bench:chat [-- --visitors 1000 --rate 1000 --seconds 10 --saturation-seconds 5 --warmup-seconds 3 --json]
//                    [--skip-echo] [--profile <file.cpuprofile>]
//
// N visitors connect to the real application over socket.io (the /visitor gateway, the trained NLP pipeline,
// the actions, the embedded database with the demo catalogue and orders) and send messages; the round trip is
// measured from `message:send` to the bot's `message:created`. Two phases per server:
//   paced:      the visitors together send --rate messages/s for --seconds (the latency figures);
//   saturation: every visitor sends its next message as soon as the reply arrives (the maximum throughput).
// The same client process runs the phases against a bare socket.io server that acks and echoes (first), so
// the report shows what the chat costs on top of socket.io itself. Each server gets a short saturated warm-up
// first. The clients run in a child process, so the server's memory per connection is measured without them.
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import inspector from 'node:inspector';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { startEmbeddedMongo } from '../embedded-mongo/index.ts';
import { createApplication } from '../server/app.ts';
import { parseConfig } from '../server/config.ts';
import type { ChatMessage, SessionPayload } from '../server/contracts/visitor-events.ts';
import { connectDatabase } from '../server/data/connection.ts';
import { createRepositories } from '../server/data/repositories/index.ts';
import { seedDemoData } from '../server/data/seed/seed-database.ts';
import { createVisitorChat } from '../server/gateway/visitor-chat.ts';
import { silentLogger } from '../server/shared/logger.ts';

// The client process below is also driven by `bench:retrain` (scripts/bench-retrain.ts): these are its protocol.
export interface PhaseRequest {
  kind: 'paced' | 'saturation';
  seconds: number;
  /** Total messages per second over all visitors (paced only). */
  rate?: number;
  /** Send back every round trip (ms), so several phases can be pooled into one percentile. */
  keepLatencies?: boolean;
}

export interface PhaseResult {
  kind: PhaseRequest['kind'];
  sent: number;
  replies: number;
  /** Replies including those that arrived after the window closed (the CPU figures divide by these). */
  totalReplies: number;
  errors: number;
  seconds: number;
  messagesPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** CPU of the client process during the phase (user + system), to divide by `totalReplies`. */
  clientCpuMs: number;
  /** Every round trip of the phase (ms), when the request asked for them. */
  latencies?: number[];
}

export type ToClient =
  | { type: 'connect'; url: string; visitors: number }
  | { type: 'phase'; phase: PhaseRequest }
  | { type: 'disconnect' };

export type FromClient =
  | { type: 'connected'; visitors: number; failed: number }
  | { type: 'phase-done'; result: PhaseResult }
  | { type: 'disconnected' };

// Messages the shipped intent model understands, covering answers, order lookups, tickets, product matching
// and recommendations; none of them asks for a person, so the bot owns every conversation throughout.
const MESSAGES = [
  'Hi there!',
  'How long does shipping take?',
  'What are your opening hours?',
  'Where is my order ORD-10042?',
  'Can you recommend a good jacket?',
  'Do you have any discount codes?',
  'I would like to return my order',
  'Thanks a lot',
];

const SCRIPT = fileURLToPath(import.meta.url);

// ───────────────────────────── client process ─────────────────────────────

/** Every bench visitor shares 127.0.0.1: the per-address buckets are widened, the per-visitor one is the default. */
export const BENCH_RATE_LIMITS = {
  perVisitor: { burst: 50, refillPerSecond: 2 },
  perIp: { burst: 1_000_000, refillPerSecond: 1_000_000 },
  newVisitorsPerIp: { burst: 1_000_000, refillPerSecond: 1_000_000 },
};

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function runClient(): void {
  const send = (message: FromClient) => process.send?.(message);
  const sockets: Socket[] = [];
  // Per socket, the send times of messages still waiting for a reply: replies come back in order.
  const waiting = new Map<Socket, number[]>();
  let latencies: number[] = [];
  let replies = 0;
  let errors = 0;
  let sent = 0;
  let counter = 0;
  let onReply: ((socket: Socket) => void) | null = null;

  function sendFrom(socket: Socket): void {
    const text = MESSAGES[counter % MESSAGES.length]!;
    counter += 1;
    sent += 1;
    waiting.get(socket)!.push(performance.now());
    socket.emit('message:send', { clientMessageId: `m${counter}`, text }, (ack: { ok: boolean }) => {
      if (!ack.ok) {
        // A refused message gets no reply: forget its send time.
        errors += 1;
        waiting.get(socket)!.pop();
        onReply?.(socket);
      }
    });
  }

  async function connectAll(url: string, visitors: number) {
    let failed = 0;
    const batch = 50;
    for (let start = 0; start < visitors; start += batch) {
      const group = Array.from({ length: Math.min(batch, visitors - start) }, () => {
        const socket = connect(`${url}/visitor`, {
          transports: ['websocket'],
          forceNew: true,
          reconnection: false,
        });
        waiting.set(socket, []);
        socket.on('message:created', (message: ChatMessage) => {
          if (message.sender !== 'bot') return;
          const started = waiting.get(socket)!.shift();
          if (started === undefined) return;
          latencies.push(performance.now() - started);
          replies += 1;
          onReply?.(socket);
        });
        return new Promise<void>((resolve) => {
          socket.once('session', (_s: SessionPayload) => {
            sockets.push(socket);
            resolve();
          });
          socket.once('connect_error', () => {
            failed += 1;
            resolve();
          });
        });
      });
      await Promise.all(group);
    }
    send({ type: 'connected', visitors: sockets.length, failed });
  }

  async function runPhase(phase: PhaseRequest) {
    latencies = [];
    replies = 0;
    errors = 0;
    sent = 0;
    const startCpu = process.cpuUsage();
    const started = performance.now();
    const endAt = started + phase.seconds * 1000;
    const timers: NodeJS.Timeout[] = [];
    if (phase.kind === 'paced') {
      const perVisitorMs = (sockets.length / (phase.rate ?? 1000)) * 1000;
      for (const socket of sockets) {
        const offset = Math.random() * perVisitorMs;
        timers.push(
          setTimeout(() => {
            sendFrom(socket);
            timers.push(setInterval(() => performance.now() < endAt && sendFrom(socket), perVisitorMs));
          }, offset),
        );
      }
    } else {
      onReply = (socket) => {
        if (performance.now() < endAt) sendFrom(socket);
      };
      for (const socket of sockets) sendFrom(socket);
    }
    await new Promise((resolve) => setTimeout(resolve, phase.seconds * 1000));
    timers.forEach((t) => clearTimeout(t));
    const measuredReplies = replies;
    const seconds = (performance.now() - started) / 1000;
    // Let the replies still in flight arrive, bounded, so the next phase starts from a quiet server.
    for (let i = 0; i < 100 && [...waiting.values()].some((q) => q.length > 0); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    onReply = null;
    for (const queue of waiting.values()) queue.length = 0;
    const cpu = process.cpuUsage(startCpu);
    const sorted = [...latencies].sort((a, b) => a - b);
    send({
      type: 'phase-done',
      result: {
        kind: phase.kind,
        sent,
        replies: measuredReplies,
        totalReplies: replies,
        errors,
        seconds,
        messagesPerSecond: measuredReplies / seconds,
        p50Ms: percentile(sorted, 50),
        p95Ms: percentile(sorted, 95),
        p99Ms: percentile(sorted, 99),
        clientCpuMs: (cpu.user + cpu.system) / 1000,
        ...(phase.keepLatencies ? { latencies } : {}),
      },
    });
  }

  process.on('message', (message: ToClient) => {
    if (message.type === 'connect') void connectAll(message.url, message.visitors);
    else if (message.type === 'phase') void runPhase(message.phase);
    else {
      for (const socket of sockets) socket.disconnect();
      sockets.length = 0;
      waiting.clear();
      send({ type: 'disconnected' });
    }
  });
}

// ───────────────────────────── server process ─────────────────────────────

/** Sends one request to the client process and resolves with its answer of the given type. */
export function request<T extends FromClient['type']>(
  child: ChildProcess,
  message: ToClient,
  reply: T,
): Promise<Extract<FromClient, { type: T }>> {
  return new Promise((resolve) => {
    const listener = (answer: FromClient) => {
      if (answer.type !== reply) return;
      child.off('message', listener);
      resolve(answer as Extract<FromClient, { type: T }>);
    };
    child.on('message', listener);
    child.send(message);
  });
}

/** Resident set and JS heap (+ buffers), after a collection when `--expose-gc` is on. */
async function memoryKB(): Promise<{ rss: number; heap: number }> {
  // Buffers and other external memory are released by finalizers after a collection: give them a few turns.
  for (let pass = 0; pass < 4; pass += 1) {
    globalThis.gc?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const usage = process.memoryUsage();
  return { rss: usage.rss / 1024, heap: (usage.heapUsed + usage.external) / 1024 };
}

/**
 * Server CPU per reply during a phase: the whole process (every thread), its main thread alone, the threads
 * of the engine and of the NLP worker (each started after a snapshot of the process's threads, so the new
 * threads are theirs), and the client process.
 */
interface CpuPerMessage {
  processMs: number;
  mainThreadMs: number;
  engineThreadsMs: number;
  nlpThreadsMs: number;
  clientMs: number;
}

/** CPU time of one of this process's threads (Linux: /proc/self/task/<tid>/stat); NaN where unavailable. */
function threadCpuMs(tid: number): number {
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

const mainThreadCpuMs = () => threadCpuMs(process.pid);

function threadIds(): Set<number> {
  try {
    return new Set(readdirSync('/proc/self/task').map(Number));
  } catch {
    return new Set();
  }
}

/** The threads that appeared while `start` ran (a worker's JS thread and its helpers). */
async function newThreads<T>(start: () => Promise<T>): Promise<{ value: T; threads: number[] }> {
  const before = threadIds();
  const value = await start();
  return { value, threads: [...threadIds()].filter((tid) => !before.has(tid)) };
}

const groupCpuMs = (threads: readonly number[]) =>
  threads.reduce((sum, tid) => sum + (threadCpuMs(tid) || 0), 0);

/** Which threads belong to the engine and to the NLP worker (empty for the echo server). */
interface ThreadGroups {
  engine: number[];
  nlp: number[];
}

// USER_HZ, 100 on every Linux build Node supports.
const CLOCK_TICKS_PER_SECOND = 100;

/** A CPU profile of this process's main thread, written to `file` (open it in Chrome DevTools). */
async function profiled<T>(file: string | undefined, work: () => Promise<T>): Promise<T> {
  if (file === undefined) return work();
  const session = new inspector.Session();
  session.connect();
  const post = (method: string) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, (error, result) => (error ? reject(error) : resolve(result))),
    );
  await post('Profiler.enable');
  await post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    await writeFile(file, JSON.stringify(profile));
    session.disconnect();
  }
}

async function measure(
  child: ChildProcess,
  url: string,
  visitors: number,
  phases: PhaseRequest[],
  log: (line: string) => void,
  groups: ThreadGroups,
  profileFile?: string,
) {
  const before = await memoryKB();
  const connected = await request(child, { type: 'connect', url, visitors }, 'connected');
  const after = await memoryKB();
  log(`  connected ${connected.visitors} visitors (${connected.failed} failed)`);
  const results: PhaseResult[] = [];
  const cpu: CpuPerMessage[] = [];
  for (const [index, phase] of phases.entries()) {
    const startCpu = process.cpuUsage();
    const startMain = mainThreadCpuMs();
    const startEngine = groupCpuMs(groups.engine);
    const startNlp = groupCpuMs(groups.nlp);
    // Only the last phase (saturation, warmed up) is profiled.
    const { result } = await profiled(index === phases.length - 1 ? profileFile : undefined, () =>
      request(child, { type: 'phase', phase }, 'phase-done'),
    );
    const used = process.cpuUsage(startCpu);
    const replies = Math.max(1, result.totalReplies);
    cpu.push({
      processMs: (used.user + used.system) / 1000 / replies,
      mainThreadMs: (mainThreadCpuMs() - startMain) / replies,
      engineThreadsMs: (groupCpuMs(groups.engine) - startEngine) / replies,
      nlpThreadsMs: (groupCpuMs(groups.nlp) - startNlp) / replies,
      clientMs: result.clientCpuMs / replies,
    });
    const { processMs, mainThreadMs, engineThreadsMs, nlpThreadsMs, clientMs } = cpu.at(-1)!;
    const threads =
      groups.engine.length > 0
        ? `, engine ${engineThreadsMs.toFixed(3)}, NLP ${nlpThreadsMs.toFixed(3)}`
        : '';
    log(
      `  ${results.length === 0 ? 'warm-up ' : ''}${result.kind}: ${result.messagesPerSecond.toFixed(0)} msg/s, p50 ${result.p50Ms.toFixed(1)} ms, ` +
        `p95 ${result.p95Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms (${result.replies} replies, ${result.errors} refused); ` +
        `server CPU per reply ${processMs.toFixed(3)} ms (main thread ${mainThreadMs.toFixed(3)}${threads}), ` +
        `client ${clientMs.toFixed(3)} ms`,
    );
    results.push(result);
  }
  await request(child, { type: 'disconnect' }, 'disconnected');
  return {
    connected: connected.visitors,
    // RSS only grows when the allocator asks the system for more: it can under-count after an earlier phase.
    rssPerConnectionKB: (after.rss - before.rss) / Math.max(1, connected.visitors),
    heapPerConnectionKB: (after.heap - before.heap) / Math.max(1, connected.visitors),
    results,
    cpu,
  };
}

async function runServer(): Promise<void> {
  const { values } = parseArgs({
    options: {
      visitors: { type: 'string', default: '1000' },
      rate: { type: 'string', default: '1000' },
      seconds: { type: 'string', default: '10' },
      'saturation-seconds': { type: 'string', default: '5' },
      'warmup-seconds': { type: 'string', default: '3' },
      json: { type: 'boolean', default: false },
      // For profiling the chat server alone.
      'skip-echo': { type: 'boolean', default: false },
      // Writes a CPU profile of the chat server's main thread during the last saturation phase.
      profile: { type: 'string' },
    },
  });
  const visitors = Number(values.visitors);
  const rate = Number(values.rate);
  const seconds = Number(values.seconds);
  const saturationSeconds = Number(values['saturation-seconds']);
  const log = (line: string) => {
    if (!values.json) console.log(line);
    else process.stderr.write(`${line}\n`);
  };
  const warmupSeconds = Number(values['warmup-seconds']);
  // The first phase warms the JIT and the caches up; its figures are printed but not reported.
  const phases: PhaseRequest[] = [
    { kind: 'saturation', seconds: warmupSeconds },
    { kind: 'paced', seconds, rate },
    { kind: 'saturation', seconds: saturationSeconds },
  ];
  log(
    `bench:chat: ${visitors} visitors, paced ${rate} msg/s for ${seconds} s, saturation ${saturationSeconds} s`,
  );
  log(
    `machine: ${cpus().length} cores, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );

  const dataDir = await mkdtemp(path.join(tmpdir(), 'concierge-bench-chat-'));
  const child = fork(SCRIPT, ['--client'], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    let echoRun: Awaited<ReturnType<typeof measure>> | null = null;
    if (!values['skip-echo']) {
      // ── the bare socket.io server first (same namespace, same events, ack then echo), so its memory figure is
      // not blurred by the heap the chat server leaves behind
      const httpServer = createServer();
      const io = new Server(httpServer, { serveClient: false });
      let seq = 0;
      io.of('/visitor').on('connection', (socket) => {
        socket.on('error', () => {});
        socket.emit('session', { visitorToken: 'echo', conversationId: socket.id, lastSeq: 0 });
        socket.on('message:send', (payload: { text: string }, ack: (r: unknown) => void) => {
          seq += 1;
          ack({ ok: true, data: { id: String(seq), seq } });
          socket.emit('message:created', {
            id: String(seq),
            conversationId: socket.id,
            seq,
            sender: 'bot',
            text: payload.text,
            createdAt: new Date().toISOString(),
          });
        });
      });
      await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
      const echoUrl = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
      log('bare socket.io echo server:');
      echoRun = await measure(child, echoUrl, visitors, phases, log, { engine: [], nlp: [] });
      io.close();
    }

    // ── the whole pipeline
    // As `npm start` runs it: on its own thread (as a separate mongod would be), journaled to disk with an
    // fsync before each acknowledgement.
    const { value: engine, threads: engineThreads } = await newThreads(() =>
      startEmbeddedMongo({ thread: 'worker', dataDir: path.join(dataDir, 'db') }),
    );
    const database = await connectDatabase(engine.uri, { dbName: 'bench_chat' });
    const repositories = createRepositories(database.models);
    await seedDemoData(repositories);
    const config = Object.freeze({
      ...parseConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
      tokenSecret: 'bench-secret-that-is-long-enough-for-hmac-0123456789',
    });
    const logger = silentLogger();
    const { value: chat, threads: nlpThreads } = await newThreads(() =>
      createVisitorChat({
        config,
        logger,
        repositories,
        models: database.models,
        recommendationRefreshMs: 0,
        rateLimits: BENCH_RATE_LIMITS,
      }),
    );
    const app = createApplication({ config, logger, repositories }, { gateways: [chat.gateway] });
    await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
    const chatUrl = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;
    log('chat server (NLP, actions, embedded database):');
    const groups = { engine: engineThreads, nlp: nlpThreads };
    const chatRun = await measure(child, chatUrl, visitors, phases, log, groups, values.profile);
    await chat.close();
    await app.close();
    await database.close();
    await engine.stop();

    if (!echoRun) return;

    const [, chatPaced, chatMax] = chatRun.results as [PhaseResult, PhaseResult, PhaseResult];
    const [, echoPaced, echoMax] = echoRun.results as [PhaseResult, PhaseResult, PhaseResult];
    const round = (n: number, digits = 1) => Number(n.toFixed(digits));
    const report = {
      visitors: chatRun.connected,
      messagesPerSecond: round(chatPaced.messagesPerSecond),
      p50Ms: round(chatPaced.p50Ms, 2),
      p95Ms: round(chatPaced.p95Ms, 2),
      p99Ms: round(chatPaced.p99Ms, 2),
      rssPerConnectionKB: round(chatRun.rssPerConnectionKB),
      heapPerConnectionKB: round(chatRun.heapPerConnectionKB),
      maxMessagesPerSecond: round(chatMax.messagesPerSecond),
      // At saturation: server CPU per reply, all threads (the engine's included) and the main thread alone.
      cpuPerMessageMs: round(chatRun.cpu[2]!.processMs, 3),
      mainThreadCpuPerMessageMs: round(chatRun.cpu[2]!.mainThreadMs, 3),
      engineThreadsCpuPerMessageMs: round(chatRun.cpu[2]!.engineThreadsMs, 3),
      nlpThreadsCpuPerMessageMs: round(chatRun.cpu[2]!.nlpThreadsMs, 3),
      clientCpuPerMessageMs: round(chatRun.cpu[2]!.clientMs, 3),
      echo: {
        messagesPerSecond: round(echoPaced.messagesPerSecond),
        p50Ms: round(echoPaced.p50Ms, 2),
        p99Ms: round(echoPaced.p99Ms, 2),
        maxMessagesPerSecond: round(echoMax.messagesPerSecond),
        cpuPerMessageMs: round(echoRun.cpu[2]!.processMs, 3),
        clientCpuPerMessageMs: round(echoRun.cpu[2]!.clientMs, 3),
        rssPerConnectionKB: round(echoRun.rssPerConnectionKB),
        heapPerConnectionKB: round(echoRun.heapPerConnectionKB),
      },
      throughputRatio: round(chatMax.messagesPerSecond / echoMax.messagesPerSecond, 3),
      // Peak resident set of the server process over the whole run (the chat's phases dominate it).
      peakRssMB: round(process.resourceUsage().maxRSS / 1024),
      refused: chatPaced.errors + chatMax.errors,
      loadAverage: round(loadavg()[0] ?? 0, 2),
    };
    log(
      `ratio (saturation throughput, chat / echo): ${report.throughputRatio}; ` +
        `server memory per connection: RSS ${report.rssPerConnectionKB} KB, heap ${report.heapPerConnectionKB} KB ` +
        `(echo: RSS ${report.echo.rssPerConnectionKB} KB, heap ${report.echo.heapPerConnectionKB} KB)`,
    );
    if (values.json) console.log(JSON.stringify(report));
  } finally {
    child.kill();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The client process's script: `fork(BENCH_CLIENT_SCRIPT, ['--client'])`. */
export const BENCH_CLIENT_SCRIPT = SCRIPT;

// Only as the entry script: bench:retrain imports the client protocol from here.
const isEntry = process.argv[1] !== undefined && path.resolve(process.argv[1]) === SCRIPT;
if (process.argv.includes('--client')) runClient();
else if (isEntry)
  runServer().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
