import { expect } from 'chai';
import type { Collection, Document } from 'mongodb';

import { Collection as EngineCollection } from '../src/engine/collection.ts';
import { CollectionIndex } from '../src/engine/collection-index.ts';
import { countDocuments } from '../src/engine/find.ts';
import { planQuery } from '../src/engine/planner.ts';
import { startEngine } from './helpers/engine.ts';
import type { EngineFixture, LooseDocument } from './helpers/engine.ts';

interface ExplainReply {
  queryPlanner: { winningPlan: { stage: string; inputStage?: { stage: string; indexName?: string } } };
  executionStats: { nReturned: number; totalDocsExamined: number; totalKeysExamined: number };
}

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);
const REASONS = ['asked', 'angry', 'stuck', 'other'];

/** 2,000 conversations over 100 days, every fourth one escalated, reasons in turn. */
function conversations(): LooseDocument[] {
  return Array.from({ length: 2000 }, (_, i) => ({
    _id: i,
    counted: i % 10 !== 9,
    reason: i % 4 === 0 ? REASONS[(i / 4) % 4] : null,
    startedAt: new Date(START + i * (DAY / 20)),
    tags: i % 3 === 0 ? ['a', 'b'] : ['c'],
    items: [
      { sku: `s${i % 5}`, qty: i % 7 },
      { sku: `s${(i + 1) % 5}`, qty: 0 },
    ],
  }));
}

describe('embedded engine: compound index bounds, ordered scans and counts', function () {
  let fixture: EngineFixture;
  let facts: Collection<LooseDocument>;
  let all: LooseDocument[];
  let counter = 0;

  before(async function () {
    fixture = await startEngine();
  });
  after(async function () {
    await fixture.close();
  });
  beforeEach(async function () {
    facts = fixture.db.collection(`facts_${++counter}`);
    await facts.createIndex({ startedAt: 1 });
    await facts.createIndex({ counted: 1, reason: 1, startedAt: 1, _id: 1 });
    await facts.createIndex({ counted: 1, tags: 1, startedAt: 1 });
    await facts.createIndex({ 'items.sku': 1, startedAt: 1 });
    all = conversations();
    await facts.insertMany(all);
  });

  async function explain(filter: Document, sort?: Document, limit?: number): Promise<ExplainReply> {
    let cursor = facts.find(filter);
    if (sort) cursor = cursor.sort(sort);
    if (limit) cursor = cursor.limit(limit);
    return (await cursor.explain('executionStats')) as unknown as ExplainReply;
  }

  const from = new Date(START + 10 * DAY);
  const to = new Date(START + 40 * DAY);
  const inRange = (doc: LooseDocument) => (doc.startedAt as Date) >= from && (doc.startedAt as Date) < to;
  const startOrder = (a: LooseDocument, b: LooseDocument) =>
    (a.startedAt as Date).getTime() - (b.startedAt as Date).getTime() ||
    (a._id as number) - (b._id as number);

  it('bounds the equality prefix and the range after it, visiting only matching keys', async function () {
    const filter = { counted: true, reason: 'angry', startedAt: { $gte: from, $lt: to } };
    const expected = all.filter((d) => d.counted && d.reason === 'angry' && inRange(d)).sort(startOrder);
    const docs = await facts.find(filter).sort({ startedAt: 1, _id: 1 }).toArray();
    expect(docs.map((d) => d._id)).to.deep.equal(expected.map((d) => d._id));
    const plan = await explain(filter);
    expect(plan.queryPlanner.winningPlan.inputStage?.indexName).to.equal(
      'counted_1_reason_1_startedAt_1__id_1',
    );
    expect(plan.executionStats).to.include({
      totalKeysExamined: expected.length,
      totalDocsExamined: expected.length,
    });
    expect(await facts.countDocuments(filter)).to.equal(expected.length);
  });

  it('stops an ordered scan after the limit, ascending and descending, and sorts ties by the next field', async function () {
    const filter = { counted: true, reason: 'asked', startedAt: { $gte: from, $lt: to } };
    const expected = all.filter((d) => d.counted && d.reason === 'asked' && inRange(d)).sort(startOrder);
    const page = await facts.find(filter).sort({ startedAt: 1, _id: 1 }).skip(5).limit(10).toArray();
    expect(page.map((d) => d._id)).to.deep.equal(expected.slice(5, 15).map((d) => d._id));
    const last = await facts.find(filter).sort({ startedAt: -1 }).limit(3).toArray();
    expect(last.map((d) => d._id)).to.deep.equal(
      expected
        .slice(-3)
        .reverse()
        .map((d) => d._id),
    );
    expect((await explain(filter, { startedAt: 1, _id: 1 }, 10)).executionStats.totalDocsExamined).to.equal(
      10,
    );
    expect((await explain(filter, { startedAt: -1 }, 3)).executionStats.totalDocsExamined).to.equal(3);
  });

  it('looks up every combination of an $in prefix, and null as null or missing', async function () {
    const filter = {
      counted: { $in: [true, false] },
      reason: { $in: ['stuck', 'other'] },
      startedAt: { $lt: to },
    };
    const expected = all.filter(
      (d) => ['stuck', 'other'].includes(d.reason as string) && (d.startedAt as Date) < to,
    );
    const docs = await facts.find(filter).toArray();
    expect(docs.map((d) => d._id).sort((a, b) => (a as number) - (b as number))).to.deep.equal(
      expected.map((d) => d._id),
    );
    expect(await facts.countDocuments(filter)).to.equal(expected.length);
    await facts.insertOne({ _id: 'no-reason', counted: true, startedAt: from });
    const unescalated = { counted: true, reason: null, startedAt: { $gte: from, $lt: to } };
    const plan = await explain(unescalated);
    expect(plan.queryPlanner.winningPlan.inputStage?.indexName).to.equal(
      'counted_1_reason_1_startedAt_1__id_1',
    );
    const expectedNull = all.filter((d) => d.counted && d.reason === null && inRange(d)).length + 1;
    expect(plan.executionStats.nReturned).to.equal(expectedNull);
    expect(await facts.countDocuments(unescalated)).to.equal(expectedNull);
  });

  it('bounds a range on a plain field after a multikey one, and de-duplicates what several keys lead to', async function () {
    const filter = { counted: true, tags: 'a', startedAt: { $gte: from, $lt: to } };
    const expected = all.filter((d) => d.counted && (d.tags as string[]).includes('a') && inRange(d));
    const plan = await explain(filter);
    expect(plan.executionStats).to.include({
      nReturned: expected.length,
      totalKeysExamined: expected.length,
    });
    expect(await facts.countDocuments(filter)).to.equal(expected.length);
    const both = { counted: true, tags: { $in: ['a', 'b'] }, startedAt: { $gte: from, $lt: to } };
    expect(await facts.countDocuments(both)).to.equal(expected.length);
    expect((await facts.find(both).toArray()).length).to.equal(expected.length);
  });

  it('keeps only one bound of a range on a multikey field, where different elements may meet each bound', async function () {
    await facts.createIndex({ scores: 1 });
    await facts.insertMany([
      { _id: 'split', scores: [1, 10] },
      { _id: 'inside', scores: [3] },
      { _id: 'low', scores: [0, 1] },
      { _id: 'high', scores: [20, 30] },
    ]);
    const docs = await facts.find({ scores: { $gt: 2, $lt: 5 } }).toArray();
    expect(docs.map((d) => d._id).sort()).to.deep.equal(['inside', 'split']);
    expect(await facts.countDocuments({ scores: { $gt: 2, $lt: 5 } })).to.equal(2);
  });

  it('narrows an $elemMatch by the index on its field, and still requires one element to meet it all', async function () {
    const filter = {
      items: { $elemMatch: { sku: 's2', qty: { $gt: 0 } } },
      startedAt: { $gte: from, $lt: to },
    };
    const expected = all.filter(
      (d) =>
        (d.items as { sku: string; qty: number }[]).some((item) => item.sku === 's2' && item.qty > 0) &&
        inRange(d),
    );
    const plan = await explain(filter);
    expect(plan.queryPlanner.winningPlan.inputStage?.indexName).to.equal('items.sku_1_startedAt_1');
    expect(plan.executionStats.nReturned).to.equal(expected.length);
    expect(await facts.countDocuments(filter)).to.equal(expected.length);
  });

  it('does not count NaN in a numeric range without a lower bound', async function () {
    await facts.createIndex({ qty: 1 });
    await facts.insertMany([
      { _id: 'nan', qty: NaN },
      { _id: 'one', qty: 1 },
      { _id: 'nine', qty: 9 },
    ]);
    expect(await facts.countDocuments({ qty: { $lt: 5 } })).to.equal(1);
    expect(await facts.countDocuments({ qty: { $gte: 0, $lt: 5 } })).to.equal(1);
  });

  it('picks the index whose bounds visit the fewest keys', async function () {
    const plan = await explain({
      counted: true,
      startedAt: { $gte: from, $lt: new Date(from.getTime() + DAY) },
    });
    expect(plan.queryPlanner.winningPlan.inputStage?.indexName).to.equal('startedAt_1');
    expect(plan.executionStats.totalKeysExamined).to.equal(20);
  });
});

