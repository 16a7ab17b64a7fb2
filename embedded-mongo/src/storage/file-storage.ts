import { chmod, mkdir, open, rename, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  encodeFrame,
  encodeHeader,
  encodeSnapshot,
  isUnfinishedHeader,
  readJournal,
  HEADER_SIZE,
  type DamagedTail,
} from './journal-format.ts';
import {
  asError,
  chunkBuffers,
  errorCode,
  syncDirectory,
  unlinkIfPresent,
  writeFully,
} from './fs-helpers.ts';
import { acquireLock, type DataDirLock } from './lock-file.ts';
import type { JournalRecord, Storage } from './types.ts';

export const JOURNAL_FILE_NAME = 'journal.emdb';
const COMPACTION_FILE_NAME = `${JOURNAL_FILE_NAME}.compacting`;
/** Records per frame in a compacted journal: big enough to amortise framing, small enough to stay cheap. */
const SNAPSHOT_RECORDS_PER_FRAME = 1000;
/** Bytes per write() while copying a snapshot into the compaction file. */
const SNAPSHOT_WRITE_CHUNK = 8 * 1024 * 1024;
/**
 * The journal holds every document (password hashes and customers' data included) and the engine has no
 * authentication: only the owner may read the directory and its files. Existing ones are tightened at open.
 */
export const DATA_DIR_MODE = 0o700;
export const DATA_FILE_MODE = 0o600;

export interface FileStorageOptions {
  dir: string;
  /**
   * How long an append to an idle journal waits for others to share its write + fsync. 0 (the
   * default) still batches: appends that arrive while an fsync is running share the next one.
   */
  groupCommitMaxDelayMs?: number;
  /** Compact once the journal holds more than this many records... */
  compactMinRecords?: number;
  /** ...and more than this many times the live record count. */
  compactRatio?: number;
  /** Makes the bytes written to the file at `path` durable. Tests replace it to count calls or to fail. */
  syncFile?: (handle: FileHandle, path: string) => Promise<void>;
  /** Recovery notices (a dropped torn tail). */
  warn?: (message: string) => void;
}

interface PendingAppend {
  seq: number;
  frame: Buffer;
  recordCount: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

interface Compaction {
  /** Appends numbered from here on are not in the snapshot, so they must follow it in the new journal. */
  firstSeqAfterSnapshot: number;
  tail: Buffer[];
  tailRecords: number;
  done: Promise<void>;
}

type State = 'new' | 'opening' | 'open' | 'closing' | 'closed';

/**
 * An append-only journal in one file, written with group commit: every append waiting while a
 * write + fsync runs joins the next one, so throughput grows with the number of concurrent writers.
 */
export class FileStorage implements Storage {
  readonly dir: string;
  readonly journalPath: string;
  private readonly groupCommitMaxDelayMs: number;
  private readonly compactMinRecords: number;
  private readonly compactRatio: number;
  private readonly syncFile: (handle: FileHandle, path: string) => Promise<void>;
  private readonly warn: (message: string) => void;

  private state: State = 'new';
  private lock: DataDirLock | null = null;
  private handle: FileHandle | null = null;
  /** End of the valid journal; the next frame goes here. */
  private size = 0;
  private journalRecords = 0;
  private nextSeq = 0;
  /** Appends numbered below this are contained in the snapshot the current journal starts with. */
  private journalBaseSeq = 0;
  private pending: PendingAppend[] = [];
  private flushing = false;
  private idleWaiters: (() => void)[] = [];
  /** Serialises file writes: the group-commit loop and the compaction's final swap never interleave. */
  private ioQueue: Promise<void> = Promise.resolve();
  private compaction: Compaction | null = null;
  /** Set once durability can no longer be promised; every later append is refused with it. */
  private failure: Error | null = null;

  constructor(options: FileStorageOptions) {
    this.dir = options.dir;
    this.journalPath = join(options.dir, JOURNAL_FILE_NAME);
    this.groupCommitMaxDelayMs = options.groupCommitMaxDelayMs ?? 0;
    this.compactMinRecords = options.compactMinRecords ?? 10_000;
    this.compactRatio = options.compactRatio ?? 2;
    this.syncFile = options.syncFile ?? ((handle) => handle.datasync());
    this.warn = options.warn ?? ((message) => console.warn(`[embedded-mongo] ${message}`));
  }

  async open(): Promise<JournalRecord[]> {
    if (this.state !== 'new') throw new Error(`FileStorage for ${this.dir} was already opened.`);
    this.state = 'opening';
    await mkdir(this.dir, { recursive: true, mode: DATA_DIR_MODE });
    await this.restrict(this.dir, DATA_DIR_MODE);
    this.lock = await acquireLock(this.dir);
    try {
      // A compaction interrupted by a crash leaves its temp file; the journal itself is still whole.
      await unlinkIfPresent(join(this.dir, COMPACTION_FILE_NAME));
      const records = await this.openJournal();
      this.journalRecords = records.length;
      this.state = 'open';
      return records;
    } catch (error) {
      await this.handle?.close();
      this.handle = null;
      await this.lock.release();
      this.state = 'closed';
      throw error;
    }
  }

