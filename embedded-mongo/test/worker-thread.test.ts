import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expect } from 'chai';
import { MongoClient } from 'mongodb';

import { startEmbeddedMongo } from '../index.ts';
import type { EmbeddedMongo, EngineLogger } from '../index.ts';
import { readRunningEngine } from '../src/storage/lock-file.ts';
import { startInWorker } from '../src/thread/start-in-worker.ts';
import { rejection } from './helpers/engine.ts';

describe('embedded engine: on a worker thread', function () {
  let dataDir: string;
  const running: EmbeddedMongo[] = [];

  beforeEach(async function () {
    dataDir = await mkdtemp(join(tmpdir(), 'embedded-mongo-worker-'));
  });
  afterEach(async function () {
    for (const engine of running.splice(0)) await engine.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function start(options: Parameters<typeof startEmbeddedMongo>[0] = {}) {
    const engine = await startEmbeddedMongo({ dataDir, thread: 'worker', ...options });
    running.push(engine);
    return engine;
  }

  it('serves the driver, persists through a stop, and reopens the same data', async function () {
    const lines: string[] = [];
    const logger: EngineLogger = {
      info: (_details, message) => lines.push(message),
      warn: (_details, message) => lines.push(message),
      error: (_details, message) => lines.push(message),
    };
    const first = await start({ logger });
    expect(await readRunningEngine(dataDir)).to.deep.equal({ uri: first.uri });
    const client = await MongoClient.connect(first.uri);
    await client
      .db('app')
      .collection('notes')
      .insertMany([{ _id: 1 as never, n: 1 }, { n: 2 }]);
    await client.close();
    await first.stop();
    running.length = 0;
    expect(lines).to.include('embedded-mongo listening');
    expect(await readRunningEngine(dataDir)).to.equal(null);

    const second = await start();
    const reader = await MongoClient.connect(second.uri);
    try {
      const notes = await reader
        .db('app')
        .collection('notes')
        .find({}, { projection: { _id: 0 } })
        .toArray();
      expect(notes).to.deep.equal([{ n: 1 }, { n: 2 }]);
    } finally {
      await reader.close();
    }
  });

  it('reports a locked data directory with the same error as on the current thread', async function () {
    await start();
    const error = (await rejection(startEmbeddedMongo({ dataDir, thread: 'worker' }))) as Error & {
      code?: string;
    };
    expect(error.name).to.equal('DataDirLockedError');
    expect(error.code).to.equal('EMBEDDED_MONGO_LOCKED');
    expect(error.message).to.include(dataDir);
  });

  it('stops once however often stop() is called', async function () {
    const engine = await startEmbeddedMongo({ thread: 'worker' });
    await Promise.all([engine.stop(), engine.stop()]);
    await engine.stop();
    const client = new MongoClient(engine.uri, { serverSelectionTimeoutMS: 300 });
    const refused = await rejection(client.connect());
    expect(refused.message).to.match(/ECONNREFUSED|Server selection timed out/);
    await client.close();
  });

  it('tells the caller once, through onCrash and the logger, when the engine thread dies', async function () {
    const errors: string[] = [];
    const logger: EngineLogger = {
      info: () => {},
      warn: () => {},
      error: (_d, message) => errors.push(message),
    };
    const crashed: Error[] = [];
    let resolveCrash: () => void;
    const crash = new Promise<void>((resolve) => (resolveCrash = resolve));
    const engine = await startInWorker(
      {
        logger,
        onCrash: (error) => {
          crashed.push(error);
          resolveCrash();
        },
      },
      new URL('./support/engine-worker-that-crashes.mjs', import.meta.url),
    );
    await crash;
    expect(crashed).to.have.length(1);
    expect(crashed[0]!.message).to.equal('engine thread failed on purpose');
    expect(errors).to.deep.equal(['embedded-mongo worker stopped unexpectedly']);
    // stop() after a crash reports the failure instead of hanging.
    const stopped = await rejection(engine.stop());
    expect(stopped.message).to.equal('engine thread failed on purpose');
  });
});
