import { expect } from 'chai';
import { Long, ObjectId, serialize } from 'bson';
import type { Document } from 'bson';

import { MongoCommandError } from '../src/errors.ts';
import { mingoOptions } from '../src/engine/mingo-options.ts';
import { applyOperators, applyUpdate } from '../src/engine/update.ts';
import { applySimpleUpdate, sameEncoding } from '../src/engine/update-fast-path.ts';
import { rejection, startEngine } from './helpers/engine.ts';
import type { EngineFixture } from './helpers/engine.ts';

const context = { options: mingoOptions() };

function stored(): Document {
  return deepFreeze({
    _id: 1,
    n: 5,
    f: 1.5,
    zero: 0,
    s: 'text',
    nul: null,
    t: true,
    d: new Date(0),
    arr: [1, 2],
    sub: { x: 1, deep: { y: 2 } },
    oid: new ObjectId('64b7f0c2a1b2c3d4e5f60718'),
    big: Long.fromString('9007199254740993'),
  });
}

/** Frozen, so a fast path that wrote into the stored document would throw. */
function deepFreeze<T>(value: T): T {
  if (Array.isArray(value) || (typeof value === 'object' && value?.constructor === Object)) {
    for (const child of Object.values(value as object)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

const bytes = (doc: Document) => Buffer.from(serialize(doc));

/** $currentDate writes "now", which differs between two runs: compare its type, not its value. */
function withoutNow(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() > Date.UTC(2020, 0, 1) ? 'a date of now' : value;
  if ((value as { _bsontype?: string } | null)?._bsontype === 'Timestamp') return 'a timestamp of now';
  if (Array.isArray(value)) return value.map(withoutNow);
  if (typeof value === 'object' && value !== null && value.constructor === Object)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutNow(v)]));
  return value;
}

// Updates the fast path takes: its result must be mingo's, byte for byte (values, types, field order).
const SAME_AS_MINGO: Document[] = [
  { $set: { n: 6 } },
  { $set: { n: 5 } },
  { $set: { added: 1 } },
  { $set: { b: 1, a: 2 } },
  { $set: { b: 1 }, $inc: { a: 1 } },
  { $set: { 'sub.x': 2 } },
  { $set: { 'sub.deep.z': 3 } },
  { $set: { 'a.b.c': 1 } },
  { $set: { 'sub.1': 'numeric key in an object' } },
  { $set: { '7': 'integer-like top-level key' } },
  { $set: { sub: { deep: { y: 2 }, x: 1 } } },
  { $set: { sub: { x: 1, deep: { y: 3 } } } },
  { $set: { n: Long.fromNumber(5) } },
  { $set: { n: 5.0, f: 1.5, s: 'text', nul: null, t: true, d: new Date(0) } },
  { $set: { zero: -0 } },
  { $set: { oid: new ObjectId('64b7f0c2a1b2c3d4e5f60718') } },
  { $set: { arr: [1, 2] } },
  { $set: { arr: [2, 1] } },
  { $set: { 'sub.x': 2 }, $unset: { 'sub.deep': '' } },
  { $set: {} },
  { $unset: { s: '' } },
  { $unset: { missing: '' } },
  { $unset: { 'missing.a': 1 } },
  { $unset: { 'sub.deep.y': 1, 'sub.x': 1 } },
  { $inc: { n: 1 } },
  { $inc: { n: -1.5 } },
  { $inc: { f: 0 } },
  { $inc: { zero: -0 } },
  { $inc: { added: 3 } },
  { $inc: { added: -0 } },
  { $inc: { 'sub.deep.y': 1 } },
  { $inc: { 'a.b': 2 } },
  { $inc: { n: 2147483647 } },
  { $inc: { n: 0.1, f: 2 }, $set: { updatedAt: new Date(1000) } },
  { $mul: { n: 2 } },
  { $mul: { f: 1 } },
  { $mul: { added: 3 } },
  { $min: { n: 3 } },
  { $min: { n: 7 } },
  { $min: { added: 1 } },
  { $min: { d: new Date(1) } },
  { $min: { s: 5 } },
  { $max: { n: 7 } },
  { $max: { n: 1 } },
  { $max: { added: 1 } },
  { $max: { s: 5 } },
  { $max: { 'sub.deep.y': 10 } },
  { $currentDate: { d: true } },
  { $currentDate: { d: { $type: 'date' }, 'sub.when': { $type: 'timestamp' } } },
  { $push: { arr: 3 } },
  { $push: { arr: { x: 1 } } },
  { $push: { arr: { $each: [3, 4] } } },
  { $push: { arr: { $each: [] } } },
  { $push: { added: 1 } },
  { $push: { added: { $each: [1, 1] } } },
  { $push: { 'sub.list': 'x' }, $inc: { n: 1 } },
  { $addToSet: { arr: 2 } },
  { $addToSet: { arr: 3 } },
  { $addToSet: { arr: { $each: [2, 3, 3] } } },
  { $addToSet: { arr: { $each: [] } } },
  { $addToSet: { added: { $each: [1, 1] } } },
  { $addToSet: { arr: [1, 2] } },
];

