// npm run bench:retrain [-- --visitors 40 --rate 40 --idle-seconds 30 --phase-seconds 5 --folds 5
//                          [--data-dir <datasets>] [--json]]
//
// Does the chat keep answering while a model trains? The real application (the /visitor gateway, the trained
// NLP thread, the actions, the embedded database on its own thread with the demo data) and its admin side
// (the intent store, training jobs on a worker thread) in this process; the intent store gets BANKING77's
// training set (77 intents, about 10,000 examples) on top of the shipped intents. Visitors in a child process
// (bench:chat's client) send a paced load; the round trip from `message:send` to the bot's reply is measured
//   idle:    for --idle-seconds with no training;
//   retrain: from the start of a training job (k-fold evaluation + final training of the BANKING77-sized
//            data, as the console's Train button starts it) to its end, in --phase-seconds phases pooled.
// The target (issue 13): the retrain p99 at most twice the idle p99.
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startEmbeddedMongo } from '../embedded-mongo/index.ts';
import { phraseKey } from '../intents/validate.ts';
import { loadDataset } from '../nlp/datasets/load.ts';
import type { LabeledExample } from '../nlp/intent/types.ts';
import { startAdmin } from '../server/admin/index.ts';
import type { IntentStore } from '../server/admin/intent-store.ts';
import { createApplication } from '../server/app.ts';
import { parseConfig } from '../server/config.ts';
import { connectDatabase } from '../server/data/connection.ts';
import { createRepositories } from '../server/data/repositories/index.ts';
import { seedDemoData } from '../server/data/seed/seed-database.ts';
import { createVisitorChat } from '../server/gateway/visitor-chat.ts';
import { silentLogger } from '../server/shared/logger.ts';
import {
  BENCH_CLIENT_SCRIPT,
  BENCH_RATE_LIMITS,
  percentile,
  request,
  type PhaseResult,
} from './bench-chat.ts';

