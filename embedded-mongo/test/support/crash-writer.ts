/**
 * Child process of the crash test: starts the engine on the data directory given as argument and
 * writes through the real driver until it is killed. On stdout, one line per event:
 *
 *   READY <pid>                 the engine accepts connections
 *   TRY <id>,<id>,...           an insert is about to be sent (several ids: one insertMany command)
 *   ACK <id>,<id>,...           that insert was acknowledged, so it must survive the crash
 *
 * stdout is a pipe, and pipe writes are synchronous on Linux and macOS, so a printed ACK is in the
 * parent's hands before the next write starts.
 */
import { ObjectId } from 'bson';
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo } from '../../index.ts';

const WRITERS = 8;
const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: crash-writer.ts <data-dir>');

const engine = await startEmbeddedMongo({ dataDir });
const client = await MongoClient.connect(engine.uri, { maxPoolSize: WRITERS });
const orders = client.db('crash').collection('orders');
process.stdout.write(`READY ${process.pid}\n`);

async function writer(writerId: number): Promise<never> {
  for (let seq = 0; ; seq++) {
    // Every third command inserts three documents: replay must keep them together or not at all.
    const size = seq % 3 === 2 ? 3 : 1;
    const docs = Array.from({ length: size }, (_, i) => ({
      _id: new ObjectId(),
      writerId,
      seq,
      part: i,
      note: 'x'.repeat(50 + ((seq * 37) % 400)),
    }));
    const ids = docs.map((doc) => doc._id.toHexString()).join(',');
    process.stdout.write(`TRY ${ids}\n`);
    if (size === 1) await orders.insertOne(docs[0]!);
    else await orders.insertMany(docs);
    process.stdout.write(`ACK ${ids}\n`);
  }
}

await Promise.all(Array.from({ length: WRITERS }, (_, writerId) => writer(writerId)));
