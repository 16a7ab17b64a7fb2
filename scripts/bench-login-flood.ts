// npm run bench:login-flood [-- --logins 300 --concurrency 32 --visitors 4 --interval-ms 1000
//                             --baseline-seconds 6 --spread-addresses --data-dir <dir> --json]
//
// What a flood of failed logins does to everyone else's chat. The server runs as `npm start` runs it (its own
// process, the embedded engine on its worker thread with the journal on disk, the trained NLP model); a few
// visitors chat through /visitor at a steady pace, and the time from `message:send` to its ack (the message is
// acknowledged after the journal's fsync) and to the bot's reply is recorded:
//   baseline: the visitors alone for --baseline-seconds;
//   flood:    --logins POST /api/auth/login with different unknown emails, --concurrency at a time.
// By default the flood comes from one address (password spraying, which the per-address login limit meets);
// --spread-addresses gives every login its own X-Forwarded-For address (the server trusts one proxy hop), as a
// flood from many machines would, so that only the bounded password hashing stands between it and the chat.
// --data-dir keeps the server's data (and its trained model) between runs; by default a temp directory is used.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { io as connect, type Socket } from 'socket.io-client';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MESSAGES = [
  'Hi there!',
  'How long does shipping take?',
  'What are your opening hours?',
  'Thanks a lot',
];

