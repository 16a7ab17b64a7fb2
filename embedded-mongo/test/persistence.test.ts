import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expect } from 'chai';
import { MongoClient } from 'mongodb';

import { startEmbeddedMongo } from '../index.ts';
import type { EmbeddedMongo } from '../index.ts';
import { readRunningEngine } from '../src/storage/lock-file.ts';
import { rejection } from './helpers/engine.ts';
import type { LooseDocument } from './helpers/engine.ts';

describe('embedded engine: persistence through the journal', function () {
  let dataDir: string;
  const running: EmbeddedMongo[] = [];

  async function start(): Promise<{ engine: EmbeddedMongo; client: MongoClient }> {
    const engine = await startEmbeddedMongo({ dataDir });
    running.push(engine);
    const client = await MongoClient.connect(engine.uri);
    return { engine, client };
  }

  beforeEach(async function () {
    dataDir = await mkdtemp(join(tmpdir(), 'embedded-mongo-'));
  });
  afterEach(async function () {
    for (const engine of running.splice(0)) await engine.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('finds every acknowledged write, and the indexes, after a restart', async function () {
    const first = await start();
    const users = first.client.db('app').collection<LooseDocument>('users');
    await users.createIndex({ email: 1 }, { unique: true });
    await users.insertMany([
      { _id: 1, email: 'a@x.io', visits: 1 },
      { _id: 2, email: 'b@x.io', visits: 1 },
      { _id: 3, email: 'c@x.io', visits: 1 },
    ]);
    await users.updateOne({ _id: 1 }, { $set: { visits: 5 } });
    await users.deleteOne({ _id: 2 });
    await first.client.db('app').collection('dropped').insertOne({ x: 1 });
    await first.client.db('app').collection('dropped').drop();
    await first.client.close();
    await first.engine.stop();

    const second = await start();
    try {
      const reopened = second.client.db('app').collection<LooseDocument>('users');
      expect(await reopened.find().sort({ _id: 1 }).toArray()).to.deep.equal([
        { _id: 1, email: 'a@x.io', visits: 5 },
        { _id: 3, email: 'c@x.io', visits: 1 },
      ]);
      const duplicate = await rejection(reopened.insertOne({ email: 'c@x.io' }));
      expect(duplicate.code).to.equal(11000);
      const names = (await second.client.db('app').listCollections().toArray()).map((info) => info.name);
      expect(names).to.deep.equal(['users']);
    } finally {
      await second.client.close();
    }
  });

  it('records its address in the lock file so other processes can find it', async function () {
    const { engine, client } = await start();
    await client.close();
    expect(await readRunningEngine(dataDir)).to.deep.equal({ uri: engine.uri });
  });

  it('refuses a second engine on the same data directory', async function () {
    const { client } = await start();
    await client.close();
    const error = await rejection(startEmbeddedMongo({ dataDir }));
    expect(error.message).to.match(/in use/);
  });
});
