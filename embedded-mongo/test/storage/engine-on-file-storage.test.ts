import { expect } from 'chai';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MongoClient, MongoServerError } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../index.ts';
import { JOURNAL_FILE_NAME } from '../../src/storage/file-storage.ts';
import { readRunningEngine } from '../../src/storage/lock-file.ts';
import { useTempDir } from './temp-dir.ts';

interface Product {
  _id: number;
  sku: string;
  stock: number;
}

describe('the engine on file storage', function () {
  this.timeout(60_000);
  const dir = useTempDir();
  let engine: EmbeddedMongo | undefined;
  let client: MongoClient | undefined;

  async function start(): Promise<MongoClient> {
    engine = await startEmbeddedMongo({ dataDir: dir.path });
    client = await MongoClient.connect(engine.uri);
    return client;
  }

  async function stop(): Promise<void> {
    await client?.close();
    await engine?.stop();
    client = undefined;
    engine = undefined;
  }

  afterEach(stop);

  it('compacts a journal that outgrew the live data, and restarts to the same documents and indexes', async () => {
    const products = (await start()).db('shop').collection<Product>('products');
    await products.createIndex({ sku: 1 }, { unique: true });
    await products.insertMany(Array.from({ length: 500 }, (_, n) => ({ _id: n, sku: `SKU-${n}`, stock: 0 })));
    const journal = join(dir.path, JOURNAL_FILE_NAME);
    const sizes: number[] = [];
    // Each updateMany rewrites all 500 documents: 30 rounds put 15,000 records in the journal for
    // 502 live ones, past both the 10k floor and twice the live count.
    for (let round = 1; round <= 30; round++) {
      await products.updateMany({}, { $inc: { stock: 1 } });
      sizes.push((await stat(journal)).size);
    }
    await products.deleteOne({ _id: 7 });
    const expected = await products.find().sort({ _id: 1 }).toArray();
    await stop();

    const shrank = sizes.some((size, round) => round > 0 && size < sizes[round - 1]!);
    expect(shrank, `journal sizes after each round: ${sizes.join(', ')}`).to.equal(true);
    expect(await readdir(dir.path)).to.deep.equal([JOURNAL_FILE_NAME]);

    const reopened = (await start()).db('shop').collection<Product>('products');
    expect(await reopened.find().sort({ _id: 1 }).toArray()).to.deep.equal(expected);
    expect(expected[0]).to.include({ stock: 30 });
    const duplicate = await reopened
      .insertOne({ _id: 1000, sku: 'SKU-1', stock: 0 })
      .catch((error: unknown) => error);
    expect(duplicate).to.be.instanceOf(MongoServerError).and.have.property('code', 11000);
  });

  it('refuses a second engine on a directory in use, and points tools at the running one', async () => {
    await start();
    const second = await startEmbeddedMongo({ dataDir: dir.path }).catch((error: unknown) => error);
    expect(second).to.have.property('code', 'EMBEDDED_MONGO_LOCKED');
    expect(await readRunningEngine(dir.path)).to.deep.equal({ uri: engine!.uri });
    await stop();
    expect(await readRunningEngine(dir.path)).to.equal(null);
  });
});
