import { setTimeout as delay } from 'node:timers/promises';

import { expect } from 'chai';

import { Engine } from '../src/engine/engine.ts';
import { CollectionIndex } from '../src/engine/collection-index.ts';
import type { JournalRecord, Storage } from '../src/storage/types.ts';
import { startEngine } from './helpers/engine.ts';

/** Storage that keeps what it is given, to see what the engine journals. */
class RecordingStorage implements Storage {
  readonly appended: JournalRecord[][] = [];
  async open(): Promise<JournalRecord[]> {
    return [];
  }
  async append(records: JournalRecord[]): Promise<void> {
    this.appended.push(records);
  }
  async compact(): Promise<void> {}
  shouldCompact(): boolean {
    return false;
  }
  async close(): Promise<void> {}
}

describe('embedded engine: TTL indexes', function () {
  it('removes documents whose date is older than expireAfterSeconds, and journals the deletions', async function () {
    const storage = new RecordingStorage();
    const engine = new Engine({ storage, ttlSweepMs: 3_600_000 });
    await engine.open();
    try {
      const sessions = engine.catalog.getOrCreate('app', 'sessions');
      sessions.addIndex(
        new CollectionIndex({ v: 2, key: { seenAt: 1 }, name: 'seenAt_1', expireAfterSeconds: 60 }),
      );
      const now = Date.now();
      sessions.insert({ _id: 'old', seenAt: new Date(now - 61_000) });
      sessions.insert({ _id: 'fresh', seenAt: new Date(now - 30_000) });
      sessions.insert({ _id: 'array', seenAt: [new Date(now - 120_000), new Date(now)] });
      sessions.insert({ _id: 'not-a-date', seenAt: 'yesterday' });
      await engine.commit();
      storage.appended.length = 0;

      expect(await engine.sweepTtl()).to.equal(2);
      expect([...sessions.docs.values()].map((doc) => doc._id).sort()).to.deep.equal(['fresh', 'not-a-date']);
      // In index order: the array's earliest date is the oldest.
      expect(storage.appended.flat()).to.deep.equal([
        { op: 'delete', db: 'app', coll: 'sessions', id: 'array' },
        { op: 'delete', db: 'app', coll: 'sessions', id: 'old' },
      ]);
    } finally {
      await engine.close();
    }
  });

  it('sweeps periodically at the configured interval', async function () {
    const fixture = await startEngine({ ttlSweepMs: 20 });
    try {
      const sessions = fixture.db.collection('sessions');
      await sessions.createIndex({ seenAt: 1 }, { expireAfterSeconds: 0 });
      await sessions.insertOne({ seenAt: new Date(Date.now() - 1000) });
      // The sweep runs on a timer, so there is no event to await: poll, boundedly.
      let remaining = 1;
      for (let attempt = 0; attempt < 200 && remaining > 0; attempt++) {
        await delay(10);
        remaining = await sessions.countDocuments();
      }
      expect(remaining).to.equal(0);
    } finally {
      await fixture.close();
    }
  });
});
