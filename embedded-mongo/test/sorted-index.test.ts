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

  it('scans and counts a compound interval (equal prefix, range on the next field) like a filtered sorted array, both ways', function () {
    const next = random(11);
    const index = new SortedIndex();
    const all: { key: unknown[]; id: string }[] = [];
    // Blocks split above 512 entries: 3,000 keys cross many block boundaries.
    for (let i = 0; i < 3000; i++) {
      const entry = {
        key: [Math.floor(next() * 4), Math.floor(next() * 100), i % 3],
        id: `d${String(i).padStart(4, '0')}`,
      };
      all.push(entry);
      index.add({ ...entry, doc: {} });
    }
    index.add({ key: [2, 'text', 0], id: 'string', doc: {} });
    const reference = [...all].sort((x, y) => {
      for (let k = 0; k < 3; k++) {
        const c = compareBson(x.key[k], y.key[k]);
        if (c !== 0) return c;
      }
      return x.id < y.id ? -1 : 1;
    });
    const cases = [
      {
        prefix: [2],
        range: {
          rank: NUMBERS,
          lower: { value: 10, inclusive: true },
          upper: { value: 40, inclusive: false },
        },
      },
      { prefix: [0], range: { rank: NUMBERS, upper: { value: 5, inclusive: true } } },
      { prefix: [3], range: { rank: NUMBERS, lower: { value: 90, inclusive: false } } },
      { prefix: [1, 50] },
      { prefix: [], range: { rank: NUMBERS, lower: { value: 3, inclusive: true } } },
      {
        prefix: [2],
        range: {
          rank: NUMBERS,
          lower: { value: 50, inclusive: false },
          upper: { value: 20, inclusive: false },
        },
      },
      { prefix: [9] },
    ];
    for (const interval of cases) {
      const p = interval.prefix.length;
      const expected = reference
        .filter((entry) => interval.prefix.every((value, k) => entry.key[k] === value))
        .filter((entry) => {
          const range = interval.range;
          if (!range) return true;
          const value = entry.key[p] as number;
          if (typeof value !== 'number') return false;
          if (range.lower && (range.lower.inclusive ? value < range.lower.value : value <= range.lower.value))
            return false;
          if (range.upper && (range.upper.inclusive ? value > range.upper.value : value >= range.upper.value))
            return false;
          return true;
        })
        .map((entry) => entry.id);
      expect(ids(index.scan(interval)), JSON.stringify(interval)).to.deep.equal(expected);
      expect(ids(index.scan(interval, true)), JSON.stringify(interval)).to.deep.equal(
        [...expected].reverse(),
      );
      expect(index.count(interval), JSON.stringify(interval)).to.equal(expected.length);
    }
    // The string key sits after the numbers of prefix [2]: no range of numbers reaches it.
    expect(ids(index.scan({ prefix: [2], range: { rank: typeRank('') } }))).to.deep.equal(['string']);
  });
});
