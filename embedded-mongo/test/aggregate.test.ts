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

  describe('views', function () {
    before(async function () {
      await fixture.db.createCollection('big_orders', {
        viewOn: 'orders',
        pipeline: [{ $match: { total: { $gte: 7 } } }],
      });
    });

    it('shows the documents its pipeline makes from the source, to find, count and aggregate', async function () {
      const view = fixture.db.collection<LooseDocument>('big_orders');
      expect((await view.find().sort({ _id: 1 }).toArray()).map((doc) => doc._id)).to.deep.equal([1, 3]);
      expect(await view.estimatedDocumentCount()).to.equal(2);
      expect(await view.countDocuments({ customer: 'a' })).to.equal(1);
      const [sum] = await view.aggregate([{ $group: { _id: null, total: { $sum: '$total' } } }]).toArray();
      expect(sum?.total).to.equal(17);
    });

    it('is listed as a view and refuses writes with 166', async function () {
      const [info] = await fixture.db.listCollections({ name: 'big_orders' }).toArray();
      expect(info).to.deep.include({
        type: 'view',
        options: { viewOn: 'orders', pipeline: [{ $match: { total: { $gte: 7 } } }] },
      });
      const error = await rejection(fixture.db.collection('big_orders').insertOne({ x: 1 }));
      expect(error.code).to.equal(166);
    });
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
