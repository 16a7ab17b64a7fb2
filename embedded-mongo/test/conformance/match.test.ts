import { expect } from 'chai';
import { BSON } from 'mongodb';
import { assertMatches, MatchFailure, type MatchContext } from './match.ts';

const { Decimal128, Double, Int32, Long, ObjectId } = BSON;

function matches(
  expected: unknown,
  actual: unknown,
  extraKeysAtRoot = true,
  context?: MatchContext,
): boolean {
  try {
    assertMatches(expected, actual, context, { extraKeysAtRoot });
    return true;
  } catch (failure) {
    if (failure instanceof MatchFailure) return false;
    throw failure;
  }
}

describe('conformance runner: matching expected values (unified test format rules)', () => {
  describe('documents', () => {
    it('lets a root document carry keys the test does not mention', () => {
      expect(matches({ x: 1 }, { _id: 0, x: 1 })).to.equal(true);
    });

    it('refuses extra keys in nested documents', () => {
      expect(matches({ a: { x: 1 } }, { a: { x: 1, y: 2 } })).to.equal(false);
    });

    it('refuses extra keys anywhere when comparing an outcome exactly', () => {
      expect(matches({ x: 1 }, { _id: 0, x: 1 }, false)).to.equal(false);
      expect(matches({ _id: 0, x: 1 }, { _id: 0, x: 1 }, false)).to.equal(true);
    });

    it('treats each element of a root array (a cursor result) as a root document', () => {
      expect(matches([{ x: 1 }], [{ _id: 1, x: 1 }])).to.equal(true);
      expect(matches([{ x: 1 }], [{ _id: 1, x: 1 }], false)).to.equal(false);
    });

    it('requires arrays to have the same length and matching elements in order', () => {
      expect(matches([1, 2], [1, 2, 3])).to.equal(false);
      expect(matches([1, 2], [2, 1])).to.equal(false);
    });

    it('reads a Map (how the driver builds sort specifications) as a document', () => {
      expect(matches({ sort: { _id: 1 } }, { sort: new Map([['_id', 1]]) })).to.equal(true);
      expect(matches({ sort: { _id: 1 } }, { sort: new Map([['_id', -1]]) })).to.equal(false);
    });

    it('reads driver objects (such as a ReadConcern) as the document they serialize to', () => {
      class Concern {
        constructor(readonly level: string) {}
      }
      expect(matches({ readConcern: { level: 'local' } }, { readConcern: new Concern('local') })).to.equal(
        true,
      );
      expect(matches({ readConcern: { level: 'local' } }, { readConcern: new Concern('majority') })).to.equal(
        false,
      );
    });

    it('fails on a missing key and names its path', () => {
      expect(() => assertMatches({ a: { b: 1 } }, { a: {} })).to.throw(MatchFailure, /a\.b: missing/);
    });
  });

  describe('numbers', () => {
    it('compares int32, int64 and double by value', () => {
      expect(matches(1, new Long(1))).to.equal(true);
      expect(matches(1, new Int32(1))).to.equal(true);
      expect(matches(new Double(2), 2)).to.equal(true);
      expect(matches(1, 2)).to.equal(false);
    });

    it('keeps int64 values beyond 2^53 exact', () => {
      expect(matches(Long.fromString('9007199254740993'), Long.fromString('9007199254740993'))).to.equal(
        true,
      );
      expect(matches(Long.fromString('9007199254740993'), Long.fromString('9007199254740992'))).to.equal(
        false,
      );
    });

    it('does not treat a string or a decimal as the same number', () => {
      expect(matches(1, '1')).to.equal(false);
      expect(matches(1, Decimal128.fromString('1'))).to.equal(false);
      expect(matches(Decimal128.fromString('1.5'), Decimal128.fromString('1.5'))).to.equal(true);
    });
  });

  describe('special operators', () => {
    it('$$unsetOrMatches accepts an absent key or a matching value', () => {
      expect(matches({ n: { $$unsetOrMatches: 1 } }, {})).to.equal(true);
      expect(matches({ n: { $$unsetOrMatches: 1 } }, { n: 1 })).to.equal(true);
      expect(matches({ n: { $$unsetOrMatches: 1 } }, { n: 2 })).to.equal(false);
    });

    it('$$unsetOrMatches at the root keeps root leniency for the wrapped document', () => {
      const expected = { $$unsetOrMatches: { insertedId: { $$unsetOrMatches: 1 } } };
      expect(matches(expected, { acknowledged: true, insertedId: 1 })).to.equal(true);
      expect(matches(expected, undefined)).to.equal(true);
    });

    it('$$exists checks presence, not value', () => {
      expect(matches({ a: { $$exists: true } }, { a: null })).to.equal(true);
      expect(matches({ a: { $$exists: true } }, {})).to.equal(false);
      expect(matches({ a: { $$exists: false } }, { a: 1 })).to.equal(false);
      expect(matches({ a: { $$exists: false } }, {})).to.equal(true);
    });

    it('$$type knows BSON type aliases, one or several', () => {
      expect(matches({ $$type: 'objectId' }, new ObjectId())).to.equal(true);
      expect(matches({ $$type: ['int', 'long'] }, new Long(5))).to.equal(true);
      expect(matches({ $$type: ['string', 'object'] }, { _id: 1 })).to.equal(true);
      expect(matches({ $$type: 'string' }, 5)).to.equal(false);
      expect(matches({ $$type: 'int' }, 1.5)).to.equal(false);
    });

    it('$$lte compares numbers', () => {
      expect(matches({ $$lte: 5 }, 5)).to.equal(true);
      expect(matches({ $$lte: 5 }, 6)).to.equal(false);
    });

    it('$$matchAsDocument parses a JSON string and matches it strictly', () => {
      expect(matches({ $$matchAsDocument: { x: 1 } }, '{ "x": 1 }')).to.equal(true);
      expect(matches({ $$matchAsDocument: { x: 1 } }, '{ "x": 1, "y": 2 }')).to.equal(false);
    });

    it('$$matchAsRoot allows extra keys in a nested document', () => {
      expect(matches({ a: { $$matchAsRoot: { x: 1 } } }, { a: { x: 1, y: 2 } })).to.equal(true);
    });

    it('$$matchesEntity and $$sessionLsid look values up in the entity map', () => {
      const lsid = { id: 'session-0' };
      const context: MatchContext = { entity: () => 42, sessionLsid: () => lsid };
      expect(matches({ v: { $$matchesEntity: 'saved' } }, { v: 42 }, true, context)).to.equal(true);
      expect(
        matches({ lsid: { $$sessionLsid: 'session0' } }, { lsid: { id: 'other' } }, true, context),
      ).to.equal(false);
    });

    it('reports an operator it does not implement instead of ignoring it', () => {
      expect(() => assertMatches({ $$unknown: 1 }, 1)).to.throw(
        MatchFailure,
        /does not implement \$\$unknown/,
      );
    });
  });

  describe('other BSON values', () => {
    it('compares ObjectIds, dates and regular expressions by value', () => {
      const id = new ObjectId();
      expect(matches(id, new ObjectId(id.toHexString()))).to.equal(true);
      expect(matches(id, new ObjectId())).to.equal(false);
      expect(matches(new Date(5), new Date(5))).to.equal(true);
      expect(matches(new BSON.BSONRegExp('^a', 'i'), /^a/i)).to.equal(true);
    });

    it('does not confuse null with an absent key', () => {
      expect(matches({ a: null }, {})).to.equal(false);
      expect(matches({ a: null }, { a: null })).to.equal(true);
    });
  });
});
