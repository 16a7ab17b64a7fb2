import { randomBytes } from 'node:crypto';
import { open, readdir, readFile, rename } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { errorCode, unlinkIfPresent } from './fs-helpers.ts';

export const LOCK_FILE_NAME = 'embedded-mongo.lock';

export interface LockInfo {
  pid: number;
  host?: string;
  port?: number;
  startedAt: string;
}

export interface DataDirLock {
  readonly path: string;
  readonly info: LockInfo;
  /** Removes the lock file if it is still ours; safe to call twice. */
  release(): Promise<void>;
}

export class DataDirLockedError extends Error {
  readonly code = 'EMBEDDED_MONGO_LOCKED';
  constructor(
    readonly dir: string,
    readonly holderPid: number,
  ) {
    super(
      `The data directory ${dir} is in use by process ${holderPid} (lock file ${join(dir, LOCK_FILE_NAME)}). ` +
        'Stop that process, or connect to its engine instead of opening the directory a second time.',
    );
    this.name = 'DataDirLockedError';
  }
}

// A lock file is written in two steps (create, then write), so a reader can briefly see it empty;
// a few short retries tell "being written" from "left empty by a crash".
const UNREADABLE_LOCK_RETRIES = 5;
const UNREADABLE_LOCK_RETRY_MS = 20;
const MAX_ACQUIRE_ATTEMPTS = 10;
const MAX_GUARD_WAITS = 100;
const GUARD_RETRY_MS = 10;

export async function acquireLock(dir: string): Promise<DataDirLock> {
  const path = join(dir, LOCK_FILE_NAME);
  const info: LockInfo = { pid: process.pid, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < MAX_ACQUIRE_ATTEMPTS; attempt++) {
    if (await tryCreate(path, info)) {
      await removeLeftoverUpdates(dir);
      return makeLock(path, info);
    }
    const holder = await readHolder(path);
    if (holder === 'missing') continue;
    if (holder !== 'unreadable' && isAlive(holder.pid)) throw new DataDirLockedError(dir, holder.pid);
    await removeStaleLock(path, holder);
  }
  throw new Error(`Could not acquire ${path}: other processes keep taking it over; try again.`);
}

/** Records where the engine listens, so command-line tools can reach it (see readRunningEngine). */
export async function updateLockInfo(dir: string, address: { host: string; port: number }): Promise<void> {
  const path = join(dir, LOCK_FILE_NAME);
  const current = parseLock(await readFile(path, 'utf8'));
  if (!current || current.pid !== process.pid) {
    throw new Error(`Cannot update ${path}: this process (${process.pid}) does not hold the lock.`);
  }
  // Write aside and rename, so a reader never sees a half-written lock that looks stale.
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeDurably(temp, { ...current, host: address.host, port: address.port }, 'w');
  await rename(temp, path);
}

/** The address of a live engine holding `dir`, or null when no engine there accepts connections. */
export async function readRunningEngine(dir: string): Promise<{ uri: string } | null> {
  const holder = await readHolder(join(dir, LOCK_FILE_NAME));
  if (holder === 'missing' || holder === 'unreadable' || holder.port === undefined) return null;
  if (!isAlive(holder.pid)) return null;
  const host = connectableHost(holder.host);
  if (!(await acceptsConnections(host, holder.port))) return null;
  const hostInUri = host.includes(':') ? `[${host}]` : host;
  return { uri: `mongodb://${hostInUri}:${holder.port}/` };
}

/** Only the holder writes lock updates, so any left in the directory belong to a dead holder. */
async function removeLeftoverUpdates(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (name.startsWith(`${LOCK_FILE_NAME}.`) && name.endsWith('.tmp'))
      await unlinkIfPresent(join(dir, name));
  }
}

async function tryCreate(path: string, info: LockInfo): Promise<boolean> {
  try {
    await writeDurably(path, info, 'wx');
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  }
}

async function writeDurably(path: string, info: LockInfo, flags: 'w' | 'wx'): Promise<void> {
  const handle = await open(path, flags, 0o600);
  try {
    await handle.chmod(0o600);
    await handle.writeFile(JSON.stringify(info));
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function makeLock(path: string, info: LockInfo): DataDirLock {
  let released = false;
  return {
    path,
    info,
    async release() {
      if (released) return;
      released = true;
      const holder = await readHolder(path);
      if (holder === 'missing' || holder === 'unreadable') return;
      if (holder.pid === info.pid && holder.startedAt === info.startedAt) await unlinkIfPresent(path);
    },
  };
}

type Holder = LockInfo | 'missing' | 'unreadable';

async function readHolder(path: string): Promise<Holder> {
  for (let attempt = 0; ; attempt++) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return 'missing';
      throw error;
    }
    const info = parseLock(text);
    if (info) return info;
    if (attempt >= UNREADABLE_LOCK_RETRIES) return 'unreadable';
    await new Promise((resolve) => setTimeout(resolve, UNREADABLE_LOCK_RETRY_MS));
  }
}

/**
 * Removes a lock judged stale, under a guard file so that contenders take turns: each re-reads the
 * lock while holding the guard and removes it only if it is still the one judged stale. Without the
 * guard, a slow contender could remove the fresh lock of a faster one, and both would run.
 */
async function removeStaleLock(path: string, judged: LockInfo | 'unreadable'): Promise<void> {
  const guardPath = `${path}.takeover`;
  const guard: LockInfo = { pid: process.pid, startedAt: new Date().toISOString() };
  for (let attempt = 0; !(await tryCreate(guardPath, guard)); attempt++) {
    const holder = await readHolder(guardPath);
    // A guard outlives its holder only if that process died within the few milliseconds of a takeover.
    if (holder === 'unreadable' || (holder !== 'missing' && !isAlive(holder.pid))) {
      await unlinkIfPresent(guardPath);
    } else if (attempt >= MAX_GUARD_WAITS) {
      throw new Error(`Could not take over ${path}: ${guardPath} stays held by another process.`);
    } else {
      await new Promise((resolve) => setTimeout(resolve, GUARD_RETRY_MS));
    }
  }
  try {
    const current = await readHolder(path);
    const stillJudged =
      judged === 'unreadable'
        ? current === 'unreadable'
        : current !== 'missing' &&
          current !== 'unreadable' &&
          current.pid === judged.pid &&
          current.startedAt === judged.startedAt;
    if (stillJudged) await unlinkIfPresent(path);
  } finally {
    await unlinkIfPresent(guardPath);
  }
}

function parseLock(text: string): LockInfo | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  if (!Number.isInteger(record.pid) || typeof record.startedAt !== 'string') return null;
  const info: LockInfo = { pid: record.pid as number, startedAt: record.startedAt };
  if (typeof record.host === 'string') info.host = record.host;
  if (Number.isInteger(record.port)) info.port = record.port as number;
  return info;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user, so it is alive.
    return errorCode(error) === 'EPERM';
  }
}

function connectableHost(host: string | undefined): string {
  if (host === undefined || host === '' || host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '::1';
  return host;
}

const CONNECT_TIMEOUT_MS = 1000;

function acceptsConnections(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(CONNECT_TIMEOUT_MS, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}
