import { expect } from 'chai';

import { rejection, startEngine } from './helpers/engine.ts';
import type { EngineFixture, LooseDocument } from './helpers/engine.ts';

describe('embedded engine: aggregation', function () {
  let fixture: EngineFixture;

  before(async function () {
    fixture = await startEngine();
    await fixture.db.collection<LooseDocument>('orders').insertMany([
      { _id: 1, customer: 'a', total: 10 },
      { _id: 2, customer: 'a', total: 5 },
      { _id: 3, customer: 'b', total: 7 },
    ]);
    await fixture.db.collection<LooseDocument>('customers').insertMany([
      { _id: 'a', name: 'Ada' },
      { _id: 'b', name: 'Bob' },
    ]);
  });
  after(async function () {
    await fixture.close();
  });

  it('joins with $lookup using a pipeline and let variables', async function () {
    const rows = await fixture.db
      .collection('customers')
      .aggregate([
        {
          $lookup: {
            from: 'orders',
            let: { who: '$_id' },
            pipeline: [
              { $match: { $expr: { $eq: ['$customer', '$$who'] } } },
              { $project: { _id: 0, total: 1 } },
            ],
            as: 'orders',
          },
        },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    expect(rows[0]).to.deep.equal({ _id: 'a', name: 'Ada', orders: [{ total: 10 }, { total: 5 }] });
  });

  it('writes the results into a collection with $out', async function () {
    await fixture.db
      .collection('orders')
      .aggregate([{ $group: { _id: '$customer', spent: { $sum: '$total' } } }, { $out: 'spending' }])
      .toArray();
    const rows = await fixture.db.collection('spending').find().sort({ _id: 1 }).toArray();
    expect(rows).to.deep.equal([
      { _id: 'a', spent: 15 },
      { _id: 'b', spent: 7 },
    ]);
  });

  it('merges results into an existing collection with $merge', async function () {
    await fixture.db.collection<LooseDocument>('totals').insertOne({ _id: 'a', spent: 0, note: 'kept' });
    await fixture.db
      .collection('orders')
      .aggregate([
        { $group: { _id: '$customer', spent: { $sum: '$total' } } },
        { $merge: { into: 'totals' } },
      ])
      .toArray();
    const rows = await fixture.db.collection<LooseDocument>('totals').find().sort({ _id: 1 }).toArray();
    expect(rows).to.deep.equal([
      { _id: 'a', spent: 15, note: 'kept' },
      { _id: 'b', spent: 7 },
    ]);
  });

  it('runs database-level pipelines starting with $documents', async function () {
    const rows = await fixture.db
      .aggregate([{ $documents: [{ x: 1 }, { x: 2 }] }, { $match: { x: 2 } }])
      .toArray();
    expect(rows).to.deep.equal([{ x: 2 }]);
  });

  it('answers an unknown stage with 40324', async function () {
    const error = await rejection(
      fixture.db
        .collection('orders')
        .aggregate([{ $nonsense: {} }])
        .toArray(),
    );
    expect(error.code).to.equal(40324);
  });

  it('refuses change streams, which a standalone cannot offer', async function () {
    const error = await rejection(
      fixture.db
        .collection('orders')
        .aggregate([{ $changeStream: {} }])
        .toArray(),
    );
    expect(error.code).to.equal(40324);
  });

  it('refuses server-side JavaScript in $function', async function () {
    const error = await rejection(
      fixture.db
        .collection('orders')
        .aggregate([
          { $addFields: { x: { $function: { body: 'function () { return 1 }', args: [], lang: 'js' } } } },
        ])
        .toArray(),
    );
    expect(error.message).to.match(/scriptEnabled/);
  });
});
