/**
 * CPU cost of the chat's hot database operations on the embedded engine (issue 5), in memory:
 *
 *   reserve      Conversation findOneAndUpdate({_id}, {$inc: {lastSeq: 2}, $set: {updatedAt}}, new: true)
 *   insertOne    one Message (indexes {conversation, seq} unique, {conversation, clientMessageId} unique partial)
 *   insertMany8  eight Messages in one unordered insertMany (the chat batches inserts of one event-loop turn)
 *   findOne      by an indexed equality: orders.number, tickets.number, contacts._id in turn
 *   chat         one chat message: reserve + the visitor's and the bot's Message + a findOne every 4th message
 *
 *   npm run bench:engine-ops [-- --mode both|engine|driver] [--thread current|worker] [--ops 5000] [--conversations 2000]
 *                            [--messages 20000] [--concurrency 32] [--phases reserve,chat,...] [--json]
 *
 * Two ways in, each reported as CPU microseconds per operation (process.cpuUsage, user + system: steadier than
 * wall time on a shared machine) and operations per second:
 *   engine   the command documents handed to the engine's dispatcher directly, one after another: the
 *            engine's own cost, no driver, no sockets, no BSON.
 *   driver   the real `mongodb` driver over loopback TCP with `--concurrency` callers, as the chat server does;
 *            the driver and the engine share this process, so the figure is their sum (with `--thread worker`
 *            the engine runs on its own thread, as `npm start` runs it; process CPU still counts both).
 * Collections carry the chat's indexes (server/data/models) and grow as the phases run.
 */
import { parseArgs } from 'node:util';
// The engine's own bson (ESM): the driver's CommonJS copy has other classes, which `instanceof` would refuse.
import { ObjectId, UUID } from 'bson';
import type { Document } from 'bson';
import { MongoClient } from 'mongodb';
import type { Db } from 'mongodb';
import { startEmbeddedMongo } from '../index.ts';
import { executeCommand } from '../src/commands/dispatch.ts';
import type { CommandContext } from '../src/commands/context.ts';
import { Engine } from '../src/engine/engine.ts';
import { MemoryStorage } from '../src/storage/memory-storage.ts';

const { values: args } = parseArgs({
  options: {
    mode: { type: 'string', default: 'both' },
    thread: { type: 'string', default: 'current' },
    ops: { type: 'string', default: '5000' },
    conversations: { type: 'string', default: '2000' },
    messages: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '32' },
    phases: { type: 'string', default: 'reserve,insertOne,insertMany8,findOne,chat' },
    json: { type: 'boolean', default: false },
  },
});
const OPS = positiveInteger(args.ops, '--ops');
const CONVERSATIONS = positiveInteger(args.conversations, '--conversations');
const MESSAGES = positiveInteger(args.messages, '--messages');
const CONCURRENCY = positiveInteger(args.concurrency, '--concurrency');
const PHASES = args.phases.split(',');
if (args.thread !== 'current' && args.thread !== 'worker') throw new Error('--thread is current or worker');
const THREAD: 'current' | 'worker' = args.thread;
if (!['both', 'engine', 'driver'].includes(args.mode)) throw new Error('--mode is both, engine or driver');
const ORDERS = 5000;
const TICKETS = 2000;
const CONTACTS = 2000;
const DB = 'bench';

/** The command documents the driver sends for each operation, answered by one of the two transports. */
interface Transport {
  run(command: Document): Promise<Document>;
  /** How many operations may be in flight at once. */
  concurrency: number;
}

const INDEXES: Record<string, Document[]> = {
  conversations: [
    { key: { status: 1, updatedAt: 1 }, name: 'status_1_updatedAt_1' },
    { key: { status: 1, escalatedAt: 1 }, name: 'status_1_escalatedAt_1' },
    { key: { contact: 1, updatedAt: -1 }, name: 'contact_1_updatedAt_-1' },
    { key: { visitorId: 1, updatedAt: -1 }, name: 'visitorId_1_updatedAt_-1' },
    { key: { assignedAgent: 1, status: 1 }, name: 'assignedAgent_1_status_1' },
  ],
  messages: [
    { key: { conversation: 1, seq: 1 }, name: 'conversation_1_seq_1', unique: true },
    {
      key: { conversation: 1, clientMessageId: 1 },
      name: 'conversation_1_clientMessageId_1',
      unique: true,
      partialFilterExpression: { clientMessageId: { $type: 'string' } },
    },
  ],
  orders: [
    { key: { number: 1 }, name: 'number_1', unique: true },
    { key: { contact: 1, placedAt: -1 }, name: 'contact_1_placedAt_-1' },
  ],
  tickets: [
    { key: { number: 1 }, name: 'number_1', unique: true },
    { key: { contact: 1, createdAt: -1 }, name: 'contact_1_createdAt_-1' },
    { key: { conversation: 1 }, name: 'conversation_1' },
  ],
};

