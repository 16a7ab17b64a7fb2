import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { RowOutcome } from './row-importers.ts';

/**
 * `uploaded` → dry run (`checking` → `checked`) → real run (`running` → `done`); `failed` from either run,
 * with the reason (a dry run may be repeated with another mapping, a failed run started again).
 */
export const IMPORT_JOB_STATES = ['uploaded', 'checking', 'checked', 'running', 'done', 'failed'] as const;
export type ImportJobState = (typeof IMPORT_JOB_STATES)[number];
export const IMPORT_PHASES = ['dry-run', 'run'] as const;
export type ImportPhase = (typeof IMPORT_PHASES)[number];

export interface ImportSummaryDoc {
  rows: number;
  counts: Record<RowOutcome, number>;
  ignoredColumns: string[];
}

/** Column names may hold dots or `$`, which cannot be field names: mappings are stored as pairs. */
export interface ColumnFieldDoc {
  column: string;
  field: string;
}

export interface ImportJobDoc {
  _id: Types.ObjectId;
  kind: string;
  state: ImportJobState;
  filename: string;
  bytes: number;
  /** The uploaded file in GridFS (bucket `import_files`), removed once the real run is done. */
  fileId: Types.ObjectId | null;
  delimiter: string;
  headers: string[];
  suggested: ColumnFieldDoc[];
  /** What the last dry run used, and so what the real run uses. */
  mapping: ColumnFieldDoc[];
  dateFormat: 'dmy' | 'mdy';
  currency: string;
  /** The phase running or last run, with its progress (bytes of the file read: rows are not known ahead). */
  phase: ImportPhase | null;
  processedRows: number;
  progress: number;
  dryRun: ImportSummaryDoc | null;
  result: ImportSummaryDoc | null;
  error: string | null;
  /** The lease owner while a phase runs (`host:pid:random`): a job whose lease is gone was interrupted. */
  runner: string | null;
  createdBy: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** One row's outcome in a phase; the cells are kept only for rejected rows (the downloadable report). */
export interface ImportRowDoc {
  _id: Types.ObjectId;
  job: Types.ObjectId;
  phase: ImportPhase;
  line: number;
  outcome: RowOutcome;
  key: string | null;
  reason: string | null;
  cells: string[] | null;
  expiresAt: Date;
}

const pair = new Schema<ColumnFieldDoc>({ column: String, field: String }, { _id: false });
const summary = new Schema<ImportSummaryDoc>(
  { rows: Number, counts: Schema.Types.Mixed, ignoredColumns: [String] },
  { _id: false, minimize: false },
);

export const importJobSchema = new Schema<ImportJobDoc>(
  {
    kind: { type: String, required: true },
    state: { type: String, enum: IMPORT_JOB_STATES, required: true },
    filename: { type: String, required: true, maxlength: 255 },
    bytes: { type: Number, required: true },
    fileId: { type: Schema.Types.ObjectId, default: null },
    delimiter: { type: String, required: true },
    headers: { type: [String], default: [] },
    suggested: { type: [pair], default: [] },
    mapping: { type: [pair], default: [] },
    dateFormat: { type: String, enum: ['dmy', 'mdy'], default: 'dmy' },
    currency: { type: String, default: 'EUR' },
    phase: { type: String, enum: [...IMPORT_PHASES, null], default: null },
    processedRows: { type: Number, default: 0 },
    progress: { type: Number, default: 0 },
    dryRun: { type: summary, default: null },
    result: { type: summary, default: null },
    error: { type: String, default: null },
    runner: { type: String, default: null },
    createdBy: { type: String, default: null },
    createdAt: { type: Date, default: () => new Date() },
    startedAt: { type: Date, default: null },
    finishedAt: { type: Date, default: null },
  },
  { minimize: false },
);
importJobSchema.index({ createdAt: -1 });
importJobSchema.index({ kind: 1, state: 1 });

export const importRowSchema = new Schema<ImportRowDoc>({
  job: { type: Schema.Types.ObjectId, required: true },
  phase: { type: String, enum: IMPORT_PHASES, required: true },
  line: { type: Number, required: true },
  outcome: { type: String, required: true },
  key: { type: String, default: null },
  reason: { type: String, default: null },
  cells: { type: [String], default: null },
  expiresAt: { type: Date, required: true },
});
importRowSchema.index({ job: 1, phase: 1, line: 1 });
importRowSchema.index({ job: 1, phase: 1, outcome: 1, line: 1 });
// Row reports are for the days after an import, not an archive.
importRowSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export interface ImportJobModels {
  ImportJob: Model<ImportJobDoc>;
  ImportRow: Model<ImportRowDoc>;
}

const cache = new WeakMap<Connection, ImportJobModels>();

/** Bound to one connection, like the other model sets (tests hold several databases). */
export function getImportJobModels(connection: Connection): ImportJobModels {
  const existing = cache.get(connection);
  if (existing !== undefined) return existing;
  const models = {
    ImportJob: connection.model<ImportJobDoc>('ImportJob', importJobSchema, 'import_jobs'),
    ImportRow: connection.model<ImportRowDoc>('ImportRow', importRowSchema, 'import_rows'),
  };
  cache.set(connection, models);
  return models;
}
