import { expect } from 'chai';
import { once } from 'node:events';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  acquireLock,
  DataDirLockedError,
  type DataDirLock,
  LOCK_FILE_NAME,
  readRunningEngine,
  updateLockInfo,
} from '../../src/storage/lock-file.ts';
import { deadPid } from './dead-pid.ts';
import { useTempDir } from './temp-dir.ts';

describe('data directory lock file', () => {
  const dir = useTempDir();

  it('records the owning pid and start time, and disappears on release', async () => {
    const lock = await acquireLock(dir.path);
    const content = JSON.parse(await readFile(join(dir.path, LOCK_FILE_NAME), 'utf8'));
    expect(content.pid).to.equal(process.pid);
    expect(Date.parse(content.startedAt)).to.be.closeTo(Date.now(), 60_000);
    await lock.release();
    expect(await readdir(dir.path)).to.deep.equal([]);
  });

  it('refuses a directory held by a live process, naming the pid and the directory', async () => {
    await writeFile(
      join(dir.path, LOCK_FILE_NAME),
      JSON.stringify({ pid: process.ppid, startedAt: new Date().toISOString() }),
    );
    const error = await acquireLock(dir.path).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(DataDirLockedError);
    expect((error as DataDirLockedError).code).to.equal('EMBEDDED_MONGO_LOCKED');
    expect((error as Error).message)
      .to.include(String(process.ppid))
      .and.include(dir.path);
  });

  it('refuses a second lock on the same directory from the same process', async () => {
    const first = await acquireLock(dir.path);
    try {
      const error = await acquireLock(dir.path).catch((e: unknown) => e);
      expect(error).to.have.property('code', 'EMBEDDED_MONGO_LOCKED');
    } finally {
      await first.release();
    }
  });

  it('takes over the lock of a process that died', async () => {
    const pid = await deadPid();
    await writeFile(
      join(dir.path, LOCK_FILE_NAME),
      JSON.stringify({ pid, startedAt: '2020-01-01T00:00:00Z' }),
    );
    const lock = await acquireLock(dir.path);
    const content = JSON.parse(await readFile(join(dir.path, LOCK_FILE_NAME), 'utf8'));
    expect(content.pid).to.equal(process.pid);
    await lock.release();
    expect(await readdir(dir.path)).to.deep.equal([]);
  });

  it('clears the half-done address update of a holder that crashed', async () => {
    const pid = await deadPid();
    await writeFile(
      join(dir.path, LOCK_FILE_NAME),
      JSON.stringify({ pid, startedAt: '2020-01-01T00:00:00Z' }),
    );
    await writeFile(join(dir.path, `${LOCK_FILE_NAME}.${pid}.0a1b2c3d.tmp`), '{"pid":');
    const lock = await acquireLock(dir.path);
    expect(await readdir(dir.path)).to.deep.equal([LOCK_FILE_NAME]);
    await lock.release();
  });

  it('takes over a lock file left empty by a crash between create and write', async () => {
    await writeFile(join(dir.path, LOCK_FILE_NAME), '');
    const lock = await acquireLock(dir.path);
    expect(lock.info.pid).to.equal(process.pid);
    await lock.release();
  });

  it('lets exactly one of several simultaneous contenders take over a stale lock', async () => {
    const pid = await deadPid();
    for (let round = 0; round < 10; round++) {
      await writeFile(join(dir.path, LOCK_FILE_NAME), JSON.stringify({ pid, startedAt: `round ${round}` }));
      const outcomes = await Promise.allSettled([1, 2, 3, 4, 5, 6].map(() => acquireLock(dir.path)));
      const winners = outcomes.filter((o) => o.status === 'fulfilled');
      expect(winners, `round ${round}`).to.have.length(1);
      for (const loser of outcomes.filter((o) => o.status === 'rejected')) {
        expect(loser.reason).to.have.property('code', 'EMBEDDED_MONGO_LOCKED');
      }
      await (winners[0] as PromiseFulfilledResult<DataDirLock>).value.release();
      expect(await readdir(dir.path)).to.deep.equal([]);
    }
  });

  it('does not remove a lock that another process took over after ours', async () => {
    const lock = await acquireLock(dir.path);
    const other = JSON.stringify({ pid: process.ppid, startedAt: new Date().toISOString() });
    await writeFile(join(dir.path, LOCK_FILE_NAME), other);
    await lock.release();
    expect(await readFile(join(dir.path, LOCK_FILE_NAME), 'utf8')).to.equal(other);
  });

  describe('finding a running engine', () => {
    it('returns the uri of the engine that holds the directory and accepts connections', async () => {
      const server = createServer((socket) => socket.destroy());
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      const { port } = server.address() as AddressInfo;
      const lock = await acquireLock(dir.path);
      try {
        await updateLockInfo(dir.path, { host: '127.0.0.1', port });
        expect(await readRunningEngine(dir.path)).to.deep.equal({ uri: `mongodb://127.0.0.1:${port}/` });
        const content = JSON.parse(await readFile(join(dir.path, LOCK_FILE_NAME), 'utf8'));
        expect(content).to.include({
          pid: process.pid,
          host: '127.0.0.1',
          port,
          startedAt: lock.info.startedAt,
        });
      } finally {
        await lock.release();
        server.close();
        await once(server, 'close');
      }
    });

    it('returns null when the holder no longer accepts connections', async () => {
      const server = createServer();
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      const { port } = server.address() as AddressInfo;
      server.close();
      await once(server, 'close');
      const lock = await acquireLock(dir.path);
      try {
        await updateLockInfo(dir.path, { host: '127.0.0.1', port });
        expect(await readRunningEngine(dir.path)).to.equal(null);
      } finally {
        await lock.release();
      }
    });

    it('returns null when there is no lock, or its holder is dead', async () => {
      expect(await readRunningEngine(dir.path)).to.equal(null);
      const pid = await deadPid();
      await writeFile(
        join(dir.path, LOCK_FILE_NAME),
        JSON.stringify({ pid, host: '127.0.0.1', port: 1, startedAt: '2020-01-01T00:00:00Z' }),
      );
      expect(await readRunningEngine(dir.path)).to.equal(null);
    });

    it('refuses to update the address of a lock this process does not hold', async () => {
      await writeFile(
        join(dir.path, LOCK_FILE_NAME),
        JSON.stringify({ pid: process.ppid, startedAt: new Date().toISOString() }),
      );
      const error = await updateLockInfo(dir.path, { host: '127.0.0.1', port: 1 }).catch((e: unknown) => e);
      expect((error as Error).message).to.include('does not hold the lock');
    });
  });
});
