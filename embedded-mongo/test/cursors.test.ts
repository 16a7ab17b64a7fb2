import { expect } from 'chai';
import { Long } from 'mongodb';

import { CursorRegistry } from '../src/engine/cursors.ts';
import { rejection, startEngine } from './helpers/engine.ts';
import type { EngineFixture, LooseDocument } from './helpers/engine.ts';

describe('embedded engine: cursors', function () {
  let fixture: EngineFixture;

  before(async function () {
    fixture = await startEngine();
    await fixture.db
      .collection<LooseDocument>('many')
      .insertMany(Array.from({ length: 250 }, (_, i) => ({ _id: i })));
  });
  after(async function () {
    await fixture.close();
  });

  it('returns 101 documents in the first batch and an int64 cursor id', async function () {
    const reply = await fixture.db.command(
      { find: 'many', filter: {}, sort: { _id: 1 } },
      { promoteLongs: false },
    );
    expect(reply.cursor.firstBatch).to.have.length(101);
    expect(reply.cursor.id).to.be.instanceOf(Long);
    expect(reply.cursor.id.isZero()).to.equal(false);
    expect(reply.cursor.ns).to.equal(`${fixture.db.databaseName}.many`);
  });

  it('continues with getMore in batchSize steps until the id is 0', async function () {
    const first = await fixture.db.command({ find: 'many', sort: { _id: 1 }, batchSize: 100 });
    const second = await fixture.db.command({ getMore: first.cursor.id, collection: 'many', batchSize: 100 });
    expect(second.cursor.nextBatch[0]._id).to.equal(100);
    const third = await fixture.db.command({ getMore: first.cursor.id, collection: 'many', batchSize: 100 });
    expect(third.cursor.nextBatch).to.have.length(50);
    expect(Number(third.cursor.id)).to.equal(0);
  });

  it('opens no cursor for a single batch, and batchSize 0 returns an empty first batch with a live cursor', async function () {
    const single = await fixture.db.command({ find: 'many', limit: 5, singleBatch: true });
    expect(Number(single.cursor.id)).to.equal(0);
    const empty = await fixture.db.command({ aggregate: 'many', pipeline: [], cursor: { batchSize: 0 } });
    expect(empty.cursor.firstBatch).to.have.length(0);
    expect(Number(empty.cursor.id)).to.not.equal(0);
  });

  it('kills cursors and then answers CursorNotFound (43) for them', async function () {
    const first = await fixture.db.command({ find: 'many', batchSize: 10 });
    const killed = await fixture.db.command({
      killCursors: 'many',
      cursors: [first.cursor.id, Long.fromNumber(999_999)],
    });
    expect(killed.cursorsKilled.map(String)).to.deep.equal([String(first.cursor.id)]);
    expect(killed.cursorsNotFound.map(String)).to.deep.equal(['999999']);
    const error = await rejection(fixture.db.command({ getMore: first.cursor.id, collection: 'many' }));
    expect(error.code).to.equal(43);
  });

  it('lets the driver iterate a cursor to the end', async function () {
    let count = 0;
    for await (const doc of fixture.db.collection<LooseDocument>('many').find({}, { batchSize: 7 })) {
      expect(doc._id).to.equal(count);
      count++;
    }
    expect(count).to.equal(250);
  });

  it('forgets a cursor idle for longer than the timeout', function () {
    const registry = new CursorRegistry(1000);
    const { id } = registry.open('db.c', [{ a: 1 }, { a: 2 }], 1);
    registry.reapIdle(Date.now() + 999);
    expect(registry.size).to.equal(1);
    registry.reapIdle(Date.now() + 1001);
    expect(registry.size).to.equal(0);
    expect(() => registry.getMore(id, 'db.c', 1)).to.throw(/not found/);
  });
});
