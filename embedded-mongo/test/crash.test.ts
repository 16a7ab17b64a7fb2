import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { MongoClient, ObjectId } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from '../index.ts';
import { LOCK_FILE_NAME } from '../src/storage/lock-file.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');
const WRITER_SCRIPT = join(here, 'support', 'crash-writer.ts');
/** Enough acknowledged commands that the kill lands in the middle of steady concurrent writing. */
const ACKS_BEFORE_KILL = 400;
const CHILD_TIMEOUT_MS = 40_000;

interface WriterLog {
  pid: number;
  tried: string[][];
  acknowledged: string[][];
  stderr: string;
  exitSignal: NodeJS.Signals | null;
}

/** Runs the writer child until it has acknowledged `acks` commands, then kills it with SIGKILL. */
async function runWriterAndKill(dataDir: string, acks: number): Promise<WriterLog> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER_SCRIPT, dataDir], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: WriterLog = { pid: -1, tried: [], acknowledged: [], stderr: '', exitSignal: null };
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (log.stderr += chunk));
  const exited = once(child, 'exit');
  const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
  try {
    for await (const line of createInterface({ input: child.stdout! })) {
      const [kind, payload = ''] = line.split(' ');
      if (kind === 'READY') log.pid = Number(payload);
      if (kind === 'TRY') log.tried.push(payload.split(','));
      if (kind === 'ACK') log.acknowledged.push(payload.split(','));
      if (log.acknowledged.length === acks) killNow(child);
    }
  } finally {
    clearTimeout(timer);
  }
  // Waiting for 'exit' also lets Node reap the child, so its pid is really gone before the restart.
  const [, signal] = (await exited) as [number | null, NodeJS.Signals | null];
  log.exitSignal = signal;
  return log;
}

function killNow(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

describe('crash recovery of the embedded engine (SIGKILL while writing)', function () {
  this.timeout(90_000);

  let dataDir = '';
  let engine: EmbeddedMongo | undefined;
  let client: MongoClient | undefined;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'embedded-mongo-crash-'));
  });

  afterEach(async () => {
    await client?.close();
    await engine?.stop();
    client = undefined;
    engine = undefined;
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged insert, keeps each multi-document insert whole, and takes over the lock', async () => {
    const log = await runWriterAndKill(dataDir, ACKS_BEFORE_KILL);
    expect(log.exitSignal, `the writer should have been killed; its stderr:\n${log.stderr}`).to.equal(
      'SIGKILL',
    );
    expect(log.acknowledged.length).to.be.at.least(ACKS_BEFORE_KILL);

    const staleLock = JSON.parse(await readFile(join(dataDir, LOCK_FILE_NAME), 'utf8'));
    expect(staleLock.pid, 'the dead writer left its lock behind').to.equal(log.pid);

    const warnings: string[] = [];
    const logger = {
      info: () => {},
      error: () => {},
      warn: (_details: object, message: string) => warnings.push(message),
    };
    engine = await startEmbeddedMongo({ dataDir, logger });
    // SIGKILL can cut the last write short, but never damage a frame written before it.
    for (const warning of warnings) expect(warning).to.match(/Dropped an incomplete write/);
    const lock = JSON.parse(await readFile(join(dataDir, LOCK_FILE_NAME), 'utf8'));
    expect(lock.pid).to.equal(process.pid);

    client = await MongoClient.connect(engine.uri);
    const orders = client.db('crash').collection('orders');
    const present = new Set(
      (await orders.find({}, { projection: { _id: 1 } }).toArray()).map((doc) => doc._id.toHexString()),
    );
    const lost = log.acknowledged.flat().filter((id) => !present.has(id));
    expect(lost, 'acknowledged documents missing after restart').to.deep.equal([]);

    const torn = log.tried.filter((ids) => {
      const found = ids.filter((id) => present.has(id)).length;
      return found !== 0 && found !== ids.length;
    });
    expect(torn, 'multi-document inserts replayed only in part').to.deep.equal([]);

    const tried = new Set(log.tried.flat());
    expect(
      [...present].filter((id) => !tried.has(id)),
      'documents nobody inserted',
    ).to.deep.equal([]);

    // The restarted engine is fully usable: it accepts writes and they survive a clean restart too.
    const after = new ObjectId();
    await orders.insertOne({ _id: after, afterCrash: true });
    await client.close();
    await engine.stop();
    engine = await startEmbeddedMongo({ dataDir });
    client = await MongoClient.connect(engine.uri);
    const count = await client.db('crash').collection('orders').countDocuments();
    expect(count).to.equal(present.size + 1);
    expect(await client.db('crash').collection('orders').findOne({ _id: after })).to.include({
      afterCrash: true,
    });
  });
});