// Updates the fast path leaves to mingo, so their behaviour (results and errors) does not change.
const LEFT_TO_MINGO: Document[] = [
  { $set: { 'arr.0': 9 } },
  { $set: { 'arr.$': 9 } },
  { $set: { 'arr.$[]': 9 } },
  { $set: { 's.x': 1 } },
  { $set: { 'nul.x': 1 } },
  { $set: { 'd.x': 1 } },
  { $set: { _id: 1 } },
  { $set: { '_id.x': 1 } },
  { $set: { sub: 1, 'sub.x': 2 } },
  { $set: { n: 1 }, $inc: { n: 1 } },
  { $set: { constructor: 1 } },
  { $set: { 'a..b': 1 } },
  { $set: { $bad: 1 } },
  { $set: { n: undefined } },
  { $unset: { 'arr.0': 1 } },
  { $inc: { n: Long.fromNumber(1) } },
  { $inc: { n: NaN } },
  { $inc: { n: '1' } },
  { $inc: { big: 1 } },
  { $mul: { n: '2' } },
  { $currentDate: { d: false } },
  { $currentDate: { d: { $type: 'string' } } },
  { $push: { arr: { $each: [1], $slice: 1 } } },
  { $push: { arr: { $each: [1], $position: 0 } } },
  { $push: { arr: { $each: [1], $sort: 1 } } },
  { $push: { arr: { $each: 3 } } },
  { $push: { s: 1 } },
  { $push: { 'arr.0': 1 } },
  { $addToSet: { s: 1 } },
  { $addToSet: { arr: { $each: 'x' } } },
  { $rename: { n: 'm' } },
  { $pop: { arr: 1 } },
];