  append(records: JournalRecord[]): Promise<void> {
    if (this.state !== 'open') {
      return Promise.reject(
        new Error(`Cannot append to the journal in ${this.dir}: storage is ${this.state}.`),
      );
    }
    if (this.failure) return Promise.reject(this.failure);
    if (records.length === 0) return Promise.resolve();
    let frame: Buffer;
    try {
      frame = encodeFrame(records);
    } catch (error) {
      return Promise.reject(asError(error));
    }
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ seq: this.nextSeq++, frame, recordCount: records.length, resolve, reject });
      this.startFlushing();
    });
  }

  shouldCompact(liveRecordCount: number): boolean {
    return (
      this.state === 'open' &&
      this.compaction === null &&
      this.journalRecords > this.compactMinRecords &&
      this.journalRecords > this.compactRatio * liveRecordCount
    );
  }

  compact(snapshot: () => Iterable<JournalRecord>): Promise<void> {
    if (this.state !== 'open') {
      return Promise.reject(
        new Error(`Cannot compact the journal in ${this.dir}: storage is ${this.state}.`),
      );
    }
    if (this.failure) return Promise.reject(this.failure);
    if (this.compaction) return this.compaction.done;
    // The snapshot is encoded before the first await, so it is exactly the state that every append
    // numbered below firstSeqAfterSnapshot has produced: no later write can slip into it half-way.
    let frames: Buffer[];
    let snapshotRecords: number;
    try {
      ({ frames, snapshotRecords } = encodeSnapshot(snapshot(), SNAPSHOT_RECORDS_PER_FRAME));
    } catch (error) {
      return Promise.reject(asError(error));
    }
    const compaction: Compaction = {
      firstSeqAfterSnapshot: this.nextSeq,
      tail: [],
      tailRecords: 0,
      done: Promise.resolve(),
    };
    compaction.done = this.writeCompaction(compaction, frames, snapshotRecords).finally(() => {
      this.compaction = null;
    });
    this.compaction = compaction;
    return compaction.done;
  }

  async close(): Promise<void> {
    if (this.state === 'closed' || this.state === 'closing') return;
    if (this.state !== 'open') {
      this.state = 'closed';
      return;
    }
    this.state = 'closing';
    await this.compaction?.done.catch(() => undefined);
    if (this.flushing) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    await this.ioQueue;
    await this.handle?.close();
    this.handle = null;
    await this.lock?.release();
    this.state = 'closed';
  }

  private async openJournal(): Promise<JournalRecord[]> {
    let handle: FileHandle;
    try {
      handle = await open(this.journalPath, 'r+');
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
      this.handle = await this.createJournal();
      return [];
    }
    this.handle = handle;
    await this.restrict(this.journalPath, DATA_FILE_MODE);
    const data = await handle.readFile();
    if (isUnfinishedHeader(data)) {
      await handle.close();
      this.handle = await this.createJournal();
      return [];
    }
    const journal = readJournal(data, this.journalPath);
    if (journal.damagedTail) {
      await this.dropDamagedTail(data, journal.validLength, journal.damagedTail);
    }
    this.size = journal.validLength;
    return journal.records;
  }

  private async createJournal(): Promise<FileHandle> {
    const handle = await open(this.journalPath, 'w+', DATA_FILE_MODE);
    await handle.write(encodeHeader(), 0, HEADER_SIZE, 0);
    await this.syncFile(handle, this.journalPath);
    await syncDirectory(this.dir);
    this.size = HEADER_SIZE;
    return handle;
  }

  /**
   * Appends are acknowledged only after fsync, and the next one is written only after that, so a
   * damaged tail holds nothing that was acknowledged, unless the disk itself corrupted a frame: in
   * that case the dropped bytes are kept aside for inspection.
   */
  private async dropDamagedTail(data: Buffer, validLength: number, damage: DamagedTail): Promise<void> {
    const dropped = data.length - validLength;
    let keptAt = '';
    if (damage.reason === 'checksum') {
      keptAt = `${this.journalPath}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await writeFile(keptAt, data.subarray(validLength), { mode: DATA_FILE_MODE });
    }
    this.warn(
      damage.reason === 'incomplete'
        ? `Dropped an incomplete write of ${dropped} bytes at the end of ${this.journalPath} ` +
            `(offset ${validLength}): the process stopped while writing it, before acknowledging it.`
        : `Dropped ${dropped} bytes from offset ${validLength} of ${this.journalPath}: a frame there fails its ` +
            `checksum. The dropped bytes were kept in ${keptAt}.`,
    );
    const handle = this.handle as FileHandle;
    await handle.truncate(validLength);
    await this.syncFile(handle, this.journalPath);
  }

  /** Takes away group and other permissions from a directory or file made by an earlier version. */
  private async restrict(path: string, mode: number): Promise<void> {
    const current = (await stat(path)).mode & 0o777;
    if ((current & ~mode) === 0) return;
    await chmod(path, current & mode);
    this.warn(
      `Restricted ${path} from mode ${current.toString(8)} to ${(current & mode).toString(8)}: the ` +
        'embedded engine has no authentication, so its data must be readable by its owner only.',
    );
  }

  private startFlushing(): void {
    if (this.flushing) return;
    this.flushing = true;
    void this.flushLoop();
  }

  private async flushLoop(): Promise<void> {
    if (this.groupCommitMaxDelayMs > 0) await sleep(this.groupCommitMaxDelayMs);
    while (this.pending.length > 0) {
      // The batch is taken only once the file is free, so every append made meanwhile joins it.
      await this.exclusive(() => this.writeBatch(this.pending.splice(0)));
    }
    this.flushing = false;
    for (const wake of this.idleWaiters.splice(0)) wake();
  }

  private exclusive(task: () => Promise<void>): Promise<void> {
    const run = this.ioQueue.then(task);
    this.ioQueue = run.catch(() => undefined);
    return run;
  }

  /** Writes one batch with one write + one fsync, then settles every append in it. Never throws. */
  private async writeBatch(batch: PendingAppend[]): Promise<void> {
    if (this.failure) {
      for (const entry of batch) entry.reject(this.failure);
      return;
    }
    // Appends already contained in the snapshot this journal starts with are durable through it.
    const toWrite = batch.filter((entry) => entry.seq >= this.journalBaseSeq);
    if (toWrite.length === 0) {
      for (const entry of batch) entry.resolve();
      return;
    }
    const handle = this.handle as FileHandle;
    const bytes =
      toWrite.length === 1 ? toWrite[0]!.frame : Buffer.concat(toWrite.map((entry) => entry.frame));
    try {
      await writeFully(handle, bytes, this.size);
      await this.syncFile(handle, this.journalPath);
    } catch (error) {
      // The engine has already applied these writes in memory, so memory and disk now disagree; and
      // after a failed fsync the kernel may have dropped dirty pages while marking them clean, so a
      // retry could report success for data that is gone. Only a restart (replay) knows the truth.
      this.failure = new Error(
        `The journal ${this.journalPath} could not be written to disk (${asError(error).message}); ` +
          'writes are refused until the engine restarts.',
        { cause: error },
      );
      await this.discardPartialWrite(handle);
      for (const entry of batch) entry.reject(this.failure);
      return;
    }
    this.size += bytes.length;
    for (const entry of toWrite) {
      this.journalRecords += entry.recordCount;
      if (this.compaction && entry.seq >= this.compaction.firstSeqAfterSnapshot) {
        this.compaction.tail.push(entry.frame);
        this.compaction.tailRecords += entry.recordCount;
      }
    }
    for (const entry of batch) entry.resolve();
  }

  /** Bytes of a failed write past the valid end must go, or a later replay could read them as frames. */
  private async discardPartialWrite(handle: FileHandle): Promise<void> {
    try {
      await handle.truncate(this.size);
    } catch {
      // Left there, whole frames would replay commands that were answered with an error: an outcome
      // a client has to allow for after any failed write, as with mongod. Torn ones are dropped at open.
    }
  }

  private async writeCompaction(
    compaction: Compaction,
    frames: Buffer[],
    snapshotRecords: number,
  ): Promise<void> {
    const tempPath = join(this.dir, COMPACTION_FILE_NAME);
    const temp = await open(tempPath, 'w+', DATA_FILE_MODE);
    let tempSize = 0;
    let swapped = false;
    try {
      for (const chunk of chunkBuffers([encodeHeader(), ...frames], SNAPSHOT_WRITE_CHUNK)) {
        await writeFully(temp, chunk, tempSize);
        tempSize += chunk.length;
      }
      await this.syncFile(temp, tempPath);
      await this.exclusive(async () => {
        if (this.failure) throw this.failure;
        // Appends made since the snapshot are already in the old journal; copy them after it, in order.
        const tail = Buffer.concat(compaction.tail);
        await writeFully(temp, tail, tempSize);
        tempSize += tail.length;
        await this.syncFile(temp, tempPath);
        await rename(tempPath, this.journalPath);
        swapped = true;
        const old = this.handle as FileHandle;
        this.handle = temp;
        this.size = tempSize;
        this.journalRecords = snapshotRecords + compaction.tailRecords;
        this.journalBaseSeq = compaction.firstSeqAfterSnapshot;
        await old.close();
        try {
          await syncDirectory(this.dir);
        } catch (error) {
          this.failure = new Error(
            `The compacted journal ${this.journalPath} may not survive a crash (directory fsync failed); ` +
              'writes are refused until the engine restarts.',
            { cause: error },
          );
          throw this.failure;
        }
      });
    } catch (error) {
      if (!swapped) {
        await temp.close();
        await unlinkIfPresent(tempPath);
      }
      throw error;
    }
  }
}