interface Sample {
  phase: 'baseline' | 'flood';
  ackMs: number;
  replyMs: number | null;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The promise's value, or null after `ms` (the timer is cleared either way, so the process can exit). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const round = (value: number) => Math.round(value * 10) / 10;

function summary(values: number[]) {
  return {
    count: values.length,
    p50Ms: round(percentile(values, 50)),
    p95Ms: round(percentile(values, 95)),
    maxMs: round(values.length === 0 ? Number.NaN : Math.max(...values)),
  };
}

/** The arguments after `node` in package.json's start script, so the server runs exactly as `npm start`. */
function startArguments(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const [command, ...args] = pkg.scripts.start.split(/\s+/);
  if (command !== 'node') throw new Error(`the start script should run node, not ${command}`);
  return args;
}

async function startServer(
  dataDir: string,
  trustProxy: boolean,
): Promise<{ url: string; child: ChildProcess }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir };
  for (const key of ['MONGODB_URI', 'REDIS_URL', 'TOKEN_SECRET', 'WIDGET_ORIGINS']) delete env[key];
  Object.assign(env, { NODE_ENV: 'production', LOG_LEVEL: 'warn', TRUST_PROXY_HOPS: trustProxy ? '1' : '0' });
  const child = spawn(process.execPath, startArguments(), {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Concierge listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return { url, child };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      logins: { type: 'string', default: '300' },
      concurrency: { type: 'string', default: '32' },
      visitors: { type: 'string', default: '4' },
      'interval-ms': { type: 'string', default: '1000' },
      'baseline-seconds': { type: 'string', default: '6' },
      'spread-addresses': { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const logins = Number(values.logins);
  const concurrency = Number(values.concurrency);
  const visitorCount = Number(values.visitors);
  const intervalMs = Number(values['interval-ms']);
  const baselineMs = Number(values['baseline-seconds']) * 1000;
  const spread = values['spread-addresses'];
  const log = (line: string) => {
    if (!values.json) console.log(line);
  };

  const dataDir = values['data-dir'] ?? (await mkdtemp(path.join(tmpdir(), 'concierge-login-flood-')));
  const loadAtStart = loadavg();
  log(`starting the server on ${dataDir} (trains the intent model on a fresh directory)…`);
  const { url, child } = await startServer(dataDir, spread);
  const sockets: Socket[] = [];
  try {
    for (let attempt = 0; ; attempt += 1) {
      const ready = await fetch(`${url}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ready) break;
      if (attempt > 600) throw new Error('/readyz never answered 200');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    for (let i = 0; i < visitorCount; i += 1) {
      const socket = connect(`${url}/visitor`, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
      });
      await new Promise<void>((resolve, reject) => {
        socket.once('session', () => resolve());
        socket.once('connect_error', reject);
      });
      sockets.push(socket);
    }

    const samples: Sample[] = [];
    const failures: string[] = [];
    let phase: Sample['phase'] = 'baseline';
    let chatting = true;
    let counter = 0;
    const chatLoops = sockets.map(async (socket, index) => {
      // Staggered, so the samples are spread evenly over time.
      await new Promise((resolve) => setTimeout(resolve, (intervalMs / visitorCount) * index));
      while (chatting) {
        const sentIn = phase;
        const started = performance.now();
        counter += 1;
        const reply = new Promise<number>((resolve) => {
          const onMessage = (message: { sender: string }) => {
            if (message.sender !== 'bot') return;
            socket.off('message:created', onMessage);
            resolve(performance.now() - started);
          };
          socket.on('message:created', onMessage);
        });
        const ack = await socket
          .timeout(60_000)
          .emitWithAck('message:send', {
            clientMessageId: `m-${counter}`,
            text: MESSAGES[counter % MESSAGES.length],
          })
          .then(
            (answer: { ok: boolean; error?: { code: string } }) => (answer.ok ? 'ok' : answer.error!.code),
            () => 'no ack within 60 s',
          );
        const ackMs = performance.now() - started;
        if (ack === 'ok') {
          const replyMs = await within(reply, 60_000);
          samples.push({ phase: sentIn, ackMs, replyMs });
        } else {
          failures.push(`${sentIn}: ${ack}`);
        }
        const wait = intervalMs - (performance.now() - started);
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
    });

    log(
      `baseline: ${visitorCount} visitors, one message each every ${intervalMs} ms, for ${baselineMs / 1000} s`,
    );
    await new Promise((resolve) => setTimeout(resolve, baselineMs));

    phase = 'flood';
    log(
      `flood: ${logins} logins with different emails, ${concurrency} at a time, ${spread ? 'each from its own address' : 'all from one address'}`,
    );
    const statuses = new Map<number, number>();
    const loginMs: number[] = [];
    let next = 0;
    const floodStarted = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < logins) {
          const i = next++;
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (spread) headers['x-forwarded-for'] = `198.18.${(i >> 8) & 255}.${i & 255}`;
          const started = performance.now();
          const response = await fetch(`${url}/api/auth/login`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ email: `flood-${i}@attacker.test`, password: `guess-${i}-password` }),
          });
          await response.arrayBuffer();
          loginMs.push(performance.now() - started);
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        }
      }),
    );
    const floodSeconds = (performance.now() - floodStarted) / 1000;
    chatting = false;
    await Promise.all(chatLoops);

    const of = (p: Sample['phase']) => samples.filter((s) => s.phase === p);
    const replies = (p: Sample['phase']) =>
      of(p)
        .map((s) => s.replyMs)
        .filter((ms): ms is number => ms !== null);
    const report = {
      logins,
      concurrency,
      addresses: spread ? 'one per login' : 'one',
      floodSeconds: round(floodSeconds),
      loginStatuses: Object.fromEntries([...statuses].sort(([a], [b]) => a - b)),
      loginLatency: summary(loginMs),
      ack: {
        baseline: summary(of('baseline').map((s) => s.ackMs)),
        flood: summary(of('flood').map((s) => s.ackMs)),
      },
      reply: { baseline: summary(replies('baseline')), flood: summary(replies('flood')) },
      chatFailures: failures,
      machine: `${cpus().length} cores`,
      loadAverageAtStart: loadAtStart.map((v) => round(v)),
      loadAverageAtEnd: loadavg().map((v) => round(v)),
    };
    if (values.json) {
      console.log(JSON.stringify(report));
    } else {
      console.log(
        `flood took ${report.floodSeconds} s; login answers ${JSON.stringify(report.loginStatuses)}`,
      );
      console.log(
        `login latency  p50 ${report.loginLatency.p50Ms} ms  p95 ${report.loginLatency.p95Ms} ms  max ${report.loginLatency.maxMs} ms`,
      );
      for (const [name, figures] of [
        ['ack  ', report.ack],
        ['reply', report.reply],
      ] as const) {
        for (const p of ['baseline', 'flood'] as const) {
          const f = figures[p];
          console.log(
            `${name} ${p.padEnd(8)} n=${String(f.count).padStart(3)}  p50 ${f.p50Ms} ms  p95 ${f.p95Ms} ms  max ${f.maxMs} ms`,
          );
        }
      }
      if (failures.length > 0) console.log(`chat failures: ${failures.join('; ')}`);
      console.log(
        `load average at start ${report.loadAverageAtStart.join(' ')}, at end ${report.loadAverageAtEnd.join(' ')}`,
      );
    }
  } finally {
    for (const socket of sockets) socket.disconnect();
    await stopServer(child);
    if (values['data-dir'] === undefined) await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