describe('engine: the fast path for plain update operators', function () {
  for (const update of SAME_AS_MINGO) {
    it(`gives mingo's result for ${JSON.stringify(update)}`, function () {
      const doc = stored();
      const fast = applySimpleUpdate(doc, update, false);
      expect(fast, 'taken by the fast path').to.not.equal(undefined);
      const viaMingo = applyOperators(doc, update, context, false);
      expect(bytes(withoutNow(fast!.doc) as Document)).to.deep.equal(bytes(withoutNow(viaMingo) as Document));
      expect(fast!.changed, 'changed').to.equal(!bytes(doc).equals(bytes(viaMingo)));
      if (!fast!.changed) expect(fast!.doc).to.equal(doc);
    });
  }

  for (const update of LEFT_TO_MINGO) {
    it(`leaves ${JSON.stringify(update)} to mingo`, function () {
      expect(applySimpleUpdate(stored(), update, false)).to.equal(undefined);
    });
  }

  it('leaves updates with arrayFilters to mingo', function () {
    expect(applySimpleUpdate(stored(), { $set: { n: 1 } }, true)).to.equal(undefined);
  });

  it('shares the untouched parts of the stored document and copies the touched path', function () {
    const doc = stored();
    const { doc: next } = applySimpleUpdate(doc, { $set: { 'sub.deep.y': 3 } }, false)!;
    expect(next.arr).to.equal(doc.arr);
    expect(next.sub).to.not.equal(doc.sub);
    expect(next.sub.deep).to.deep.equal({ y: 3 });
    expect(doc.sub.deep).to.deep.equal({ y: 2 });
  });

  it('applies the chat reservation ($inc and $set of a date) and reports the change', function () {
    const doc = deepFreeze({ _id: new ObjectId(), lastSeq: 4, status: 'bot', updatedAt: new Date(0) });
    const at = new Date(5000);
    const next = applyUpdate(doc, { $inc: { lastSeq: 2 }, $set: { updatedAt: at } }, context);
    expect(next).to.deep.equal({ ...doc, lastSeq: 6, updatedAt: at });
    expect(applyUpdate(doc, { $inc: { lastSeq: 0 }, $set: { updatedAt: new Date(0) } }, context)).to.equal(
      undefined,
    );
  });

  it('knows when an update cannot grow the document, so its size need not be measured', function () {
    const doc = stored();
    const grows = (update: Document) => applySimpleUpdate(doc, update, false)!.grows;
    expect(grows({ $inc: { n: 2 }, $set: { d: new Date(5), t: false, nul: null } })).to.equal(false);
    expect(grows({ $unset: { s: 1 } })).to.equal(false);
    expect(grows({ $set: { added: 1 } })).to.equal(true);
    expect(grows({ $set: { s: 'longer text' } })).to.equal(true);
    expect(grows({ $inc: { n: 0.5 } })).to.equal(true);
    expect(grows({ $inc: { n: 2 ** 31 } })).to.equal(true);
    expect(grows({ $set: { 'sub.deep.y': 3 } })).to.equal(false);
  });

  it('still refuses an update that grows a document past 16 MB by replacing a value', function () {
    const doc = { _id: 1, a: 'x'.repeat(1024) };
    expect(() => applyUpdate(doc, { $set: { a: 'y'.repeat(16 * 1024 * 1024) } }, context))
      .to.throw(MongoCommandError, 'larger than the maximum')
      .with.property('code', 2);
  });

  it('folds $setOnInsert into $set only when the update inserts', function () {
    const doc = stored();
    expect(applyUpdate(doc, { $setOnInsert: { n: 9 } }, context)).to.equal(undefined);
    expect(applyUpdate(doc, { $setOnInsert: { n: 9 }, $inc: { f: 1 } }, context)).to.deep.include({
      n: 5,
      f: 2.5,
    });
  });

  describe('$inc and $mul on a value that is not a number (mongod: TypeMismatch, code 14)', function () {
    for (const [field, type] of [
      ['s', 'string'],
      ['nul', 'null'],
      ['t', 'bool'],
      ['d', 'date'],
      ['arr', 'array'],
      ['sub', 'object'],
      ['oid', 'objectId'],
    ] as const) {
      it(`refuses $inc of a ${type}`, function () {
        const doc = stored();
        let error: unknown;
        try {
          applyUpdate(doc, { $inc: { [field]: 1 } }, context);
        } catch (caught) {
          error = caught;
        }
        expect(error).to.be.instanceOf(MongoCommandError);
        expect((error as MongoCommandError).code).to.equal(14);
        expect((error as MongoCommandError).message).to.equal(
          `Cannot apply $inc to a value of non-numeric type. {_id: 1} has the field '${field}' of non-numeric type ${type}`,
        );
      });
    }

    it('refuses $mul of a string, naming the nested field', function () {
      expect(() => applyUpdate(stored(), { $mul: { 'sub.deep.y': 2, s: 2 } }, context))
        .to.throw(MongoCommandError, "has the field 's' of non-numeric type string")
        .with.property('code', 14);
    });
  });

  describe('sameEncoding', function () {
    const pairs: [unknown, unknown][] = [
      [1, 1],
      [1, 2],
      [0, -0],
      [-0, -0],
      [NaN, NaN],
      [1, 1.5],
      [2 ** 31, 2 ** 31],
      ['a', 'a'],
      ['a', 'b'],
      [new Date(1), new Date(1)],
      [new Date(1), new Date(2)],
      [new Date(NaN), new Date(NaN)],
      [true, true],
      [true, false],
      [null, null],
      [null, 0],
      [1, Long.fromNumber(1)],
      [
        { a: 1, b: 2 },
        { b: 2, a: 1 },
      ],
      [[1], [1]],
    ];
    for (const [a, b] of pairs) {
      it(`agrees with the BSON encoder on ${String(a)} and ${String(b)}`, function () {
        expect(sameEncoding(a, b)).to.equal(bytes({ v: a }).equals(bytes({ v: b })));
      });
    }
  });
});

describe('embedded engine: $inc on a non-numeric field through the driver', function () {
  let fixture: EngineFixture;

  before(async function () {
    fixture = await startEngine();
  });
  after(async function () {
    await fixture.close();
  });

  it('answers TypeMismatch (14) and leaves the document unchanged', async function () {
    const items = fixture.db.collection<{ _id: number; name: unknown }>('items');
    await items.insertOne({ _id: 1, name: 'lamp' });
    const error = await rejection(items.updateOne({ _id: 1 }, { $inc: { name: 1 } } as never));
    expect(error.code).to.equal(14);
    expect(await items.findOne({ _id: 1 })).to.deep.equal({ _id: 1, name: 'lamp' });
    const found = await rejection(items.findOneAndUpdate({ _id: 1 }, { $inc: { name: 1 } } as never));
    expect(found.code).to.equal(14);
  });
});
