import { expect } from 'chai';
import { chmod, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startEmbeddedMongo } from '../../index.ts';
import { FileStorage, JOURNAL_FILE_NAME } from '../../src/storage/file-storage.ts';
import { encodeHeader } from '../../src/storage/journal-format.ts';
import { LOCK_FILE_NAME } from '../../src/storage/lock-file.ts';
import { useTempDir } from './temp-dir.ts';

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe('embedded engine: who can read its data', () => {
  const temp = useTempDir();

  it('creates its directory 0700 and its journal and lock file 0600', async () => {
    const dir = join(temp.path, 'db');
    const storage = new FileStorage({ dir, warn: () => {} });
    await storage.open();
    try {
      await storage.append([{ op: 'put', db: 'shop', coll: 'users', doc: { _id: 1, passwordHash: 'x' } }]);
      expect(await modeOf(dir)).to.equal(0o700);
      expect(await modeOf(join(dir, JOURNAL_FILE_NAME))).to.equal(0o600);
      expect(await modeOf(join(dir, LOCK_FILE_NAME))).to.equal(0o600);
    } finally {
      await storage.close();
    }
  });

  it('tightens a directory and a journal left readable by an earlier version, and says so', async () => {
    const dir = join(temp.path, 'db');
    await mkdir(dir);
    await chmod(dir, 0o755);
    await writeFile(join(dir, JOURNAL_FILE_NAME), encodeHeader());
    await chmod(join(dir, JOURNAL_FILE_NAME), 0o644);
    const warnings: string[] = [];
    const storage = new FileStorage({ dir, warn: (message) => warnings.push(message) });
    await storage.open();
    try {
      expect(await modeOf(dir)).to.equal(0o700);
      expect(await modeOf(join(dir, JOURNAL_FILE_NAME))).to.equal(0o600);
      expect(warnings.filter((warning) => warning.startsWith('Restricted'))).to.have.length(2);
    } finally {
      await storage.close();
    }
  });

  it('writes a compacted journal 0600 as well', async () => {
    const dir = join(temp.path, 'db');
    const storage = new FileStorage({ dir, warn: () => {}, compactMinRecords: 1, compactRatio: 1 });
    await storage.open();
    try {
      const docs = Array.from({ length: 5 }, (_, i) => ({ _id: i, n: i }));
      for (const doc of docs) await storage.append([{ op: 'put', db: 'shop', coll: 'c', doc }]);
      await storage.compact(() => docs.map((doc) => ({ op: 'put' as const, db: 'shop', coll: 'c', doc })));
      expect(await readdir(dir)).to.include(JOURNAL_FILE_NAME);
      expect(await modeOf(join(dir, JOURNAL_FILE_NAME))).to.equal(0o600);
    } finally {
      await storage.close();
    }
  });

  it('listens on loopback only, and refuses any other address whatever the thread', async () => {
    const engine = await startEmbeddedMongo();
    try {
      expect(engine.uri).to.match(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
    } finally {
      await engine.stop();
    }
    for (const options of [
      { host: '0.0.0.0' },
      { host: '::' },
      { host: '0.0.0.0', thread: 'worker' as const },
    ]) {
      const error = await startEmbeddedMongo(options).then(
        (started) => started.stop().then(() => null),
        (caught: Error) => caught,
      );
      expect(error?.message, options.host).to.match(/loopback addresses only/);
    }
  });
});
