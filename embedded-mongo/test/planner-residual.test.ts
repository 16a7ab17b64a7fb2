import { expect } from 'chai';
import type { Collection, Document } from 'mongodb';

import { startEngine } from './helpers/engine.ts';
import type { EngineFixture, LooseDocument } from './helpers/engine.ts';

/**
 * The planner skips re-checking a condition an index lookup already answered. These specs hold every case where
 * skipping would change the answer: the condition must still be evaluated whenever it says more than the lookup.
 */
describe('embedded engine: conditions an index answers are dropped only when nothing else is said', function () {
  let fixture: EngineFixture;
  let items: Collection<LooseDocument>;
  let counter = 0;

  before(async function () {
    fixture = await startEngine();
  });
  after(async function () {
    await fixture.close();
  });
  beforeEach(async function () {
    items = fixture.db.collection(`items_${++counter}`);
    await items.createIndex({ status: 1 });
    await items.createIndex({ n: 1 });
    await items.createIndex({ tags: 1 });
    await items.insertMany([
      { _id: 1, status: 'a', n: 1, tags: ['x', 'y'], k: 1 },
      { _id: 2, status: 'b', n: 2, tags: ['y'], k: 1 },
      { _id: 3, status: 'a', n: 7, tags: 'x', k: 2 },
      { _id: 4, status: null, n: 1, tags: [], k: 1 },
      { _id: 5, n: 9, k: 1 },
      { _id: 6, status: 'A', n: 3, tags: [['x']], k: 2 },
    ]);
  });

  async function ids(filter: Document, options: Document = {}): Promise<unknown[]> {
    const docs = await items.find(filter, options).sort({ _id: 1 }).toArray();
    return docs.map((doc) => doc._id);
  }

  it('keeps the other operators of an $in condition ($in with $ne)', async function () {
    expect(await ids({ status: { $in: ['a', 'b'], $ne: 'b' } })).to.deep.equal([1, 3]);
    expect(await ids({ status: { $in: ['a', 'b'], $ne: 'b' }, k: 1 })).to.deep.equal([1]);
    expect(await items.countDocuments({ status: { $in: ['a', 'b'], $ne: 'b' } })).to.equal(2);
  });

  it('keeps the other operators of an $eq condition', async function () {
    expect(await ids({ n: { $eq: 1, $gt: 5 } })).to.deep.equal([]);
    expect(await ids({ n: { $eq: 1, $exists: true } })).to.deep.equal([1, 4]);
    expect(await ids({ n: { $eq: 1, $exists: false } })).to.deep.equal([]);
    expect(await ids({ n: { $eq: 1, $not: { $lt: 5 } }, k: 1 })).to.deep.equal([]);
  });

  it('keeps the other operators of an _id lookup', async function () {
    expect(await ids({ _id: { $in: [1, 2, 3], $ne: 2 } })).to.deep.equal([1, 3]);
    expect(await ids({ _id: { $eq: 1, $gt: 1 } })).to.deep.equal([]);
  });

  it('drops only the condition it answered when the same field is also constrained inside $and', async function () {
    expect(await ids({ status: { $ne: 'a' }, $and: [{ status: 'a' }] })).to.deep.equal([]);
    expect(await ids({ status: { $exists: true }, $and: [{ status: { $in: ['b'] } }] })).to.deep.equal([2]);
  });

  it('answers equality on an array field by its elements, and never through nested arrays', async function () {
    expect(await ids({ tags: 'x' })).to.deep.equal([1, 3]);
    expect(await ids({ tags: 'x', k: 1 })).to.deep.equal([1]);
    expect(await ids({ tags: { $in: ['y'] }, k: 1 })).to.deep.equal([1, 2]);
    expect(await ids({ tags: { $eq: 'x' }, n: { $gt: 1 } })).to.deep.equal([3]);
  });

  it('matches null against null and missing fields, through the index or not', async function () {
    expect(await ids({ status: null })).to.deep.equal([4, 5]);
    expect(await ids({ status: null, k: 1 })).to.deep.equal([4, 5]);
    expect(await ids({ status: { $in: [null, 'b'] } })).to.deep.equal([2, 4, 5]);
  });

  it('compares strings by the query collation, not by the binary index order', async function () {
    const caseless = { collation: { locale: 'en', strength: 2 } };
    expect(await ids({ status: 'a' }, caseless)).to.deep.equal([1, 3, 6]);
    expect(await ids({ status: 'a', k: 2 }, caseless)).to.deep.equal([3, 6]);
    expect(await ids({ status: 'a', k: 2 })).to.deep.equal([3]);
  });
});
