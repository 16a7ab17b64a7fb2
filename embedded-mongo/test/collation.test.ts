import { expect } from 'chai';
import type { Collection } from 'mongodb';

import { startEngine } from './helpers/engine.ts';
import type { EngineFixture, LooseDocument } from './helpers/engine.ts';

const caseInsensitive = { locale: 'en_US', strength: 2 };

describe('embedded engine: collation', function () {
  let fixture: EngineFixture;
  let words: Collection<LooseDocument>;

  before(async function () {
    fixture = await startEngine();
  });
  after(async function () {
    await fixture.close();
  });
  beforeEach(async function () {
    words = fixture.db.collection(`words_${Date.now()}_${Math.random()}`);
    await words.insertMany([
      { _id: 1, w: 'ping' },
      { _id: 2, w: 'PING' },
      { _id: 3, w: 'pong' },
      { _id: 4, w: 'Péng' },
    ]);
  });

  it('matches strings case-insensitively at strength 2 (and exactly without a collation)', async function () {
    expect(await words.countDocuments({ w: 'Ping' })).to.equal(0);
    expect(await words.countDocuments({ w: 'Ping' }, { collation: caseInsensitive })).to.equal(2);
  });

  it('ignores accents too at strength 1', async function () {
    const docs = await words.find({ w: 'peng' }, { collation: { locale: 'fr', strength: 1 } }).toArray();
    expect(docs.map((doc) => doc._id)).to.deep.equal([4]);
  });

  it('applies to $in and $ne', async function () {
    expect(await words.countDocuments({ w: { $in: ['PONG'] } }, { collation: caseInsensitive })).to.equal(1);
    expect(await words.countDocuments({ w: { $ne: 'ping' } }, { collation: caseInsensitive })).to.equal(2);
  });

  it('applies to updates and deletes', async function () {
    const updated = await words.updateMany(
      { w: 'PiNg' },
      { $set: { hit: true } },
      { collation: caseInsensitive },
    );
    expect(updated.modifiedCount).to.equal(2);
    const deleted = await words.deleteMany({ w: 'PONG' }, { collation: caseInsensitive });
    expect(deleted.deletedCount).to.equal(1);
  });

  it('groups distinct values by the collation', async function () {
    const values = await words.distinct(
      'w',
      { w: { $in: ['ping', 'PING'] } },
      { collation: caseInsensitive },
    );
    expect(values).to.have.length(1);
  });

  it('treats the "simple" locale as binary comparison', async function () {
    expect(await words.countDocuments({ w: 'Ping' }, { collation: { locale: 'simple' } })).to.equal(0);
  });
});
