import { expect } from 'chai';
import {
  Binary,
  Decimal128,
  Double,
  EJSON,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  Timestamp,
  UUID,
  type Document,
} from 'bson';
import { readdir, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FileStorage, JOURNAL_FILE_NAME, type FileStorageOptions } from '../../src/storage/file-storage.ts';
import { encodeFrame, encodeHeader, HEADER_SIZE } from '../../src/storage/journal-format.ts';
import { LOCK_FILE_NAME } from '../../src/storage/lock-file.ts';
import type { JournalRecord } from '../../src/storage/types.ts';
import { deadPid } from './dead-pid.ts';
import { Gate } from './gate.ts';
import { useTempDir } from './temp-dir.ts';

const put = (n: number, extra: Document = {}): JournalRecord => ({
  op: 'put',
  db: 'shop',
  coll: 'orders',
  doc: { _id: n, n, ...extra },
});

/** Canonical EJSON keeps BSON types apart (int32 vs int64 vs double), so equal text means an exact round trip. */
const canonical = (value: unknown) => EJSON.stringify(value as Document, { relaxed: false });

describe('FileStorage', () => {
  const dir = useTempDir();
  const warnings: string[] = [];
  const opened: FileStorage[] = [];

  function storage(options: Partial<FileStorageOptions> = {}): FileStorage {
    const created = new FileStorage({ dir: dir.path, warn: (m) => warnings.push(m), ...options });
    opened.push(created);
    return created;
  }

  async function reopen(options: Partial<FileStorageOptions> = {}): Promise<JournalRecord[]> {
    const again = storage(options);
    const records = await again.open();
    await again.close();
    return records;
  }

  /** Appends each list as its own call, closes, and returns the journal's byte offset before each append. */
  async function writeAppends(appends: JournalRecord[][]): Promise<number[]> {
    const store = storage();
    await store.open();
    const offsets: number[] = [];
    for (const records of appends) {
      offsets.push((await stat(store.journalPath)).size);
      await store.append(records);
    }
    await store.close();
    return offsets;
  }

  beforeEach(() => {
    warnings.length = 0;
  });

  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });

  describe('round trip', () => {
    it('starts an empty directory with an empty journal holding only its header', async () => {
      expect(await reopen()).to.deep.equal([]);
      expect(await readFile(join(dir.path, JOURNAL_FILE_NAME))).to.deep.equal(encodeHeader());
    });

    it('replays every record kind, in order, exactly as appended', async () => {
      const records: JournalRecord[] = [
        { op: 'createCollection', db: 'shop', coll: 'orders', options: { capped: false } },
        {
          op: 'createIndex',
          db: 'shop',
          coll: 'orders',
          spec: { key: { email: 1 }, name: 'email_1', unique: true },
        },
        put(1, { email: 'a@example.com' }),
        { op: 'delete', db: 'shop', coll: 'orders', id: new ObjectId('65a1b2c3d4e5f60718293a4b') },
        { op: 'dropIndex', db: 'shop', coll: 'orders', name: 'email_1' },
        { op: 'dropCollection', db: 'shop', coll: 'orders' },
        { op: 'dropDatabase', db: 'shop' },
      ];
      await writeAppends([records.slice(0, 3), records.slice(3)]);
      expect(canonical(await reopen())).to.equal(canonical(records));
    });

    it('keeps every BSON type a document can hold', async () => {
      const doc = {
        _id: new ObjectId(),
        int32: 42,
        double: 4.5,
        negativeZero: -0,
        int64: Long.fromString('9007199254740993'),
        smallInt64: Long.fromNumber(7),
        decimal: Decimal128.fromString('10.25'),
        date: new Date('2026-11-25T03:00:00.123Z'),
        timestamp: new Timestamp({ t: 1_700_000_000, i: 3 }),
        binary: new Binary(Buffer.from([0, 1, 2, 255]), 0),
        uuid: new UUID('0d6f2c3e-8a7b-4c5d-9e0f-112233445566'),
        regex: /^shoe/i,
        min: new MinKey(),
        max: new MaxKey(),
        nothing: null,
        nested: { list: [1, 'two', { three: [new Date(0)] }], empty: {} },
        'dotted.key': true,
        $dollar: 'kept',
        unicode: 'crème brûlée ☕',
      };
      await writeAppends([[{ op: 'put', db: 'shop', coll: 'things', doc }]]);
      const [replayed] = await reopen();
      expect(canonical(replayed)).to.equal(canonical({ op: 'put', db: 'shop', coll: 'things', doc }));
      const replayedDoc = (replayed as Extract<JournalRecord, { op: 'put' }>).doc;
      expect(replayedDoc._id).to.be.instanceOf(ObjectId);
      expect(replayedDoc.int64).to.be.instanceOf(Long);
      expect(replayedDoc.smallInt64).to.be.instanceOf(Long);
      expect(replayedDoc.date).to.be.instanceOf(Date);
      expect(replayedDoc.decimal).to.be.instanceOf(Decimal128);
      expect(Object.is(replayedDoc.negativeZero, -0)).to.equal(true);
      expect(Object.keys(replayedDoc)).to.deep.equal(Object.keys(doc));
    });

    it('gives boxed doubles and int32s back as plain numbers, as the engine holds them', async () => {
      const doc = { _id: 1, wholeDouble: new Double(3), boxedInt32: new Int32(5) };
      await writeAppends([[{ op: 'put', db: 'shop', coll: 'things', doc }]]);
      const [replayed] = await reopen();
      expect((replayed as Extract<JournalRecord, { op: 'put' }>).doc).to.deep.equal({
        _id: 1,
        wholeDouble: 3,
        boxedInt32: 5,
      });
    });

    it('acknowledges an empty append without writing anything', async () => {
      const store = storage();
      await store.open();
      await store.append([]);
      expect((await stat(store.journalPath)).size).to.equal(HEADER_SIZE);
    });

    it('refuses appends before open and after close', async () => {
      const store = storage();
      await expectRejection(store.append([put(1)]), /storage is new/);
      await store.open();
      await store.close();
      await expectRejection(store.append([put(1)]), /storage is closed/);
    });

    it('writes appends still waiting at close before it returns', async () => {
      const store = storage();
      await store.open();
      const acknowledged = [1, 2, 3].map((n) => store.append([put(n)]));
      await store.close();
      await Promise.all(acknowledged);
      expect(await reopen()).to.have.length(3);
    });
  });

  describe('crash recovery', () => {
    const appends = [[put(1)], [put(2), put(3)], [put(4, { note: 'the last command, two records' }), put(5)]];

    it('drops exactly the incomplete last frame, wherever the file was cut inside it', async () => {
      const offsets = await writeAppends(appends);
      const journal = join(dir.path, JOURNAL_FILE_NAME);
      const whole = await readFile(journal);
      const lastFrameStart = offsets[2]!;
      for (let cut = lastFrameStart + 1; cut < whole.length; cut++) {
        await writeFile(journal, whole.subarray(0, cut));
        const records = await reopen();
        expect(records.map((r) => (r as { doc: Document }).doc._id)).to.deep.equal([1, 2, 3]);
        expect((await stat(journal)).size, `cut at ${cut}`).to.equal(lastFrameStart);
      }
      expect(warnings).to.have.length(whole.length - lastFrameStart - 1);
      expect(warnings[0]).to.match(/Dropped an incomplete write of \d+ bytes/);
    });

    it('keeps a journal cut exactly between two frames whole, with no warning', async () => {
      const offsets = await writeAppends(appends);
      await truncate(join(dir.path, JOURNAL_FILE_NAME), offsets[2]!);
      expect(await reopen()).to.have.length(3);
      expect(warnings).to.deep.equal([]);
    });

    it('treats a zero-filled tail (file grown, data never written) as an incomplete write', async () => {
      await writeAppends(appends);
      const journal = join(dir.path, JOURNAL_FILE_NAME);
      await writeFile(journal, Buffer.concat([await readFile(journal), Buffer.alloc(4096)]));
      expect(await reopen()).to.have.length(5);
      expect(warnings[0]).to.match(/incomplete write of 4096 bytes/);
    });

    it('drops a frame that fails its checksum, and everything after it, keeping the bytes aside', async () => {
      const offsets = await writeAppends(appends);
      const journal = join(dir.path, JOURNAL_FILE_NAME);
      const bytes = await readFile(journal);
      bytes[offsets[1]! + 20]! ^= 0xff;
      await writeFile(journal, bytes);
      expect(await reopen()).to.have.length(1);
      expect(warnings[0]).to.match(/fails its checksum/);
      const aside = (await readdir(dir.path)).filter((name) => name.includes('.damaged-'));
      expect(aside).to.have.length(1);
      expect(await readFile(join(dir.path, aside[0]!))).to.deep.equal(bytes.subarray(offsets[1]!));
    });

    it('keeps appending after a recovered tail, and replays the new appends too', async () => {
      const offsets = await writeAppends(appends);
      await truncate(join(dir.path, JOURNAL_FILE_NAME), offsets[2]! + 3);
      const store = storage();
      expect(await store.open()).to.have.length(3);
      await store.append([put(6)]);
      await store.close();
      expect((await reopen()).map((r) => (r as { doc: Document }).doc._id)).to.deep.equal([1, 2, 3, 6]);
    });

    it('opens a journal left with a half-written header by a crash at creation as empty', async () => {
      await writeFile(join(dir.path, JOURNAL_FILE_NAME), encodeHeader().subarray(0, 6));
      expect(await reopen()).to.deep.equal([]);
      expect(await readFile(join(dir.path, JOURNAL_FILE_NAME))).to.deep.equal(encodeHeader());
    });

    it('removes the temp file of a compaction interrupted by a crash, keeping the journal', async () => {
      await writeAppends(appends);
      await writeFile(join(dir.path, `${JOURNAL_FILE_NAME}.compacting`), encodeHeader());
      expect(await reopen()).to.have.length(5);
      expect(await readdir(dir.path)).to.deep.equal([JOURNAL_FILE_NAME]);
    });
  });

  describe('format versioning', () => {
    it('refuses a file that is not a journal, saying so, and releases the lock', async () => {
      await writeFile(join(dir.path, JOURNAL_FILE_NAME), 'name,email\nAda,ada@example.com\n');
      await expectRejection(storage().open(), /is not an embedded-mongo journal/);
      expect(await readdir(dir.path)).not.to.include(LOCK_FILE_NAME);
    });

    it('refuses a journal written in a newer format version, naming both versions', async () => {
      await writeFile(join(dir.path, JOURNAL_FILE_NAME), encodeHeader(2));
      await expectRejection(
        storage().open(),
        /format version 2, but this engine reads only version 1.*newer/,
      );
    });

    it('refuses a whole, checksummed frame holding a record kind it does not know', async () => {
      const unknownKind = {
        op: 'renameCollection',
        db: 'shop',
        coll: 'a',
        to: 'b',
      } as unknown as JournalRecord;
      await writeFile(
        join(dir.path, JOURNAL_FILE_NAME),
        Buffer.concat([encodeHeader(), encodeFrame([unknownKind])]),
      );
      await expectRejection(storage().open(), /unknown record kind "renameCollection".*newer engine/);
      // Nothing dropped (the file written here by hand was only made private: see file-modes.test.ts).
      expect(warnings.filter((warning) => !warning.startsWith('Restricted'))).to.deep.equal([]);
    });

    it('refuses a journal whose header is damaged', async () => {
      const header = encodeHeader();
      header[9] = 0x7f;
      await writeFile(join(dir.path, JOURNAL_FILE_NAME), header);
      await expectRejection(storage().open(), /damaged header/);
    });
  });

  describe('locking', () => {
    it('refuses a second storage on the same directory while the first is open', async () => {
      const first = storage();
      await first.open();
      await expectRejection(storage().open(), /in use by process/);
      await first.close();
      expect(await reopen()).to.deep.equal([]);
    });

    it('takes over the lock of a crashed process and replays its journal', async () => {
      await writeAppends([[put(1)]]);
      const pid = await deadPid();
      await writeFile(
        join(dir.path, LOCK_FILE_NAME),
        JSON.stringify({ pid, startedAt: new Date().toISOString() }),
      );
      expect(await reopen()).to.have.length(1);
    });
  });

  describe('group commit', () => {
    it('writes appends made together with one fsync', async () => {
      let syncs = 0;
      const store = storage({ syncFile: (h) => (syncs++, h.datasync()) });
      await store.open();
      syncs = 0;
      await Promise.all(Array.from({ length: 50 }, (_, n) => store.append([put(n)])));
      expect(syncs).to.equal(1);
    });

    it('lets appends that arrive during an fsync share the next one', async () => {
      const firstSync = new Gate();
      let syncs = -1;
      const store = storage({
        syncFile: async (h) => {
          if (syncs >= 0 && ++syncs === 1) await firstSync.passed();
          await h.datasync();
        },
      });
      await store.open();
      syncs = 0;
      const first = store.append([put(0)]);
      await firstSync.reached();
      const later = Array.from({ length: 20 }, (_, n) => store.append([put(n + 1)]));
      firstSync.open();
      await Promise.all([first, ...later]);
      expect(syncs).to.equal(2);
      await store.close();
      expect(await reopen()).to.have.length(21);
    });

    it('with a delay, gathers appends spread over time into one fsync', async () => {
      let syncs = 0;
      const store = storage({ groupCommitMaxDelayMs: 50, syncFile: (h) => (syncs++, h.datasync()) });
      await store.open();
      syncs = 0;
      const first = store.append([put(1)]);
      await new Promise((resolve) => setImmediate(resolve));
      await Promise.all([first, store.append([put(2)])]);
      expect(syncs).to.equal(1);
    });

    it('resolves an append only after its fsync completed', async () => {
      const sync = new Gate();
      const store = storage({ syncFile: async (h) => (await sync.passed(), h.datasync()) });
      sync.open();
      await store.open();
      sync.close();
      let acknowledged = false;
      const pending = store.append([put(1)]).then(() => (acknowledged = true));
      await sync.reached();
      expect(acknowledged).to.equal(false);
      sync.open();
      await pending;
      expect(acknowledged).to.equal(true);
    });

    it('rejects every waiting append when fsync fails, and refuses later ones', async () => {
      let fail = false;
      const store = storage({
        syncFile: async (h) => {
          if (fail) throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
          await h.datasync();
        },
      });
      await store.open();
      await store.append([put(1)]);
      fail = true;
      const outcomes = await Promise.allSettled([1, 2, 3].map((n) => store.append([put(n + 1)])));
      expect(outcomes.map((o) => o.status)).to.deep.equal(['rejected', 'rejected', 'rejected']);
      for (const outcome of outcomes) {
        expect((outcome as PromiseRejectedResult).reason.message).to.match(
          /could not be written to disk.*EIO/,
        );
      }
      fail = false;
      await expectRejection(store.append([put(9)]), /refused until the engine restarts/);
      await store.close();
      expect(await readdir(dir.path)).not.to.include(LOCK_FILE_NAME);
    });
  });

  describe('compaction', () => {
    /** A tiny stand-in for the engine: live documents by _id, and the records that rebuild them. */
    class Model {
      readonly docs = new Map<number, Document>();
      apply(record: JournalRecord): JournalRecord {
        if (record.op === 'put') this.docs.set(record.doc._id as number, record.doc);
        if (record.op === 'delete') this.docs.delete(record.id as number);
        return record;
      }
      *snapshot(): Iterable<JournalRecord> {
        yield { op: 'createCollection', db: 'shop', coll: 'orders', options: {} };
        for (const doc of this.docs.values()) yield { op: 'put', db: 'shop', coll: 'orders', doc };
      }
    }

    function replayInto(records: JournalRecord[]): Map<number, Document> {
      const model = new Model();
      for (const record of records) model.apply(record);
      return model.docs;
    }

    it('asks for compaction only past both the floor and the ratio', async () => {
      const store = storage({ compactMinRecords: 12, compactRatio: 2 });
      await store.open();
      for (let n = 0; n < 12; n++) await store.append([put(n % 3)]);
      expect(store.shouldCompact(1), 'below the floor').to.equal(false);
      await store.append([put(0)]);
      expect(store.shouldCompact(3)).to.equal(true);
      expect(store.shouldCompact(7), 'below the ratio').to.equal(false);
    });

    it('rewrites the journal as the live state, smaller, and replays to the same state', async () => {
      const model = new Model();
      const store = storage({ compactMinRecords: 10 });
      await store.open();
      for (let n = 0; n < 300; n++) await store.append([model.apply(put(n % 10, { version: n }))]);
      await store.append([model.apply({ op: 'delete', db: 'shop', coll: 'orders', id: 3 })]);
      expect(store.shouldCompact(10)).to.equal(true);
      const before = (await stat(store.journalPath)).size;
      await store.compact(() => model.snapshot());
      expect((await stat(store.journalPath)).size).to.be.below(before / 10);
      expect(store.shouldCompact(10)).to.equal(false);
      await store.append([model.apply(put(42))]);
      await store.close();
      const records = await reopen();
      expect(records).to.have.length(1 + 9 + 1);
      expect(canonical([...replayInto(records)])).to.equal(canonical([...model.docs]));
      expect(await readdir(dir.path)).to.deep.equal([JOURNAL_FILE_NAME]);
    });

    it('keeps appends acknowledged while the snapshot was being written', async () => {
      const snapshotSync = new Gate();
      const model = new Model();
      const store = storage({
        syncFile: async (h, path) => {
          if (path.endsWith('.compacting')) await snapshotSync.passed();
          await h.datasync();
        },
      });
      await store.open();
      for (let n = 0; n < 5; n++) await store.append([model.apply(put(n))]);
      const compaction = store.compact(() => model.snapshot());
      await snapshotSync.reached();
      // Written to the old journal and acknowledged before the new one exists.
      await store.append([model.apply(put(100))]);
      await store.append([model.apply({ op: 'delete', db: 'shop', coll: 'orders', id: 0 })]);
      snapshotSync.open();
      await compaction;
      await store.close();
      const records = await reopen();
      expect(canonical([...replayInto(records)])).to.equal(canonical([...model.docs]));
      expect(records.slice(-2).map((r) => r.op)).to.deep.equal(['put', 'delete']);
    });

    it('keeps appends that wait while the new journal replaces the old one', async () => {
      const journalSync = new Gate();
      journalSync.open();
      let snapshotSynced = () => {};
      const snapshotDurable = new Promise<void>((resolve) => (snapshotSynced = resolve));
      const model = new Model();
      const store = storage({
        syncFile: async (h, path) => {
          if (path.endsWith(JOURNAL_FILE_NAME)) await journalSync.passed();
          await h.datasync();
          if (path.endsWith('.compacting')) snapshotSynced();
        },
      });
      await store.open();
      for (let n = 0; n < 5; n++) await store.append([model.apply(put(n))]);
      const beforeSnapshot = store.append([model.apply(put(50))]);
      journalSync.close();
      const compaction = store.compact(() => model.snapshot());
      const during = store.append([model.apply(put(51))]);
      await journalSync.reached();
      await snapshotDurable;
      await new Promise((resolve) => setImmediate(resolve));
      // The swap now waits for the journal fsync in flight; these wait for the swap.
      const afterSwap = [store.append([model.apply(put(52))]), store.append([model.apply(put(1, { v: 2 }))])];
      journalSync.open();
      await Promise.all([beforeSnapshot, compaction, during, ...afterSwap]);
      await store.close();
      const records = await reopen();
      expect(canonical([...replayInto(records)])).to.equal(canonical([...model.docs]));
      const ids = records.filter((r) => r.op === 'put').map((r) => (r as { doc: Document }).doc._id);
      expect(
        ids.filter((id) => id === 50),
        'an append inside the snapshot is not repeated',
      ).to.have.length(1);
    });

    it('leaves the journal untouched when the snapshot cannot be written', async () => {
      const store = storage({
        syncFile: async (h, path) => {
          if (path.endsWith('.compacting')) throw new Error('ENOSPC: no space left on device');
          await h.datasync();
        },
      });
      await store.open();
      await store.append([put(1)]);
      await expectRejection(
        store.compact(() => [put(1)]),
        /ENOSPC/,
      );
      await store.append([put(2)]);
      await store.close();
      expect(await reopen()).to.have.length(2);
      expect(await readdir(dir.path)).to.deep.equal([JOURNAL_FILE_NAME]);
    });
  });
});

async function expectRejection(promise: Promise<unknown>, message: RegExp): Promise<void> {
  const outcome = await promise.then(
    () => null,
    (error: unknown) => error,
  );
  expect(outcome, 'expected a rejection').to.be.instanceOf(Error);
  expect((outcome as Error).message).to.match(message);
}