/** The workload's state: ids to pick from and counters that keep message keys unique. */
class Workload {
  readonly conversationIds: ObjectId[] = [];
  readonly contactIds: ObjectId[] = [];
  #messageCounter = 0;
  #findCounter = 0;
  #random = 12345;

  /** A deterministic pseudo-random integer below `n`, so both modes see the same sequence of picks. */
  pick(n: number): number {
    this.#random = (this.#random * 1103515245 + 12345) % 2147483648;
    return this.#random % n;
  }

  conversation(): ObjectId {
    return this.conversationIds[this.pick(this.conversationIds.length)]!;
  }

  message(conversation: ObjectId, seq?: number, fromVisitor = true): Document {
    const n = ++this.#messageCounter;
    const doc: Document = {
      _id: new ObjectId(),
      conversation,
      seq: seq ?? 1_000_000 + n,
      sender: fromVisitor ? 'visitor' : 'bot',
      senderId: null,
      text: fromVisitor ? `where is my order ORD-${10000 + (n % ORDERS)}?` : 'Let me look that up for you.',
      nlp: fromVisitor ? { intent: 'order_status', confidence: 0.93 } : null,
      suggestions: null,
      ticket: null,
      createdAt: new Date(),
    };
    if (fromVisitor) doc.clientMessageId = `c-${n}`;
    return doc;
  }

  reserveCommand(id: ObjectId, count: number): Document {
    return {
      findAndModify: 'conversations',
      query: { _id: id },
      update: { $inc: { lastSeq: count }, $set: { updatedAt: new Date() } },
      new: true,
    };
  }

  findCommand(): Document {
    const i = this.#findCounter++;
    const [collection, filter] =
      i % 3 === 0
        ? ['orders', { number: `ORD-${10000 + this.pick(ORDERS)}` }]
        : i % 3 === 1
          ? ['tickets', { number: 5000 + this.pick(TICKETS) }]
          : ['contacts', { _id: this.contactIds[this.pick(CONTACTS)] }];
    return { find: collection, filter, limit: 1, singleBatch: true, batchSize: 1 };
  }
}

function conversationDoc(contact: ObjectId, i: number): Document {
  const at = new Date(Date.UTC(2026, 0, 1) + i * 1000);
  return {
    _id: new ObjectId(),
    contact,
    visitorId: `visitor-${i}`,
    channel: 'web',
    status: 'bot',
    assignedAgent: null,
    lastSeq: 0,
    firstResponseAt: null,
    escalatedAt: null,
    escalationReason: null,
    resolvedAt: null,
    csat: null,
    failedUnderstandingCount: 0,
    pendingSlot: null,
    createdAt: at,
    updatedAt: at,
  };
}

async function check(transport: Transport, command: Document): Promise<Document> {
  const reply = await transport.run(command);
  if (reply.ok !== 1 || reply.writeErrors) throw new Error(`command failed: ${JSON.stringify(reply)}`);
  return reply;
}

async function seed(transport: Transport, work: Workload): Promise<void> {
  for (const [collection, indexes] of Object.entries(INDEXES))
    await check(transport, { createIndexes: collection, indexes });
  const insertAll = async (collection: string, docs: Document[]) => {
    for (let i = 0; i < docs.length; i += 1000)
      await check(transport, { insert: collection, documents: docs.slice(i, i + 1000), ordered: false });
  };
  const contacts = Array.from({ length: CONTACTS }, (_, i) => ({
    _id: new ObjectId(),
    name: `Contact ${i}`,
    emails: [`c${i}@example.com`],
    visitorIds: [`visitor-${i}`],
    createdAt: new Date(),
  }));
  work.contactIds.push(...contacts.map((c) => c._id));
  await insertAll('contacts', contacts);
  const conversations = Array.from({ length: CONVERSATIONS }, (_, i) =>
    conversationDoc(work.contactIds[i % CONTACTS]!, i),
  );
  work.conversationIds.push(...conversations.map((c) => c._id as ObjectId));
  await insertAll('conversations', conversations);
  await insertAll(
    'orders',
    Array.from({ length: ORDERS }, (_, i) => ({
      number: `ORD-${10000 + i}`,
      contact: work.contactIds[i % CONTACTS],
      status: 'shipped',
      items: [{ sku: `SKU-${i % 300}`, quantity: 1, price: 19.9 }],
      placedAt: new Date(),
    })),
  );
  await insertAll(
    'tickets',
    Array.from({ length: TICKETS }, (_, i) => ({
      number: 5000 + i,
      contact: work.contactIds[i % CONTACTS],
      conversation: work.conversationIds[i % CONVERSATIONS],
      status: 'open',
      subject: 'Damaged item',
      createdAt: new Date(),
    })),
  );
  await insertAll(
    'messages',
    Array.from({ length: MESSAGES }, (_, i) =>
      work.message(work.conversationIds[i % CONVERSATIONS]!, -1 - i, i % 2 === 0),
    ),
  );
}