const { values } = parseArgs({
  options: {
    visitors: { type: 'string', default: '40' },
    rate: { type: 'string', default: '40' },
    'idle-seconds': { type: 'string', default: '30' },
    'phase-seconds': { type: 'string', default: '5' },
    folds: { type: 'string', default: '5' },
    'data-dir': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const visitors = Number(values.visitors);
const rate = Number(values.rate);
const idleSeconds = Number(values['idle-seconds']);
const phaseSeconds = Number(values['phase-seconds']);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const datasetsDir = path.resolve(
  values['data-dir'] ??
    (process.env['CONCIERGE_SHARED_DIR']
      ? path.join(process.env['CONCIERGE_SHARED_DIR'], 'datasets')
      : path.join(repoRoot, '..', 'shared', 'datasets')),
);
const log = (line: string) => process.stderr.write(`${line}\n`);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/**
 * BANKING77's training set as intents of the store (`b77_<category>`, action `answer`), each phrase once across
 * every intent (the store refuses a phrase in two intents; the corpus has a few).
 */
async function importBanking77(store: IntentStore): Promise<{ intents: number; examples: number }> {
  const [corpus] = await loadDataset('banking77', datasetsDir);
  const taken = new Set((await store.trainingData()).intents.flatMap((i) => i.examples.map(phraseKey)));
  const byIntent = new Map<string, string[]>();
  for (const { text, intent } of corpus!.train as LabeledExample[]) {
    const key = phraseKey(text);
    if (key === '' || taken.has(key)) continue;
    taken.add(key);
    const name = `b77_${intent.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`.slice(0, 64);
    byIntent.set(name, [...(byIntent.get(name) ?? []), text.trim().slice(0, 500)]);
  }
  let examples = 0;
  for (const [name, phrases] of byIntent) {
    await store.create(
      { name, action: 'answer', examples: phrases, responses: [`(${name}) A bank answer would go here.`] },
      null,
    );
    examples += phrases.length;
  }
  return { intents: byIntent.size, examples };
}

async function main(): Promise<void> {
  log(`bench:retrain: ${visitors} visitors, ${rate} msg/s; idle ${idleSeconds} s, then during a retrain`);
  log(`machine: ${cpus().length} cores, load average ${load()}`);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'concierge-bench-retrain-'));
  const engine = await startEmbeddedMongo({ thread: 'worker', dataDir: path.join(dataDir, 'db') });
  const database = await connectDatabase(engine.uri, { dbName: 'bench_retrain' });
  const repositories = createRepositories(database.models);
  await seedDemoData(repositories);
  const config = Object.freeze({
    ...parseConfig({
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      TRAINING_FOLDS: values.folds,
    }),
    tokenSecret: 'bench-secret-that-is-long-enough-for-hmac-0123456789',
  });
  const logger = silentLogger();
  const chat = await createVisitorChat({
    config,
    logger,
    repositories,
    models: database.models,
    recommendationRefreshMs: 0,
    rateLimits: BENCH_RATE_LIMITS,
  });
  const admin = await startAdmin({
    config,
    logger,
    repositories,
    connection: database.connection,
    chat,
    events: chat.events,
    deploymentPollMs: 0,
  });
  const imported = await importBanking77(admin.intents);
  const data = await admin.intents.trainingData();
  const totalExamples = data.intents.reduce((n, i) => n + i.examples.length, 0);
  log(
    `intent store: ${data.intents.length} intents, ${totalExamples} examples ` +
      `(BANKING77: ${imported.intents} intents, ${imported.examples} examples); ${values.folds} folds`,
  );
  const app = createApplication({ config, logger, repositories }, { gateways: [chat.gateway] });
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;

  const child = fork(BENCH_CLIENT_SCRIPT, ['--client'], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const connected = await request(child, { type: 'connect', url, visitors }, 'connected');
    log(`connected ${connected.visitors} visitors (${connected.failed} failed)`);
    const phase = async (seconds: number): Promise<PhaseResult> =>
      (
        await request(
          child,
          { type: 'phase', phase: { kind: 'paced', seconds, rate, keepLatencies: true } },
          'phase-done',
        )
      ).result;

    await phase(5); // warm-up: JIT, caches, connections
    const idle = await phase(idleSeconds);
    const idleLoad = load();
    log(`idle: ${idle.replies} replies, p50 ${idle.p50Ms.toFixed(2)} ms, p99 ${idle.p99Ms.toFixed(2)} ms`);

    const started = Date.now();
    const job = await admin.jobs.start(null);
    let finished = false;
    const done = admin.jobs.finished(job.id).then((record) => {
      finished = true;
      return record;
    });
    const during: number[] = [];
    let sent = 0;
    let errors = 0;
    let replies = 0;
    let loadDuring = load();
    while (!finished) {
      const result = await phase(phaseSeconds);
      during.push(...(result.latencies ?? []));
      sent += result.sent;
      errors += result.errors;
      replies += result.replies;
      loadDuring = load();
      const current = await admin.jobs.get(job.id);
      log(
        `  retrain ${current.stage} ${(current.progress * 100).toFixed(0)}%: ${result.replies} replies, ` +
          `p99 ${result.p99Ms.toFixed(2)} ms`,
      );
    }
    const record = await done;
    const trainSeconds = (Date.now() - started) / 1000;
    if (record.state !== 'succeeded') throw new Error(`the training job failed: ${record.error}`);
    const sorted = during.sort((a, b) => a - b);
    const round = (n: number, digits = 2) => Number(n.toFixed(digits));
    const report = {
      visitors: connected.visitors,
      rate,
      intents: data.intents.length,
      examples: totalExamples,
      folds: Number(values.folds),
      trainSeconds: round(trainSeconds, 1),
      idle: {
        replies: idle.replies,
        errors: idle.errors,
        p50Ms: round(idle.p50Ms),
        p99Ms: round(idle.p99Ms),
      },
      retrain: {
        sent,
        replies,
        errors,
        p50Ms: round(percentile(sorted, 50)),
        p99Ms: round(percentile(sorted, 99)),
      },
      ratio: 0,
      withinTwice: false,
      loadAverage: { start: idleLoad, end: loadDuring },
    };
    report.ratio = round(report.retrain.p99Ms / report.idle.p99Ms);
    report.withinTwice = report.ratio <= 2;
    log(
      `retrain (${report.trainSeconds} s, macro-F1 of the candidate ` +
        `${(await admin.deployments.get(record.modelVersionId!)).report.macroF1.toFixed(3)}): ` +
        `${replies} replies, p50 ${report.retrain.p50Ms} ms, p99 ${report.retrain.p99Ms} ms; ` +
        `ratio to idle p99 ${report.ratio} (${report.withinTwice ? 'within' : 'NOT within'} twice)`,
    );
    log(`load average: ${idleLoad} before the retrain, ${loadDuring} at its end`);
    if (values.json) console.log(JSON.stringify(report));
  } finally {
    child.kill();
    await admin.close();
    await chat.close();
    await app.close();
    await database.close();
    await engine.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
