import { expect } from 'chai';

import { startEmbeddedMongo } from '../index.ts';
import type { EmbeddedMongo } from '../index.ts';
import { compressZlib, decodeReply, opMsg, opQuery, RawConnection } from './helpers/raw-client.ts';

describe('embedded engine: wire protocol', function () {
  let engine: EmbeddedMongo;
  const connections: RawConnection[] = [];

  async function open(): Promise<RawConnection> {
    const connection = await RawConnection.open(engine.port);
    connections.push(connection);
    return connection;
  }

  /** After each abuse, a fresh connection must still be served. */
  async function expectStillServing(): Promise<void> {
    const other = await open();
    const reply = await other.request(opMsg({ ping: 1, $db: 'admin' }));
    expect(reply.doc.ok).to.equal(1);
  }

  before(async function () {
    engine = await startEmbeddedMongo();
  });
  afterEach(function () {
    for (const connection of connections.splice(0)) connection.close();
  });
  after(async function () {
    await engine.stop();
  });

  it('answers the legacy OP_QUERY ismaster handshake with OP_REPLY as a 7.0 standalone', async function () {
    const connection = await open();
    const reply = await connection.request(opQuery('admin.$cmd', { ismaster: 1, helloOk: true }, 77));
    expect(reply.opCode).to.equal(1);
    expect(reply.responseTo).to.equal(77);
    expect(reply.doc).to.include({
      ok: 1,
      ismaster: true,
      helloOk: true,
      maxWireVersion: 21,
      minWireVersion: 0,
    });
    expect(reply.doc).to.include({ logicalSessionTimeoutMinutes: 30, maxBsonObjectSize: 16 * 1024 * 1024 });
    expect(reply.doc).to.not.have.property('topologyVersion');
    expect(reply.doc).to.not.have.property('setName');
  });

  it('unwraps a legacy {$query: ...} command', async function () {
    const connection = await open();
    const reply = await connection.request(opQuery('admin.$cmd', { $query: { ping: 1 } }));
    expect(reply.doc.ok).to.equal(1);
  });

  it('answers OP_MSG with OP_MSG, pairing replies with requests', async function () {
    const connection = await open();
    const reply = await connection.request(opMsg({ buildInfo: 1, $db: 'admin' }, { requestId: 4242 }));
    expect(reply.opCode).to.equal(2013);
    expect(reply.responseTo).to.equal(4242);
    expect(reply.doc.version).to.equal('7.0.0');
  });

  it('merges kind-1 document sequences into the command as arrays', async function () {
    const connection = await open();
    const inserted = await connection.request(
      opMsg({ insert: 'seq', $db: 'wire' }, { sequences: [['documents', [{ _id: 1 }, { _id: 2 }]]] }),
    );
    expect(inserted.doc).to.include({ ok: 1, n: 2 });
    const found = await connection.request(opMsg({ count: 'seq', $db: 'wire' }));
    expect(found.doc.n).to.equal(2);
  });

  it('sends no reply to moreToCome, so the next reply still pairs with its own request', async function () {
    const connection = await open();
    connection.send(opMsg({ insert: 'quiet', documents: [{ _id: 1 }], $db: 'wire' }, { flags: 2 }));
    const reply = await connection.request(opMsg({ count: 'quiet', $db: 'wire' }, { requestId: 9 }));
    expect(reply.responseTo).to.equal(9);
    expect(reply.doc.n).to.equal(1);
  });

  it('replies in request order when several requests arrive at once', async function () {
    const connection = await open();
    const requests = Array.from({ length: 20 }, (_, i) =>
      opMsg({ ping: 1, $db: 'admin' }, { requestId: 500 + i }),
    );
    connection.send(Buffer.concat(requests));
    const order: number[] = [];
    for (let i = 0; i < requests.length; i++) order.push(decodeReply((await connection.next())!).responseTo);
    expect(order).to.deep.equal(requests.map((_, i) => 500 + i));
  });

  it('accepts a message carrying a checksum', async function () {
    const connection = await open();
    const message = opMsg({ ping: 1, $db: 'admin' }, { flags: 1 });
    const withChecksum = Buffer.concat([message, Buffer.alloc(4)]);
    withChecksum.writeInt32LE(withChecksum.length, 0);
    const reply = await connection.request(withChecksum);
    expect(reply.doc.ok).to.equal(1);
  });

  it('decompresses zlib requests and compresses the reply the same way', async function () {
    const connection = await open();
    const request = compressZlib(opMsg({ ping: 1, $db: 'admin' }));
    connection.send(request);
    const raw = (await connection.next())!;
    expect(raw.readInt32LE(12)).to.equal(2012);
    expect(decodeReply(raw).doc.ok).to.equal(1);
  });

  it('refuses an unknown required flag bit with an error, then closes the connection', async function () {
    const connection = await open();
    const reply = await connection.request(opMsg({ ping: 1, $db: 'admin' }, { flags: 1 << 4 }));
    expect(reply.doc.ok).to.equal(0);
    expect(reply.doc.errmsg).to.match(/flag/);
    await connection.closed;
    await expectStillServing();
  });

  it('ignores unknown optional flag bits (16 and above)', async function () {
    const connection = await open();
    const reply = await connection.request(opMsg({ ping: 1, $db: 'admin' }, { flags: 1 << 20 }));
    expect(reply.doc.ok).to.equal(1);
  });

  it('answers malformed BSON with an error and closes the connection', async function () {
    const connection = await open();
    const broken = Buffer.from([12, 0, 0, 0, 0x10, 0x61, 0, 1, 0, 0, 0, 7]);
    const reply = await connection.request(opMsg({}, { rawBody: broken }));
    expect(reply.doc.ok).to.equal(0);
    await connection.closed;
    await expectStillServing();
  });

  it('closes the connection on an unknown opcode', async function () {
    const connection = await open();
    const message = opMsg({ ping: 1, $db: 'admin' });
    message.writeInt32LE(9999, 12);
    connection.send(message);
    expect(await connection.next()).to.equal(null);
    await expectStillServing();
  });

  it('closes the connection on a length shorter than a header', async function () {
    const connection = await open();
    connection.send(Buffer.from([8, 0, 0, 0, 1, 2, 3, 4]));
    await connection.closed;
    await expectStillServing();
  });

  it('closes the connection on a message declared larger than 48 MB, without buffering it', async function () {
    const connection = await open();
    const header = Buffer.alloc(16);
    header.writeInt32LE(48_000_001, 0);
    header.writeInt32LE(2013, 12);
    connection.send(header);
    await connection.closed;
    await expectStillServing();
  });

  it('survives random garbage in well-framed messages of every opcode', async function () {
    let state = 12345;
    const nextByte = (): number => {
      state = (state * 1_103_515_245 + 12_345) & 0x7fffffff;
      return state & 0xff;
    };
    for (let round = 0; round < 60; round++) {
      const connection = await open();
      const body = Buffer.from(Array.from({ length: 5 + (round % 40) }, nextByte));
      const opCode = [2013, 2004, 2012][round % 3]!;
      const header = Buffer.alloc(16);
      header.writeInt32LE(16 + body.length, 0);
      header.writeInt32LE(round, 4);
      header.writeInt32LE(opCode, 12);
      connection.send(Buffer.concat([header, body]));
      // Either an error reply then a close, or a close: never a hang or a crash.
      const reply = await connection.next();
      if (reply) expect(decodeReply(reply).doc.ok).to.equal(0);
      await connection.closed;
    }
    await expectStillServing();
  });

  it('answers an unknown command with CommandNotFound', async function () {
    const connection = await open();
    const reply = await connection.request(opMsg({ frobnicate: 1, $db: 'admin' }));
    expect(reply.doc).to.include({ ok: 0, code: 59, codeName: 'CommandNotFound' });
  });

  it('ignores the fields it does not use (lsid, $clusterTime, readConcern, comment, maxTimeMS)', async function () {
    const connection = await open();
    const reply = await connection.request(
      opMsg({
        find: 'none',
        filter: {},
        lsid: { id: 1 },
        $clusterTime: { t: 1 },
        readConcern: { level: 'local' },
        comment: 'hi',
        maxTimeMS: 1000,
        apiVersion: '1',
        $db: 'wire',
      }),
    );
    expect(reply.doc.ok).to.equal(1);
  });
});
