import { expect } from 'chai';
import { ObjectId } from 'bson';

import { compareBson, typeRank } from '../src/engine/bson-order.ts';
import { SortedIndex } from '../src/engine/sorted-index.ts';
import type { IndexEntry } from '../src/engine/sorted-index.ts';

/** A small deterministic generator, so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

const NUMBERS = typeRank(0);

function ids(entries: Iterable<IndexEntry>): string[] {
  return [...entries].map((entry) => entry.id);
}

describe('engine: BSON ordering', function () {
  it('orders types as MongoDB does: null < numbers < strings < objects < arrays < ObjectId < booleans < dates', function () {
    const values = [new Date(0), true, new ObjectId('000000000000000000000000'), [1], { a: 1 }, 'a', 1, null];
    const sorted = [...values].sort((a, b) => compareBson(a, b));
    expect(sorted).to.deep.equal([
      null,
      1,
      'a',
      { a: 1 },
      [1],
      new ObjectId('000000000000000000000000'),
      true,
      new Date(0),
    ]);
  });

  it('compares numbers by value whatever their representation', function () {
    expect(compareBson(1, 1.0)).to.equal(0);
    expect(compareBson(-0, 0)).to.equal(0);
    expect(compareBson(2, 10)).to.be.lessThan(0);
  });
});

describe('engine: sorted index', function () {
  it('finds equal keys and ranges exactly as a sorted array would, through inserts and removals', function () {
    const next = random(7);
    const index = new SortedIndex();
    const live = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      const id = `d${Math.floor(next() * 2000)}`;
      const previous = live.get(id);
      if (previous !== undefined) {
        index.remove([previous], id);
        live.delete(id);
      } else {
        const key = Math.floor(next() * 300);
        index.add({ key: [key], id, doc: {} });
        live.set(id, key);
      }
    }
    expect(index.size).to.equal(live.size);
    const reference = [...live].sort(([idA, a], [idB, b]) => a - b || (idA < idB ? -1 : idA > idB ? 1 : 0));
    expect(ids(index.range(undefined, undefined))).to.deep.equal(reference.map(([id]) => id));
    for (const probe of [0, 17, 150, 299]) {
      expect(ids(index.equal([probe]))).to.deep.equal(
        reference.filter(([, key]) => key === probe).map(([id]) => id),
      );
    }
    const inRange = reference.filter(([, key]) => key > 100 && key <= 120).map(([id]) => id);
    expect(
      ids(index.rangeWithinType(NUMBERS, { value: 100, inclusive: false }, { value: 120, inclusive: true })),
    ).to.deep.equal(inRange);
  });

  it('keeps a range inside one type', function () {
    const index = new SortedIndex();
    index.addAll([
      { key: [5], id: 'n5', doc: {} },
      { key: ['6'], id: 's6', doc: {} },
      { key: [7], id: 'n7', doc: {} },
      { key: [null], id: 'null', doc: {} },
    ]);
    expect(ids(index.rangeWithinType(NUMBERS, { value: 4, inclusive: false }, undefined))).to.deep.equal([
      'n5',
      'n7',
    ]);
    expect(ids(index.rangeWithinType(NUMBERS, undefined, { value: 6, inclusive: false }))).to.deep.equal([
      'n5',
    ]);
  });
});