describe('engine: counting from index positions', function () {
  it('counts without visiting documents only when the index answers the whole filter with one key each', function () {
    const collection = new EngineCollection('db', 'facts', {}, () => {});
    collection.addIndex(new CollectionIndex({ key: { kind: 1, at: 1 }, name: 'kind_1_at_1' }));
    collection.addIndex(new CollectionIndex({ key: { tags: 1, at: 1 }, name: 'tags_1_at_1' }));
    for (let i = 0; i < 100; i++)
      collection.insert({
        _id: i,
        kind: i % 2 === 0 ? 'even' : 'odd',
        at: i,
        tags: ['x', i % 2 === 0 ? 'y' : 'z'],
      });
    const whole = { kind: 'even', at: { $gte: 10, $lt: 30 } };
    expect(planQuery(collection, whole, false).count).to.be.a('function');
    expect(countDocuments(collection, { filter: whole })).to.equal(10);
    const withMore = { kind: 'even', at: { $gte: 10, $lt: 30 }, other: { $exists: false } };
    expect(planQuery(collection, withMore, false).count).to.equal(undefined);
    expect(countDocuments(collection, { filter: withMore })).to.equal(10);
    // Two values of a multikey field may both be keys of one document: those are counted once, by visiting.
    const multikey = { tags: { $in: ['x', 'y'] }, at: { $gte: 0, $lt: 10 } };
    expect(planQuery(collection, multikey, false).count).to.equal(undefined);
    expect(countDocuments(collection, { filter: multikey })).to.equal(10);
    const single = { tags: 'y', at: { $gte: 0, $lt: 10 } };
    expect(planQuery(collection, single, false).count).to.be.a('function');
    expect(countDocuments(collection, { filter: single })).to.equal(5);
  });
});
