import { expect } from 'chai';
import type { Collection, Document } from 'mongodb';

import { rejection, startEngine } from './helpers/engine.ts';
import type { EngineFixture, LooseDocument } from './helpers/engine.ts';

interface ExplainReply {
  queryPlanner: { winningPlan: { stage: string; inputStage?: { stage: string; indexName?: string } } };
  executionStats: { nReturned: number; totalDocsExamined: number; totalKeysExamined: number };
}

describe('embedded engine: indexes', function () {
  let fixture: EngineFixture;
  let people: Collection<LooseDocument>;
  let counter = 0;

  before(async function () {
    fixture = await startEngine();
  });
  after(async function () {
    await fixture.close();
  });
  beforeEach(function () {
    people = fixture.db.collection(`people_${++counter}`);
  });

  async function explain(filter: Document): Promise<ExplainReply> {
    return (await people.find(filter).explain('executionStats')) as unknown as ExplainReply;
  }

  it('lists _id_ first, then created indexes with generated names', async function () {
    await people.createIndexes([{ key: { email: 1 }, unique: true }, { key: { city: 1, age: -1 } }]);
    const indexes = await people.listIndexes().toArray();
    expect(indexes.map((index) => index.name)).to.deep.equal(['_id_', 'email_1', 'city_1_age_-1']);
    expect(indexes[1]).to.deep.include({ v: 2, key: { email: 1 }, unique: true });
  });

  it('answers listIndexes on a missing collection with NamespaceNotFound', async function () {
    const error = await rejection(people.listIndexes().toArray());
    expect(error.code).to.equal(26);
    expect(error.codeName).to.equal('NamespaceNotFound');
  });

  it('treats re-creating an identical index as a no-op and conflicting ones as errors 85/86', async function () {
    await people.createIndex({ email: 1 }, { unique: true });
    await people.createIndex({ email: 1 }, { unique: true });
    const sameNameOtherKey = await rejection(people.createIndex({ other: 1 }, { name: 'email_1' }));
    expect(sameNameOtherKey.code).to.equal(86);
    const sameKeyOtherOptions = await rejection(people.createIndex({ email: 1 }, { sparse: true }));
    expect(sameKeyOtherOptions.code).to.equal(85);
  });

  it('drops indexes by name, by key or all, and answers 27 for an unknown one', async function () {
    await people.createIndexes([{ key: { a: 1 } }, { key: { b: 1 } }, { key: { c: 1 } }]);
    await people.dropIndex('a_1');
    await fixture.db.command({ dropIndexes: people.collectionName, index: { b: 1 } });
    expect((await people.listIndexes().toArray()).map((index) => index.name)).to.deep.equal(['_id_', 'c_1']);
    const error = await rejection(people.dropIndex('nope_1'));
    expect(error.code).to.equal(27);
    await people.dropIndexes();
    expect(await people.listIndexes().toArray()).to.have.length(1);
  });

  it("reports a duplicate with MongoDB's E11000 text, keyPattern and keyValue", async function () {
    await people.createIndex({ email: 1 }, { unique: true });
    await people.insertOne({ email: 'a@b.c' });
    const error = await rejection(people.insertOne({ email: 'a@b.c' }));
    expect(error.code).to.equal(11000);
    expect(error.message).to.equal(
      `E11000 duplicate key error collection: ${fixture.db.databaseName}.${people.collectionName} index: email_1 dup key: { email: "a@b.c" }`,
    );
    expect(error.keyPattern).to.deep.equal({ email: 1 });
    expect(error.keyValue).to.deep.equal({ email: 'a@b.c' });
  });

  it('enforces compound uniqueness on the combination only', async function () {
    await people.createIndex({ city: 1, name: 1 }, { unique: true });
    await people.insertMany([
      { city: 'Lyon', name: 'Ada' },
      { city: 'Oslo', name: 'Ada' },
    ]);
    const error = await rejection(people.insertOne({ city: 'Lyon', name: 'Ada' }));
    expect(error.keyValue).to.deep.equal({ city: 'Lyon', name: 'Ada' });
  });

  it('indexes every element of an array (multikey) for uniqueness and lookups', async function () {
    await people.createIndex({ tags: 1 }, { unique: true });
    await people.insertOne({ tags: ['red', 'blue'] });
    const error = await rejection(people.insertOne({ tags: ['green', 'blue'] }));
    expect(error.keyValue).to.deep.equal({ tags: 'blue' });
    const plan = await explain({ tags: 'red' });
    expect(plan.executionStats.nReturned).to.equal(1);
    expect(plan.queryPlanner.winningPlan.inputStage?.indexName).to.equal('tags_1');
  });

  it('lets a sparse unique index hold many documents without the field', async function () {
    await people.createIndex({ nickname: 1 }, { unique: true, sparse: true });
    await people.insertMany([{ name: 'a' }, { name: 'b' }]);
    const error = await rejection(people.insertMany([{ nickname: 'x' }, { nickname: 'x' }]));
    expect(error.code).to.equal(11000);
  });

  it('applies a partial unique index only to documents matching its filter', async function () {
    await people.createIndex({ email: 1 }, { unique: true, partialFilterExpression: { active: true } });
    await people.insertMany([
      { email: 'x', active: false },
      { email: 'x', active: false },
      { email: 'x', active: true },
    ]);
    const error = await rejection(people.insertOne({ email: 'x', active: true }));
    expect(error.code).to.equal(11000);
  });

  it('refuses to build a unique index over existing duplicates', async function () {
    await people.insertMany([{ email: 'x' }, { email: 'x' }]);
    const error = await rejection(people.createIndex({ email: 1 }, { unique: true }));
    expect(error.code).to.equal(11000);
    expect((await people.listIndexes().toArray()).map((index) => index.name)).to.deep.equal(['_id_']);
  });

  it('checks uniqueness on updates and upserts too', async function () {
    await people.createIndex({ email: 1 }, { unique: true });
    await people.insertMany([{ email: 'a' }, { email: 'b' }]);
    expect((await rejection(people.updateOne({ email: 'b' }, { $set: { email: 'a' } }))).code).to.equal(
      11000,
    );
    expect(
      (await rejection(people.updateOne({ email: 'c' }, { $set: { email: 'a' } }, { upsert: true }))).code,
    ).to.equal(11000);
    expect(await people.countDocuments({ email: 'b' })).to.equal(1);
  });

  describe('query planning', function () {
    beforeEach(async function () {
      await people.createIndex({ email: 1 }, { unique: true });
      await people.createIndex({ age: 1 });
      await people.insertMany(
        Array.from({ length: 500 }, (_, i) => ({ email: `p${i}@x.io`, age: i % 100, name: `p${i}` })),
      );
    });

    it('answers an equality on an indexed field by examining only the matching document', async function () {
      const plan = await explain({ email: 'p42@x.io' });
      expect(plan.queryPlanner.winningPlan.inputStage).to.deep.include({
        stage: 'IXSCAN',
        indexName: 'email_1',
      });
      expect(plan.executionStats).to.include({ nReturned: 1, totalDocsExamined: 1 });
    });

    it('answers a range on an indexed field from the index', async function () {
      const plan = await explain({ age: { $gte: 10, $lt: 12 } });
      expect(plan.executionStats.nReturned).to.equal(10);
      expect(plan.executionStats.totalDocsExamined).to.equal(10);
    });

    it('answers $in on an indexed field from the index', async function () {
      const plan = await explain({ email: { $in: ['p1@x.io', 'p2@x.io', 'missing'] } });
      expect(plan.executionStats).to.include({ nReturned: 2, totalDocsExamined: 2 });
    });

    it('uses the index and still applies the rest of the filter', async function () {
      const docs = await people.find({ age: 7, name: 'p107' }).toArray();
      expect(docs.map((doc) => doc.email)).to.deep.equal(['p107@x.io']);
      const plan = await explain({ age: 7, name: 'p107' });
      expect(plan.executionStats.totalDocsExamined).to.equal(5);
    });

    it('explains an aggregation by the plan of its leading $match', async function () {
      const plan = (await people
        .aggregate([{ $match: { email: 'p9@x.io' } }, { $project: { age: 1 } }])
        .explain('executionStats')) as unknown as ExplainReply;
      expect(plan.queryPlanner.winningPlan.inputStage).to.deep.include({
        stage: 'IXSCAN',
        indexName: 'email_1',
      });
      expect(plan.executionStats.totalDocsExamined).to.equal(1);
    });

    it('walks an index in order for a sort with a limit instead of sorting the collection', async function () {
      await people.insertOne({ email: 'no-age@x.io', name: 'ageless' });
      const youngest = await people
        .find({}, { projection: { _id: 0, age: 1 } })
        .sort({ age: 1 })
        .limit(3)
        .toArray();
      expect(youngest).to.deep.equal([{}, { age: 0 }, { age: 0 }]);
      const oldest = await people
        .find({ name: { $ne: 'p99' } })
        .sort({ age: -1 })
        .limit(2)
        .toArray();
      // Ties come in no particular order, as in MongoDB.
      expect(oldest.map((doc) => doc.age)).to.deep.equal([99, 99]);
      expect(oldest.map((doc) => doc.name)).to.not.include('p99');
      const plan = (await people
        .find({})
        .sort({ age: -1 })
        .limit(2)
        .explain('executionStats')) as unknown as ExplainReply;
      expect(plan.queryPlanner.winningPlan.inputStage?.indexName).to.equal('age_1');
      expect(plan.executionStats.totalDocsExamined).to.equal(2);
    });

    it('walks the index of the first sort field and sorts only its ties by the other fields', async function () {
      const docs = await people.find({}).sort({ age: -1, name: 1 }).limit(3).toArray();
      expect(docs.map((doc) => doc.name)).to.deep.equal(['p199', 'p299', 'p399']);
      const plan = (await people
        .find({})
        .sort({ age: -1, name: 1 })
        .limit(3)
        .explain('executionStats')) as unknown as ExplainReply;
      // The five documents aged 99, and not one more.
      expect(plan.executionStats.totalDocsExamined).to.equal(5);
    });

    it('answers from a partial index only a query that states its filter expression', async function () {
      await people.createIndex(
        { tags: 1 },
        { unique: true, partialFilterExpression: { 'tags.0': { $exists: true } } },
      );
      await people.insertMany(
        [['t1', 't2'], ['t3'], [], []].map((tags, i) => ({ email: `tagged${i}@x.io`, tags })),
      );
      const stated = { tags: { $in: ['t1', 't3', 'none'] }, 'tags.0': { $exists: true } };
      const plan = await explain(stated);
      expect(plan.queryPlanner.winningPlan.inputStage).to.deep.include({
        stage: 'IXSCAN',
        indexName: 'tags_1',
      });
      expect(plan.executionStats).to.include({ nReturned: 2, totalDocsExamined: 2 });
      const inAnd = await explain({ $and: [{ tags: 't2' }, { 'tags.0': { $exists: true } }] });
      expect(inAnd.queryPlanner.winningPlan.inputStage).to.deep.include({ stage: 'IXSCAN' });
      expect(inAnd.executionStats.nReturned).to.equal(1);
      // Without the filter (or with another one) the index may miss documents it leaves out: a scan.
      for (const filter of [{ tags: 't1' }, { tags: 't1', 'tags.0': { $exists: false } }, { tags: [] }]) {
        expect((await explain(filter)).queryPlanner.winningPlan.stage, JSON.stringify(filter)).to.equal(
          'COLLSCAN',
        );
      }
      expect(await people.countDocuments({ tags: [] })).to.equal(2);
    });

    it('scans the collection when no index applies', async function () {
      const plan = await explain({ name: 'p3' });
      expect(plan.queryPlanner.winningPlan.stage).to.equal('COLLSCAN');
      expect(plan.executionStats.totalDocsExamined).to.equal(500);
    });

    it('does not match across types through a range index ($gt 5 ignores strings)', async function () {
      await people.insertOne({ email: 'str', age: 'seventy' });
      expect(await people.countDocuments({ age: { $gt: 98 } })).to.equal(5);
    });

    it('refuses a hint naming no index', async function () {
      const error = await rejection(people.find({}).hint('nope_1').toArray());
      expect(error.code).to.equal(2);
    });
  });
});
