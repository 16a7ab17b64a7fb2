import { expect } from 'chai';
import { ObjectId } from 'bson';
import type { Collection, Document } from 'mongodb';

import { compareBson } from '../src/engine/bson-order.ts';
import { SortedIndex } from '../src/engine/sorted-index.ts';
import type { IndexEntry } from '../src/engine/sorted-index.ts';
import { rejection, startEngine } from './helpers/engine.ts';
import type { EngineFixture } from './helpers/engine.ts';

interface Person {
  _id: number;
  email: string;
  team: string;
  joined: Date;
  tags: string[];
  nick?: string;
  visits: number;
}

/** A small deterministic generator, so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

const sign = (n: number) => Math.sign(n) + 0;

describe('engine: ordering of ObjectIds and dates (the common index keys)', function () {
  it('orders ObjectIds as their hex strings, byte by byte', function () {
    const next = random(11);
    const hex = () => Array.from({ length: 24 }, () => '0123456789abcdef'[Math.floor(next() * 16)]!).join('');
    const samples = Array.from({ length: 400 }, hex);
    // Ids that differ only in one word, at either end, and equal ids.
    samples.push('000000000000000000000000', 'ffffffffffffffffffffffff', '000000000000000000000001');
    samples.push('800000000000000000000000', '7fffff000000000000000000', 'ffffffffffffffffffffffff');
    for (let i = 0; i < samples.length; i++) {
      const a = samples[i]!;
      const b = samples[(i * 7 + 3) % samples.length]!;
      const expected = sign(a < b ? -1 : a > b ? 1 : 0);
      expect(sign(compareBson(new ObjectId(a), new ObjectId(b))), `${a} vs ${b}`).to.equal(expected);
    }
  });

  it('orders dates by time, an invalid date first', function () {
    expect(compareBson(new Date(1), new Date(2))).to.equal(-1);
    expect(compareBson(new Date(2), new Date(1))).to.equal(1);
    expect(compareBson(new Date(5), new Date(5))).to.equal(0);
    expect(compareBson(new Date(NaN), new Date(-8.64e15))).to.equal(-1);
    expect(compareBson(new Date(NaN), new Date(NaN))).to.equal(0);
  });
});

describe('engine: sorted index setDoc', function () {
  it('points an existing entry at a new document and reports a missing one', function () {
    const index = new SortedIndex();
    const old = { v: 1 };
    index.add({ key: ['a', 1], id: 'x', doc: old });
    index.add({ key: ['a', 1], id: 'y', doc: {} });
    const fresh = { v: 2 };
    expect(index.setDoc(['a', 1], 'x', fresh)).to.equal(true);
    expect([...index.equal(['a', 1])].find((e) => e.id === 'x')?.doc).to.equal(fresh);
    expect(index.setDoc(['a', 2], 'x', fresh)).to.equal(false);
    expect(index.setDoc(['a', 1], 'z', fresh)).to.equal(false);
  });
});

describe('engine: sorted index locate and insertAt (a unique index insert from one lookup)', function () {
  it('finds exactly the conflicts a scan finds, and inserts where add would', function () {
    const next = random(5);
    const index = new SortedIndex();
    const reference: IndexEntry[] = [];
    const order = (a: IndexEntry, b: IndexEntry) =>
      compareBson(a.key[0], b.key[0]) ||
      compareBson(a.key[1], b.key[1]) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    // Few distinct keys and ids, so equal keys of one or several documents are common; enough entries for
    // several blocks.
    for (let n = 0; n < 4000; n++) {
      const key = [Math.floor(next() * 40), next() < 0.5 ? 'a' : 'b'];
      const id = `d${Math.floor(next() * 3000)}`;
      if (reference.some((e) => e.id === id && compareBson(e.key, key) === 0)) continue;
      const expected = reference.some((e) => e.id !== id && compareBson(e.key, key) === 0);
      const slot = index.locate(key, id);
      expect(slot.conflict !== undefined, `${JSON.stringify(key)} ${id}`).to.equal(expected);
      if (slot.conflict) {
        expect(compareBson(slot.conflict.key, key)).to.equal(0);
        expect(slot.conflict.id).to.not.equal(id);
      }
      // Insert even on a conflict: a non-unique index keeps both.
      const entry = { key, id, doc: {} };
      if (next() < 0.5) index.insertAt(slot, entry);
      else index.add(entry);
      reference.push(entry);
    }
    reference.sort(order);
    expect([...index.range(undefined, undefined)].map((e) => `${e.key.join()}|${e.id}`)).to.deep.equal(
      reference.map((e) => `${e.key.join()}|${e.id}`),
    );
    expect(index.size).to.equal(reference.length);
  });
});

describe('embedded engine: indexes follow updates', function () {
  let fixture: EngineFixture;
  let people: Collection<Person>;

  before(async function () {
    fixture = await startEngine();
    people = fixture.db.collection('people');
    await people.createIndexes([
      { key: { email: 1 }, unique: true },
      { key: { team: 1, joined: 1 } },
      { key: { tags: 1 } },
      { key: { nick: 1 }, unique: true, partialFilterExpression: { nick: { $type: 'string' } } },
    ]);
    await people.insertMany([
      { _id: 1, email: 'a@x.io', team: 't1', joined: new Date(1), tags: ['x', 'y'], nick: 'al', visits: 0 },
      { _id: 2, email: 'b@x.io', team: 't1', joined: new Date(2), tags: ['y'], visits: 0 },
    ]);
  });
  after(async function () {
    await fixture.close();
  });

  async function viaIndex(filter: Document): Promise<Person[]> {
    const explained = (await people.find(filter).explain('queryPlanner')) as Document;
    expect(JSON.stringify(explained.queryPlanner.winningPlan)).to.include('IXSCAN');
    return people.find(filter).toArray();
  }

  it('answers every index with the new version when the update leaves its keys alone', async function () {
    await people.updateOne({ _id: 1 }, { $inc: { visits: 1 } });
    await people.updateOne({ _id: 1 }, { $inc: { visits: 1 } });
    for (const filter of [{ email: 'a@x.io' }, { team: 't1', joined: new Date(1) }, { tags: 'x' }]) {
      const [found] = await viaIndex(filter);
      expect(found?.visits, JSON.stringify(filter)).to.equal(2);
    }
    const [byNick] = await people.find({ nick: 'al' }).toArray();
    expect(byNick?.visits).to.equal(2);
  });

  it('moves the keys that changed and keeps uniqueness', async function () {
    await people.updateOne({ _id: 2 }, { $set: { joined: new Date(3), nick: 'bo' }, $push: { tags: 'z' } });
    expect(await viaIndex({ team: 't1', joined: new Date(2) })).to.deep.equal([]);
    expect((await viaIndex({ team: 't1', joined: new Date(3) })).map((d) => d._id)).to.deep.equal([2]);
    expect((await viaIndex({ tags: 'z' })).map((d) => d._id)).to.deep.equal([2]);
    const duplicate = await rejection(people.updateOne({ _id: 2 }, { $set: { email: 'a@x.io', visits: 9 } }));
    expect(duplicate.code).to.equal(11000);
    const nick = await rejection(people.updateOne({ _id: 2 }, { $set: { nick: 'al' } }));
    expect(nick.code).to.equal(11000);
    const [unchanged] = await viaIndex({ email: 'b@x.io' });
    expect(unchanged).to.include({ _id: 2, visits: 0, nick: 'bo' });
  });
});
