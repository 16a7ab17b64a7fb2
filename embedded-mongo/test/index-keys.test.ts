import { expect } from 'chai';
import { ObjectId } from 'bson';
import type { Document } from 'bson';

import { indexKeys, multikeyIndexKeys } from '../src/engine/index-keys.ts';

/** A small deterministic generator, so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

const FIELDS = [
  ['a'],
  ['a', 'b'],
  ['a.b'],
  ['a.b', 'c'],
  ['c', 'a.b.c'],
  ['a.0'],
  ['a.1.b'],
  ['b', 'c', 'd'],
];

describe('engine: index keys of documents with one value per field', function () {
  it('are the keys the general (multikey) computation gives, for any document shape', function () {
    const next = random(3);
    const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)]!;
    const value = (depth: number): unknown => {
      const kind = Math.floor(next() * (depth > 2 ? 6 : 9));
      switch (kind) {
        case 0:
          return Math.floor(next() * 5);
        case 1:
          return pick(['x', 'y']);
        case 2:
          return null;
        case 3:
          return new ObjectId('64b7f0c2a1b2c3d4e5f6071' + Math.floor(next() * 10));
        case 4:
          return new Date(Math.floor(next() * 3));
        case 5:
          return undefined;
        case 6:
        case 7:
          return doc(depth + 1);
        default:
          return Array.from({ length: Math.floor(next() * 3) }, () => value(depth + 1));
      }
    };
    const doc = (depth: number): Document => {
      const out: Document = {};
      for (const field of ['a', 'b', 'c', 'd', '0', '1']) if (next() < 0.5) out[field] = value(depth);
      return out;
    };
    for (let i = 0; i < 3000; i++) {
      const sample = doc(0);
      for (const fields of FIELDS) {
        for (const sparse of [false, true]) {
          expect(
            indexKeys(sample, fields, sparse),
            `${JSON.stringify(sample)} ${fields.join()}`,
          ).to.deep.equal(multikeyIndexKeys(sample, fields, sparse));
        }
      }
    }
  });
});