interface PhaseResult {
  phase: string;
  ops: number;
  opsPerSecond: number;
  cpuMicrosPerOp: number;
}

/** Runs `op` `count` times from `transport.concurrency` callers; returns CPU and wall time per operation. */
async function measure(
  transport: Transport,
  phase: string,
  count: number,
  op: () => Promise<void>,
): Promise<PhaseResult> {
  const run = async (n: number) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(transport.concurrency, n) }, async () => {
        while (next++ < n) await op();
      }),
    );
  };
  await run(Math.ceil(count / 5)); // warm-up: the JIT and the collections' growth
  const cpu = process.cpuUsage();
  const started = performance.now();
  await run(count);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return {
    phase,
    ops: count,
    opsPerSecond: Math.round(count / seconds),
    cpuMicrosPerOp: Math.round((used.user + used.system) / count),
  };
}

async function runPhases(transport: Transport, mode: string): Promise<PhaseResult[]> {
  const work = new Workload();
  await seed(transport, work);
  const reserve = async (count: number) => {
    const reply = await check(transport, work.reserveCommand(work.conversation(), count));
    const value = reply.value as Document | null;
    if (!value) throw new Error('reserve found no conversation');
    return value;
  };
  let chatMessages = 0;
  const phases: [string, number, () => Promise<void>][] = [
    ['reserve', OPS, async () => void (await reserve(2))],
    [
      'insertOne',
      OPS,
      async () => {
        await check(transport, { insert: 'messages', documents: [work.message(work.conversation())] });
      },
    ],
    [
      'insertMany8',
      Math.ceil(OPS / 8),
      async () => {
        const documents = Array.from({ length: 8 }, (_, i) =>
          work.message(work.conversation(), undefined, i % 2 === 0),
        );
        await check(transport, { insert: 'messages', documents, ordered: false });
      },
    ],
    [
      'findOne',
      OPS,
      async () => {
        const reply = await check(transport, work.findCommand());
        if ((reply.cursor as Document).firstBatch.length !== 1) throw new Error('findOne found nothing');
      },
    ],
    [
      'chat',
      OPS,
      async () => {
        const conversation = await reserve(2);
        const id = conversation._id as ObjectId;
        const seq = conversation.lastSeq as number;
        const visitor = work.message(id, seq - 1, true);
        await check(transport, { insert: 'messages', documents: [visitor], ordered: false });
        const bot = work.message(id, seq, false);
        await check(transport, { insert: 'messages', documents: [bot], ordered: false });
        if (++chatMessages % 4 === 0) await check(transport, work.findCommand());
      },
    ],
  ];
  const results: PhaseResult[] = [];
  for (const [name, count, op] of phases)
    if (PHASES.includes(name)) results.push(await measure(transport, name, count, op));
  for (const r of results) {
    console.log(
      `${mode.padEnd(6)} ${r.phase.padEnd(11)} ${String(r.cpuMicrosPerOp).padStart(6)} µs CPU/op ${String(r.opsPerSecond).padStart(7)} ops/s  (${r.ops} ops)`,
    );
  }
  return results;
}

async function engineMode(): Promise<PhaseResult[]> {
  const engine = new Engine({ storage: new MemoryStorage() });
  await engine.open();
  const lsid = { id: new UUID() };
  const context: CommandContext = {
    engine,
    db: DB,
    connectionId: 1,
    compressors: [],
    client: '127.0.0.1:0',
  };
  try {
    return await runPhases(
      {
        concurrency: 1,
        run: async (command) => (await executeCommand({ ...command, lsid, $db: DB }, context)).reply,
      },
      'engine',
    );
  } finally {
    await engine.close();
  }
}

async function driverMode(): Promise<PhaseResult[]> {
  const server = await startEmbeddedMongo({ thread: THREAD });
  const client = await MongoClient.connect(server.uri, { maxPoolSize: CONCURRENCY });
  const db: Db = client.db(DB);
  try {
    // db.command sends exactly these command documents, as the collection helpers would.
    return await runPhases({ concurrency: CONCURRENCY, run: (command) => db.command(command) }, 'driver');
  } finally {
    await client.close();
    await server.stop();
  }
}

function positiveInteger(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${flag} needs a positive integer, got ${text}`);
  return value;
}

console.log(
  `${OPS} ops per phase; ${CONVERSATIONS} conversations, ${MESSAGES} messages seeded; node ${process.version}`,
);
const report: Record<string, PhaseResult[]> = {};
if (args.mode !== 'driver') report.engine = await engineMode();
if (args.mode !== 'engine') report.driver = await driverMode();
if (args.json) console.log(JSON.stringify(report));
