import { expect } from 'chai';
import { Binary, Decimal128, ObjectId, Timestamp } from 'mongodb';
import type { Collection, UpdateFilter } from 'mongodb';

import { rejection, startEngine } from './helpers/engine.ts';
import type { EngineFixture, LooseDocument } from './helpers/engine.ts';

// The driver's update typing cannot see numeric fields through an index signature.
const increment = (field: string, by: number): UpdateFilter<LooseDocument> =>
  ({ $inc: { [field]: by } }) as UpdateFilter<LooseDocument>;

describe('embedded engine: insert, update, delete, findAndModify', function () {
  let fixture: EngineFixture;
  let items: Collection<LooseDocument>;

  before(async function () {
    fixture = await startEngine();
  });
  after(async function () {
    await fixture.close();
  });
  beforeEach(async function () {
    items = fixture.db.collection(`items_${this.currentTest?.title.length ?? 0}_${Date.now()}`);
  });

  describe('insert', function () {
    it('stores _id first, whatever position the client sent it in', async function () {
      await fixture.db.command({ insert: items.collectionName, documents: [{ a: 1, _id: 'x' }] });
      const [doc] = await items.find().toArray();
      expect(Object.keys(doc!)).to.deep.equal(['_id', 'a']);
    });

    it('generates an ObjectId when the server must (forceServerObjectId)', async function () {
      await fixture.db.command({ insert: items.collectionName, documents: [{ a: 1 }] });
      const [doc] = await items.find().toArray();
      expect(doc?._id).to.be.instanceOf(ObjectId);
    });

    it('stops an ordered insert at the first duplicate and reports it as a write error', async function () {
      const reply = await fixture.db.command({
        insert: items.collectionName,
        documents: [{ _id: 1 }, { _id: 1 }, { _id: 2 }],
      });
      expect(reply.n).to.equal(1);
      expect(reply.writeErrors).to.have.length(1);
      expect(reply.writeErrors[0]).to.include({ index: 1, code: 11000 });
      expect(await items.countDocuments()).to.equal(1);
    });

    it('continues an unordered insert past duplicates', async function () {
      const error = await rejection(
        items.insertMany([{ _id: 1 }, { _id: 1 }, { _id: 2 }, { _id: 2 }], { ordered: false }),
      );
      expect(error.code).to.equal(11000);
      expect(await items.countDocuments()).to.equal(2);
    });

    it('refuses a document over 16 MB, inserted or grown by an update', async function () {
      // Just over 16 MB: a command may be 16 KB larger than a document, so this one still arrives.
      const direct = await fixture.db.command({
        insert: items.collectionName,
        documents: [{ _id: 'big', a: 'x'.repeat(16 * 1024 * 1024 + 100) }],
      });
      const big = 'x'.repeat(9 * 1024 * 1024);
      expect(direct.writeErrors[0].errmsg).to.match(/too large/);
      await items.insertOne({ _id: 'grows', a: big });
      const error = await rejection(items.updateOne({ _id: 'grows' }, { $set: { b: big } }));
      expect(error.message).to.match(/larger than the maximum/);
    });

    it("refuses an _id holding '$'-prefixed fields", async function () {
      const error = await rejection(items.insertOne({ _id: { $bad: 1 } }));
      expect(error.code).to.equal(52);
    });
  });

  describe('update', function () {
    beforeEach(async function () {
      await items.insertMany([
        { _id: 1, kind: 'a', n: 1 },
        { _id: 2, kind: 'a', n: 2 },
        { _id: 3, kind: 'b', n: 3 },
      ]);
    });

    it('counts matched and modified documents separately (a no-op is matched, not modified)', async function () {
      const result = await items.updateMany({ kind: 'a' }, { $set: { n: 2 } });
      expect(result).to.include({ matchedCount: 2, modifiedCount: 1, upsertedCount: 0 });
    });

    it('reports an upsert with its index and _id, and n includes it', async function () {
      const reply = await fixture.db.command({
        update: items.collectionName,
        updates: [
          { q: { _id: 1 }, u: { $inc: { n: 1 } } },
          { q: { kind: 'z', code: 7 }, u: { $set: { n: 9 }, $setOnInsert: { created: true } }, upsert: true },
        ],
      });
      expect(reply.n).to.equal(2);
      expect(reply.nModified).to.equal(1);
      expect(reply.upserted).to.have.length(1);
      expect(reply.upserted[0].index).to.equal(1);
      const inserted = await items.findOne({ _id: reply.upserted[0]._id });
      expect(inserted).to.include({ kind: 'z', code: 7, n: 9, created: true });
    });

    it('ignores $setOnInsert when the update matches an existing document', async function () {
      await items.updateOne(
        { _id: 1 },
        { $set: { n: 5 }, $setOnInsert: { created: true } },
        { upsert: true },
      );
      expect(await items.findOne({ _id: 1 })).to.deep.equal({ _id: 1, kind: 'a', n: 5 });
    });

    it('seeds an upsert from the equality conditions of the filter, including $and and dotted paths', async function () {
      await items.updateOne(
        { $and: [{ 'profile.city': 'Lyon' }, { score: { $eq: 3 } }], age: { $gt: 10 } },
        { $set: { seen: true } },
        { upsert: true },
      );
      const doc = await items.findOne({ seen: true });
      expect(doc).to.deep.include({ profile: { city: 'Lyon' }, score: 3, seen: true });
      expect(doc).to.not.have.property('age');
    });

    it('refuses a replacement that changes _id with code 66', async function () {
      const error = await rejection(items.replaceOne({ _id: 1 }, { _id: 99, kind: 'x' }));
      expect(error.code).to.equal(66);
    });

    it('applies pipeline-style updates and keeps _id when the pipeline drops it', async function () {
      await items.updateOne({ _id: 3 }, [
        { $replaceRoot: { newRoot: { doubled: { $multiply: ['$n', 2] } } } },
      ]);
      expect(await items.findOne({ _id: 3 })).to.deep.equal({ _id: 3, doubled: 6 });
    });

    it('evaluates let variables in the filter', async function () {
      const result = await items.updateMany(
        { $expr: { $eq: ['$kind', '$$wanted'] } },
        { $set: { hit: true } },
        { let: { wanted: 'b' } },
      );
      expect(result.modifiedCount).to.equal(1);
    });

    it('updates array elements through arrayFilters', async function () {
      await items.insertOne({ _id: 10, grades: [80, 95, 100] });
      await items.updateOne(
        { _id: 10 },
        { $set: { 'grades.$[g]': 0 } },
        { arrayFilters: [{ g: { $gte: 95 } }] },
      );
      expect((await items.findOne({ _id: 10 }))?.grades).to.deep.equal([80, 0, 0]);
    });

    it('refuses the 8.0 sort option of update statements, as MongoDB 7.0 does', async function () {
      const error = await rejection(
        fixture.db.command({
          update: items.collectionName,
          updates: [{ q: {}, u: { $set: { x: 1 } }, sort: { n: 1 } }],
        }),
      );
      expect(error.code).to.equal(40415);
    });

    it('answers an unknown update operator with FailedToParse', async function () {
      const error = await rejection(items.updateOne({ _id: 1 }, { $frobnicate: { n: 1 } }));
      expect(error.code).to.equal(9);
    });
  });

  describe('document validation', function () {
    it('refuses documents failing the validator with 121 and errInfo, unless bypassed', async function () {
      await fixture.db.createCollection(items.collectionName, { validator: { name: { $type: 'string' } } });
      await items.insertOne({ _id: 1, name: 'ok' });
      const error = await rejection(items.insertOne({ _id: 2, name: 3 }));
      expect(error.code).to.equal(121);
      expect((error.errInfo as { failingDocumentId?: unknown }).failingDocumentId).to.equal(2);
      await items.insertOne({ _id: 3, name: 3 }, { bypassDocumentValidation: true });
      expect(await items.countDocuments()).to.equal(2);
    });

    it('applies a validator added later with collMod to updates', async function () {
      await items.insertOne({ _id: 1, x: 'a' });
      await fixture.db.command({ collMod: items.collectionName, validator: { x: { $type: 'string' } } });
      const error = await rejection(items.findOneAndUpdate({ _id: 1 }, { $set: { x: 1 } }));
      expect(error.code).to.equal(121);
      expect(await items.findOne({ _id: 1 })).to.deep.equal({ _id: 1, x: 'a' });
    });

    it('refuses $jsonSchema validators, which it cannot enforce', async function () {
      const error = await rejection(
        fixture.db.createCollection(items.collectionName, {
          validator: { $jsonSchema: { required: ['x'] } },
        }),
      );
      expect(error.code).to.equal(238);
    });
  });

  describe('delete', function () {
    it('deletes one or many', async function () {
      await items.insertMany([{ k: 1 }, { k: 1 }, { k: 1 }, { k: 2 }]);
      expect((await items.deleteOne({ k: 1 })).deletedCount).to.equal(1);
      expect((await items.deleteMany({ k: 1 })).deletedCount).to.equal(2);
      expect(await items.countDocuments()).to.equal(1);
    });
  });

  describe('findAndModify', function () {
    beforeEach(async function () {
      await items.insertMany([
        { _id: 1, q: 'x', n: 1 },
        { _id: 2, q: 'x', n: 2 },
      ]);
    });

    it('returns the document before the update by default and after it with returnDocument', async function () {
      const before = await items.findOneAndUpdate({ _id: 1 }, increment('n', 10));
      expect(before).to.deep.equal({ _id: 1, q: 'x', n: 1 });
      const after = await items.findOneAndUpdate({ _id: 1 }, increment('n', 10), { returnDocument: 'after' });
      expect(after).to.deep.equal({ _id: 1, q: 'x', n: 21 });
    });

    it('picks the first document in sort order and projects the result', async function () {
      const doc = await items.findOneAndUpdate(
        { q: 'x' },
        { $set: { picked: true } },
        { sort: { n: -1 }, projection: { n: 1, _id: 0 }, returnDocument: 'after' },
      );
      expect(doc).to.deep.equal({ n: 2 });
    });

    it('removes and returns the removed document', async function () {
      const removed = await items.findOneAndDelete({ _id: 2 });
      expect(removed).to.deep.equal({ _id: 2, q: 'x', n: 2 });
      expect(await items.countDocuments()).to.equal(1);
    });

    it('upserts and reports the new _id in lastErrorObject', async function () {
      const reply = await fixture.db.command({
        findAndModify: items.collectionName,
        query: { q: 'new' },
        update: { $set: { n: 5 } },
        upsert: true,
        new: true,
      });
      expect(reply.lastErrorObject.n).to.equal(1);
      expect(reply.lastErrorObject.updatedExisting).to.equal(false);
      expect(reply.lastErrorObject.upserted).to.be.instanceOf(ObjectId);
      expect(reply.value).to.include({ q: 'new', n: 5 });
    });

    it('answers a duplicate key as a top-level error with keyValue', async function () {
      await items.createIndex({ q: 1, n: 1 }, { unique: true });
      const error = await rejection(items.findOneAndUpdate({ _id: 1 }, { $set: { n: 2 } }));
      expect(error.code).to.equal(11000);
      expect(error.keyValue).to.deep.equal({ q: 'x', n: 2 });
    });
  });

  describe('reads', function () {
    beforeEach(async function () {
      await items.insertMany([
        { _id: 1, tags: ['a', 'b'], n: 1 },
        { _id: 2, tags: ['b'], n: 2 },
        { _id: 3, tags: [], n: 3 },
      ]);
    });

    it('finds with filter, sort, skip, limit and projection', async function () {
      const docs = await items
        .find({ n: { $gte: 1 } }, { projection: { n: 1 } })
        .sort({ n: -1 })
        .skip(1)
        .limit(1)
        .toArray();
      expect(docs).to.deep.equal([{ _id: 2, n: 2 }]);
    });

    it('counts with the count command, honouring skip and limit', async function () {
      const reply = await fixture.db.command({
        count: items.collectionName,
        query: { n: { $gt: 0 } },
        skip: 1,
        limit: 1,
      });
      expect(reply.n).to.equal(1);
    });

    it('lists distinct values, unwinding arrays', async function () {
      expect(await items.distinct('tags')).to.deep.equal(['a', 'b']);
    });

    it('matches $type against BSON types, not only JavaScript ones', async function () {
      await items.insertOne({
        _id: 'typed',
        oid: new ObjectId(),
        bin: new Binary(Buffer.from('hi')),
        ts: new Timestamp({ t: 1, i: 1 }),
        dec: Decimal128.fromString('1.5'),
        whole: 3,
        half: 1.5,
      });
      const count = (field: string, type: string | number | string[]) =>
        items.countDocuments({ _id: 'typed', [field]: { $type: type } });
      expect(await count('oid', 'objectId')).to.equal(1);
      expect(await count('bin', 'binData')).to.equal(1);
      expect(await count('ts', 'timestamp')).to.equal(1);
      expect(await count('dec', 'decimal')).to.equal(1);
      expect(await count('whole', 'int')).to.equal(1);
      expect(await count('half', 1)).to.equal(1);
      expect(await count('half', ['string', 'number'])).to.equal(1);
      expect(await count('oid', 'string')).to.equal(0);
      expect((await rejection(count('oid', 'nonsense'))).code).to.equal(2);
    });

    it('refuses server-side JavaScript', async function () {
      const error = await rejection(items.find({ $where: 'this.n > 1' }).toArray());
      expect(error.message).to.match(/scriptEnabled/);
    });
  });

  // MongoDB: a field holding an array matches $type when the array itself or one of its elements has the
  // type; elements of nested arrays are not looked into.
  describe('$type on arrays', function () {
    const ids = async (filter: LooseDocument) =>
      (await items.find(filter).sort({ _id: 1 }).toArray()).map((doc) => doc._id);

    beforeEach(async function () {
      await items.insertMany([
        { _id: 'strings', e: ['a', 'b'] },
        { _id: 'mixed', e: [1, 'a'] },
        { _id: 'numbers', e: [1, 2.5] },
        { _id: 'empty', e: [] },
        { _id: 'nested', e: [['a']] },
        { _id: 'scalar', e: 'a' },
      ]);
    });

    it('matches a type held by at least one element', async function () {
      expect(await ids({ e: { $type: 'string' } })).to.deep.equal(['mixed', 'scalar', 'strings']);
      expect(await ids({ e: { $type: 'double' } })).to.deep.equal(['numbers']);
    });

    it("matches 'array' on the array itself, empty or not", async function () {
      expect(await ids({ e: { $type: 'array' } })).to.deep.equal([
        'empty',
        'mixed',
        'nested',
        'numbers',
        'strings',
      ]);
    });

    it("accepts type numbers, the 'number' alias and lists of types", async function () {
      expect(await ids({ e: { $type: 2 } })).to.deep.equal(['mixed', 'scalar', 'strings']);
      expect(await ids({ e: { $type: 4 } })).to.deep.equal([
        'empty',
        'mixed',
        'nested',
        'numbers',
        'strings',
      ]);
      expect(await ids({ e: { $type: 'number' } })).to.deep.equal(['mixed', 'numbers']);
      expect(await ids({ e: { $type: [16, 'double'] } })).to.deep.equal(['mixed', 'numbers']);
    });

    it('looks one level into an array of arrays, not deeper', async function () {
      expect(await ids({ _id: 'nested', e: { $type: 'string' } })).to.deep.equal([]);
      expect(await ids({ _id: 'nested', 'e.0': { $type: 'string' } })).to.deep.equal(['nested']);
    });

    it('judges a dotted path by the values it reaches, not by the list of them', async function () {
      await items.insertMany([
        { _id: 'b scalar', a: [{ b: 'x' }] },
        { _id: 'b array', a: [{ b: ['y'] }] },
        { _id: 'b empty', a: [{ b: [] }] },
        { _id: 'b missing', a: [{ c: 1 }] },
        { _id: 'b in nested array', a: [[{ b: 'z' }]] },
        { _id: 'b under object', a: { b: ['w'] } },
      ]);
      expect(await ids({ 'a.b': { $type: 'array' } })).to.deep.equal([
        'b array',
        'b empty',
        'b under object',
      ]);
      expect(await ids({ 'a.b': { $type: 'string' } })).to.deep.equal([
        'b array',
        'b scalar',
        'b under object',
      ]);
      expect(await ids({ 'a.b': { $type: 'object' } })).to.deep.equal([]);
      expect(await ids({ 'a.0.b': { $type: 'string' } })).to.deep.equal([
        'b array',
        'b in nested array',
        'b scalar',
      ]);
    });

    it('enforces a unique multikey index filtered on $type: string, leaving empty arrays out', async function () {
      const people = fixture.db.collection<LooseDocument>(`${items.collectionName}_people`);
      await people.createIndex(
        { emails: 1 },
        { unique: true, partialFilterExpression: { emails: { $type: 'string' } } },
      );
      await people.insertMany([{ emails: ['a@x', 'b@x'] }, { emails: [] }, { emails: [] }, { name: 'none' }]);
      const error = await rejection(people.insertOne({ emails: ['c@x', 'b@x'] }));
      expect(error.code).to.equal(11000);
      expect(error.keyValue).to.deep.equal({ emails: 'b@x' });
      expect(await people.countDocuments()).to.equal(4);
    });
  });
});
