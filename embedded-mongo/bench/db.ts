/**
 * Benchmark of the embedded engine with durable storage, measured through the real driver:
 *
 *   inserts/s     single-document insertOne from concurrent writers, each acknowledged after fsync
 *   lookup        findOne by an indexed field over a collection of `--docs` documents (p50, p99)
 *   restart       stop, start on the same data directory, connect, first query answered
 *
 *   npm run bench:db [-- --json] [--docs 100000] [--writers 50] [--insert-seconds 5] [--lookups 5000]
 *                    [--thread current|worker]
 *
 * `--json` ends the output with one line: { insertsPerSecond, lookupP50Ms, lookupP99Ms, restartSeconds }.
 * The engine and the driver share this process, as in an application that embeds the engine; with
 * `--thread worker` the engine runs on its own thread, as `npm start` runs it (journal appends then block that
 * thread instead of using libuv's thread pool: FileStorageOptions.blockingAppends).
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MongoClient, type Collection } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from '../index.ts';
import { JOURNAL_FILE_NAME } from '../src/storage/file-storage.ts';

const { values: args } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    docs: { type: 'string', default: '100000' },
    writers: { type: 'string', default: '50' },
    'insert-seconds': { type: 'string', default: '5' },
    lookups: { type: 'string', default: '5000' },
    thread: { type: 'string', default: 'current' },
  },
});
const DOCS = positiveInteger(args.docs, '--docs');
const WRITERS = positiveInteger(args.writers, '--writers');
const INSERT_SECONDS = positiveInteger(args['insert-seconds'], '--insert-seconds');
const LOOKUPS = positiveInteger(args.lookups, '--lookups');
if (args.thread !== 'current' && args.thread !== 'worker') throw new Error('--thread is current or worker');
const THREAD: 'current' | 'worker' = args.thread;
const LOAD_BATCH = 1000;

interface Customer {
  email: string;
  name: string;
  city: string;
  tier: 'bronze' | 'silver' | 'gold';
  orders: number;
  tags: string[];
  createdAt: Date;
}

function customer(n: number): Customer {
  return {
    email: `customer${n}@example.com`,
    name: `Customer ${n}`,
    city: ['Lyon', 'Porto', 'Leeds', 'Graz', 'Turku'][n % 5]!,
    tier: (['bronze', 'silver', 'gold'] as const)[n % 3]!,
    orders: n % 97,
    tags: n % 2 ? ['newsletter'] : ['newsletter', 'vip'],
    createdAt: new Date(Date.UTC(2025, 0, 1) + n * 60_000),
  };
}

async function withEngine<T>(
  dataDir: string,
  run: (engine: EmbeddedMongo, client: MongoClient) => Promise<T>,
) {
  const engine = await startEmbeddedMongo({ dataDir, thread: THREAD });
  const client = await MongoClient.connect(engine.uri, { maxPoolSize: Math.max(WRITERS, 10) });
  try {
    return await run(engine, client);
  } finally {
    await client.close();
    await engine.stop();
  }
}

async function measureInserts(dataDir: string): Promise<number> {
  return withEngine(dataDir, async (_engine, client) => {
    const events = client.db('bench').collection('events');
    await events.insertOne({ warmUp: true });
    let inserted = 0;
    let n = 0;
    const started = performance.now();
    const deadline = started + INSERT_SECONDS * 1000;
    await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        while (performance.now() < deadline) {
          await events.insertOne({
            kind: 'message',
            visitor: `v${n++ % 1000}`,
            at: new Date(),
            text: 'hello',
          });
          inserted++;
        }
      }),
    );
    return inserted / ((performance.now() - started) / 1000);
  });
}

async function load(customers: Collection<Customer>): Promise<void> {
  await customers.createIndex({ email: 1 }, { unique: true });
  for (let start = 0; start < DOCS; start += LOAD_BATCH) {
    const batch = Array.from({ length: Math.min(LOAD_BATCH, DOCS - start) }, (_, i) => customer(start + i));
    await customers.insertMany(batch, { ordered: false });
  }
}

/** Sequential lookups, so each latency is one round trip with nothing queued in front of it. */
async function measureLookups(customers: Collection<Customer>): Promise<{ p50: number; p99: number }> {
  const pick = () => `customer${Math.floor(Math.random() * DOCS)}@example.com`;
  for (let i = 0; i < Math.min(500, LOOKUPS); i++) await customers.findOne({ email: pick() });
  const latencies: number[] = [];
  for (let i = 0; i < LOOKUPS; i++) {
    const email = pick();
    const started = performance.now();
    const found = await customers.findOne({ email });
    latencies.push(performance.now() - started);
    if (found?.email !== email) throw new Error(`lookup of ${email} returned ${JSON.stringify(found)}`);
  }
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
}

async function measureRestart(dataDir: string): Promise<number> {
  const started = performance.now();
  const engine = await startEmbeddedMongo({ dataDir, thread: THREAD });
  const client = await MongoClient.connect(engine.uri);
  try {
    const found = await client
      .db('bench')
      .collection<Customer>('customers')
      .findOne({ email: 'customer7@example.com' });
    if (!found) throw new Error('the first query after restart found nothing');
    const seconds = (performance.now() - started) / 1000;
    const count = await client.db('bench').collection('customers').countDocuments();
    if (count !== DOCS) throw new Error(`restart replayed ${count} documents, expected ${DOCS}`);
    return seconds;
  } finally {
    await client.close();
    await engine.stop();
  }
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function positiveInteger(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${flag} needs a positive integer, got ${text}`);
  return value;
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

const insertDir = await mkdtemp(join(tmpdir(), 'bench-db-inserts-'));
const lookupDir = await mkdtemp(join(tmpdir(), 'bench-db-lookups-'));
try {
  const insertsPerSecond = await measureInserts(insertDir);
  console.log(`durable inserts: ${Math.round(insertsPerSecond)}/s (${WRITERS} writers, ${INSERT_SECONDS} s)`);

  const lookups = await withEngine(lookupDir, async (_engine, client) => {
    const customers = client.db('bench').collection<Customer>('customers');
    const loadStarted = performance.now();
    await load(customers);
    console.log(`loaded ${DOCS} documents in ${((performance.now() - loadStarted) / 1000).toFixed(2)} s`);
    return measureLookups(customers);
  });
  console.log(
    `indexed lookup over ${DOCS}: p50 ${lookups.p50.toFixed(3)} ms, p99 ${lookups.p99.toFixed(3)} ms`,
  );

  const journalBytes = (await stat(join(lookupDir, JOURNAL_FILE_NAME))).size;
  const restartSeconds = await measureRestart(lookupDir);
  console.log(
    `restart with ${DOCS} documents (${(journalBytes / 1e6).toFixed(1)} MB journal): ${restartSeconds.toFixed(2)} s`,
  );

  if (args.json) {
    console.log(
      JSON.stringify({
        insertsPerSecond: Math.round(insertsPerSecond),
        lookupP50Ms: round(lookups.p50, 3),
        lookupP99Ms: round(lookups.p99, 3),
        restartSeconds: round(restartSeconds, 3),
      }),
    );
  }
} finally {
  await rm(insertDir, { recursive: true, force: true });
  await rm(lookupDir, { recursive: true, force: true });
}
