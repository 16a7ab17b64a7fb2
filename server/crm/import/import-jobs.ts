import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Readable } from 'node:stream';
import { GridFSBucket } from 'mongodb';
import type { Connection, Types } from 'mongoose';
import type { Leases } from '../../admin/data/lease.ts';
import type { Repositories } from '../../data/repositories/index.ts';
import type { EventBus } from '../../events/event-bus.ts';
import { AppError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import { readCsv } from './csv-reader.ts';
import type { ImportModels } from './import-store.ts';
import {
  type ColumnFieldDoc,
  type ImportJobDoc,
  type ImportJobModels,
  type ImportPhase,
  type ImportRowDoc,
} from './job-models.ts';
import { fieldsOf, matchColumns, resolveMapping, type ColumnMapping, type ImportKind } from './mapping.ts';
import { csvCell, runImport } from './run-import.ts';

/** How long a running phase's lease lives without renewal; a node that died frees it after this. */
const LEASE_MS = 60_000;
/** Row reports are kept this long. */
const ROWS_KEPT_MS = 7 * 24 * 3600_000;
const ROW_WRITE_BATCH = 500;

export interface ImportJobsOptions {
  connection: Connection;
  jobModels: ImportJobModels;
  models: ImportModels;
  repositories: Pick<Repositories, 'contacts' | 'audit'>;
  leases: Leases;
  events?: EventBus;
  logger: Logger;
  maxBytes: number;
}

export interface ImportJob {
  id: string;
  kind: ImportKind;
  state: ImportJobDoc['state'];
  filename: string;
  bytes: number;
  delimiter: string;
  headers: string[];
  /** The fields a column may map to (`attributes.<name>` too, for contacts and products). */
  fields: string[];
  /** Column → field as suggested from the headers (`-`: ignored). */
  suggestedMapping: ColumnMapping;
  /** What is still missing from the suggestion (e.g. no column maps to email or phone). */
  suggestionProblems: { field: string; message: string }[];
  mapping: ColumnMapping;
  dateFormat: 'dmy' | 'mdy';
  currency: string;
  phase: ImportPhase | null;
  processedRows: number;
  /** 0 to 1, of the running phase (by the bytes of the file read). */
  progress: number;
  dryRun: ImportJobDoc['dryRun'];
  result: ImportJobDoc['result'];
  error: string | null;
  createdBy: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface RunSettings {
  mapping: ColumnMapping;
  dateFormat: 'dmy' | 'mdy';
  currency: string;
}

const toPairs = (mapping: ColumnMapping): ColumnFieldDoc[] =>
  Object.entries(mapping).map(([column, field]) => ({ column, field }));
const fromPairs = (pairs: readonly ColumnFieldDoc[]): ColumnMapping =>
  Object.fromEntries(pairs.map(({ column, field }) => [column, field]));

function toJob(doc: ImportJobDoc): ImportJob {
  const suggested = fromPairs(doc.suggested);
  const { problems } = matchColumns(doc.kind as ImportKind, doc.headers, suggested);
  return {
    id: doc._id.toHexString(),
    kind: doc.kind as ImportKind,
    state: doc.state,
    filename: doc.filename,
    bytes: doc.bytes,
    delimiter: doc.delimiter,
    headers: doc.headers,
    fields: fieldsOf(doc.kind as ImportKind),
    suggestedMapping: suggested,
    suggestionProblems: problems,
    mapping: fromPairs(doc.mapping),
    dateFormat: doc.dateFormat,
    currency: doc.currency,
    phase: doc.phase,
    processedRows: doc.processedRows,
    progress: doc.progress,
    dryRun: doc.dryRun,
    result: doc.result,
    error: doc.error,
    createdBy: doc.createdBy,
    createdAt: doc.createdAt,
    startedAt: doc.startedAt,
    finishedAt: doc.finishedAt,
  };
}

/** Counts the bytes read, for the progress of a phase (the rows are not known before the end). */
async function* counted(source: AsyncIterable<Buffer>, onBytes: (bytes: number) => void) {
  for await (const chunk of source) {
    onBytes(chunk.length);
    yield chunk;
  }
}

/**
 * Refuses what is not a text file before it is stored: a NUL byte or bytes that are not UTF-8 in the first
 * chunk (a spreadsheet's .xlsx is a zip, an .xls a binary).
 */
function assertText(chunk: Buffer) {
  const head = chunk.subarray(0, 64 * 1024);
  let text = true;
  if (head.includes(0)) text = false;
  else {
    try {
      // `stream: true` lets a character cut at the chunk's end pass; it is checked with the next bytes.
      new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    } catch {
      text = false;
    }
  }
  if (!text)
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      'The file is not a CSV text file (UTF-8). Save the sheet as "CSV UTF-8" and upload that.',
    );
}

/**
 * Imports from the console and the API (docs/import.md): the upload is streamed into GridFS (any node can run
 * it, nothing is held in memory), the dry run and the real run are background phases whose state, progress and
 * per-row outcomes live in MongoDB (`import_jobs`, `import_rows`), so a reload or another node sees them. One
 * phase runs at a time per kind across all nodes (a lease in the database, as training does).
 */
export function createImportJobs(options: ImportJobsOptions) {
  const { jobModels, leases, logger } = options;
  const { ImportJob, ImportRow } = jobModels;
  const node = `${hostname()}:${process.pid}`;
  const running = new Map<string, Promise<void>>();
  let stopping = false;
  const bucket = () => {
    const db = options.connection.db;
    if (db === undefined) throw new Error('database connection is not open');
    return new GridFSBucket(db, { bucketName: 'import_files' });
  };

  const find = async (id: string): Promise<ImportJobDoc> => {
    const doc = await ImportJob.findById(id).lean<ImportJobDoc>();
    if (doc === null) throw new AppError('NOT_FOUND', 'No such import.');
    return doc;
  };

  /** A job marked running whose lease is gone: its node stopped. It becomes failed (and can be run again). */
  async function settleInterrupted(doc: ImportJobDoc): Promise<ImportJobDoc> {
    if (doc.state !== 'checking' && doc.state !== 'running') return doc;
    if (running.has(doc._id.toHexString())) return doc;
    const lock = await leases.holder(`import:${doc.kind}`);
    if (lock !== null && lock.owner === doc.runner && lock.expiresAt > new Date()) return doc;
    const settled = await ImportJob.findOneAndUpdate(
      { _id: doc._id, state: doc.state, runner: doc.runner },
      {
        $set: {
          state: 'failed',
          runner: null,
          error: 'The server running this import stopped; start it again (an import can be repeated safely).',
          finishedAt: new Date(),
        },
      },
      { returnDocument: 'after' },
    ).lean<ImportJobDoc>();
    return settled ?? (await find(doc._id.toHexString()));
  }

  async function upload(input: {
    kind: ImportKind;
    filename: string;
    body: AsyncIterable<Buffer> & Partial<Pick<Readable, 'resume'>>;
    actor: string | null;
  }): Promise<ImportJob> {
    const stream = bucket().openUploadStream(input.filename, { metadata: { kind: input.kind } });
    let bytes = 0;
    try {
      for await (const chunk of input.body) {
        if (bytes === 0) assertText(chunk);
        bytes += chunk.length;
        if (bytes > options.maxBytes) {
          throw new AppError('PAYLOAD_TOO_LARGE', `The file is larger than ${options.maxBytes} bytes.`, {
            details: { limitBytes: options.maxBytes },
          });
        }
        if (!stream.write(chunk)) await new Promise((resolve) => stream.once('drain', resolve));
      }
      await new Promise<void>((resolve, reject) => {
        stream.once('error', reject);
        stream.end(() => resolve());
      });
    } catch (error) {
      await stream.abort().catch(() => {});
      // The rest of the body is read and dropped, so the error answer reaches the client.
      input.body.resume?.();
      throw error;
    }
    const fileId = stream.id;
    try {
      if (bytes === 0) throw new AppError('VALIDATION_FAILED', 'The file is empty.');
      const table = await readCsv(bucket().openDownloadStream(fileId));
      if (table.headers.length === 0 || table.headers.every((header) => header === ''))
        throw new AppError('VALIDATION_FAILED', 'The file has no header line.');
      if (new Set(table.headers).size !== table.headers.length)
        throw new AppError('VALIDATION_FAILED', 'Two columns of the header line have the same name.');
      const { mapping, ignored } = matchColumns(input.kind, table.headers);
      const suggested = { ...mapping, ...Object.fromEntries(ignored.map((column) => [column, '-'])) };
      const doc = await ImportJob.create({
        kind: input.kind,
        state: 'uploaded',
        filename: input.filename,
        bytes,
        fileId,
        delimiter: table.delimiter,
        headers: table.headers,
        suggested: toPairs(suggested),
        mapping: [],
        createdBy: input.actor,
      });
      return toJob(doc.toObject());
    } catch (error) {
      await bucket()
        .delete(fileId)
        .catch(() => {});
      throw error;
    }
  }

  /** Writes a phase's row outcomes in batches (the cells only for rejected rows). */
  function rowWriter(job: Types.ObjectId, phase: ImportPhase, headers: string[]) {
    let pending: Omit<ImportRowDoc, '_id'>[] = [];
    const expiresAt = new Date(Date.now() + ROWS_KEPT_MS);
    return {
      async add(row: {
        line: number;
        outcome: ImportRowDoc['outcome'];
        key: string | null;
        reason: string | null;
        values: Record<string, string>;
      }) {
        pending.push({
          job,
          phase,
          line: row.line,
          outcome: row.outcome,
          key: row.key,
          reason: row.reason,
          cells: row.outcome === 'rejected' ? headers.map((header) => row.values[header] ?? '') : null,
          expiresAt,
        });
        if (pending.length >= ROW_WRITE_BATCH) await this.flush();
      },
      async flush() {
        if (pending.length === 0) return;
        const rows = pending;
        pending = [];
        await ImportRow.collection.insertMany(rows as never[], { ordered: false });
      },
    };
  }

  async function start(id: string, phase: ImportPhase, actor: string | null, settings?: RunSettings) {
    const doc = await settleInterrupted(await find(id));
    const kind = doc.kind as ImportKind;
    if (phase === 'dry-run') {
      if (!['uploaded', 'checked', 'failed'].includes(doc.state))
        throw new AppError('CONFLICT', `This import is ${doc.state}: it cannot be checked again.`);
      // Refused here, before anything runs: the answer names the missing field.
      resolveMapping(kind, doc.headers, settings!.mapping);
    } else if (doc.dryRun === null || !['checked', 'failed'].includes(doc.state)) {
      throw new AppError(
        'CONFLICT',
        doc.state === 'done'
          ? 'This import is done; upload the file again to import it once more.'
          : `Run a dry run first (the import is ${doc.state}).`,
      );
    }
    const owner = `${node}:${randomBytes(4).toString('hex')}`;
    const lease = `import:${kind}`;
    if (!(await leases.acquire(lease, owner, LEASE_MS))) {
      const other = await ImportJob.findOne(
        { kind, state: { $in: ['checking', 'running'] } },
        { _id: 1 },
      ).lean();
      throw new AppError('CONFLICT', `An import of ${kind} is already running; wait for it to finish.`, {
        details: other === null ? {} : { jobId: other._id.toHexString() },
      });
    }
    const claimed = await ImportJob.findOneAndUpdate(
      { _id: doc._id, state: doc.state },
      {
        $set: {
          state: phase === 'dry-run' ? 'checking' : 'running',
          phase,
          runner: owner,
          processedRows: 0,
          progress: 0,
          error: null,
          startedAt: new Date(),
          finishedAt: null,
          ...(settings === undefined
            ? {}
            : {
                mapping: toPairs(settings.mapping),
                dateFormat: settings.dateFormat,
                currency: settings.currency,
                dryRun: null,
              }),
          ...(phase === 'run' ? { result: null } : {}),
        },
      },
      { returnDocument: 'after' },
    ).lean<ImportJobDoc>();
    if (claimed === null) {
      await leases.release(lease, owner);
      throw new AppError('CONFLICT', 'This import changed meanwhile; reload it.');
    }
    await ImportRow.deleteMany({ job: doc._id, phase });
    const work = execute(claimed, phase, owner, actor).finally(() => running.delete(id));
    running.set(id, work);
    return toJob(claimed);
  }

  async function execute(doc: ImportJobDoc, phase: ImportPhase, owner: string, actor: string | null) {
    const lease = `import:${doc.kind}`;
    const heartbeat = setInterval(() => {
      leases.renew(lease, owner, LEASE_MS).catch((error: unknown) => {
        logger.warn({ err: error }, 'import lease renewal failed');
      });
    }, LEASE_MS / 4);
    heartbeat.unref();
    let read = 0;
    let lastWrite = 0;
    const rows = rowWriter(doc._id, phase, doc.headers);
    try {
      const summary = await runImport({
        kind: doc.kind as ImportKind,
        input: counted(bucket().openDownloadStream(doc.fileId!) as AsyncIterable<Buffer>, (bytes) => {
          read += bytes;
        }),
        models: options.models,
        repositories: options.repositories,
        events: options.events,
        dryRun: phase === 'dry-run',
        map: fromPairs(doc.mapping),
        dateOrder: doc.dateFormat,
        defaultCurrency: doc.currency,
        actor: { type: 'user', id: actor },
        onRow: (row) => rows.add(row),
        onProgress: async (processed) => {
          if (stopping)
            throw new AppError('UNAVAILABLE', 'The server stopped during the import; start it again.');
          await rows.flush();
          // At most a few progress writes a second, whatever the batch rate.
          if (Date.now() - lastWrite < 250) return;
          lastWrite = Date.now();
          await ImportJob.updateOne(
            { _id: doc._id, runner: owner },
            { $set: { processedRows: processed, progress: Math.min(0.99, read / Math.max(1, doc.bytes)) } },
          );
        },
      });
      await rows.flush();
      const outcome = { rows: summary.rows, counts: summary.counts, ignoredColumns: summary.ignoredColumns };
      await ImportJob.updateOne(
        { _id: doc._id, runner: owner },
        {
          $set: {
            state: phase === 'dry-run' ? 'checked' : 'done',
            [phase === 'dry-run' ? 'dryRun' : 'result']: outcome,
            processedRows: summary.rows,
            progress: 1,
            runner: null,
            finishedAt: new Date(),
            ...(phase === 'run' ? { fileId: null } : {}),
          },
        },
      );
      if (phase === 'run') {
        await options.repositories.audit.record({
          actor: { type: 'user', id: actor },
          action: `import.${doc.kind}`,
          target: { type: doc.kind, id: null },
          data: { jobId: doc._id.toHexString(), rows: summary.rows, counts: summary.counts },
        });
        // The report of rejected rows is in import_rows; the file is no longer needed.
        await bucket()
          .delete(doc.fileId!)
          .catch(() => {});
      }
    } catch (error) {
      const message =
        error instanceof AppError && error.status < 500
          ? error.message
          : 'The import stopped on an unexpected error; it can be started again safely.';
      if (!(error instanceof AppError))
        logger.error({ err: error, jobId: doc._id.toHexString() }, 'import failed');
      await rows.flush().catch(() => {});
      await ImportJob.updateOne(
        { _id: doc._id, runner: owner },
        { $set: { state: 'failed', error: message, runner: null, finishedAt: new Date() } },
      ).catch(() => {});
    } finally {
      clearInterval(heartbeat);
      await leases.release(lease, owner).catch(() => {});
    }
  }

  return {
    upload,
    dryRun: (id: string, actor: string | null, settings: RunSettings) =>
      start(id, 'dry-run', actor, settings),
    run: (id: string, actor: string | null) => start(id, 'run', actor),

    async get(id: string): Promise<ImportJob> {
      return toJob(await settleInterrupted(await find(id)));
    },

    async list(limit = 20): Promise<ImportJob[]> {
      const docs = await ImportJob.find({})
        .sort({ createdAt: -1, _id: -1 })
        .limit(limit)
        .lean<ImportJobDoc[]>();
      return Promise.all(docs.map(async (doc) => toJob(await settleInterrupted(doc))));
    },

    /** One phase's row outcomes, in file order, optionally of one outcome. */
    async rows(
      id: string,
      phase: ImportPhase,
      filter: { outcome?: ImportRowDoc['outcome'] },
      page: { page: number; limit: number },
    ) {
      const doc = await find(id);
      const query = {
        job: doc._id,
        phase,
        ...(filter.outcome === undefined ? {} : { outcome: filter.outcome }),
      };
      const [items, total] = await Promise.all([
        ImportRow.find(query)
          .sort({ line: 1 })
          .skip((page.page - 1) * page.limit)
          .limit(page.limit)
          .lean<ImportRowDoc[]>(),
        ImportRow.countDocuments(query),
      ]);
      return {
        items: items.map((row) => ({
          line: row.line,
          outcome: row.outcome,
          key: row.key,
          reason: row.reason,
          ...(row.cells === null
            ? {}
            : { values: Object.fromEntries(doc.headers.map((h, i) => [h, row.cells![i] ?? ''])) }),
        })),
        page: page.page,
        limit: page.limit,
        total,
      };
    },

    /** The rejected rows as CSV lines (`line,reason,<the file's columns>`), streamed from the database. */
    async rejectedCsv(id: string, phase: ImportPhase): Promise<AsyncGenerator<string>> {
      const doc = await find(id);
      return (async function* () {
        yield `${['line', 'reason', ...doc.headers].map(csvCell).join(',')}\r\n`;
        const cursor = ImportRow.find({ job: doc._id, phase, outcome: 'rejected' })
          .sort({ line: 1 })
          .lean<ImportRowDoc[]>()
          .cursor();
        for await (const row of cursor as AsyncIterable<ImportRowDoc>) {
          yield `${[row.line, row.reason, ...(row.cells ?? [])].map(csvCell).join(',')}\r\n`;
        }
      })();
    },

    /** Waits for the phases this node runs (tests). */
    async idle(): Promise<void> {
      await Promise.all([...running.values()]);
    },

    /** Shutdown: running phases stop after their current batch, marked failed (a re-run is safe). */
    async stop(): Promise<void> {
      stopping = true;
      await Promise.all([...running.values()]);
    },
  };
}

export type ImportJobs = ReturnType<typeof createImportJobs>;
