import type { Repositories } from '../../data/repositories/index.ts';
import type { EventBus } from '../../events/event-bus.ts';
import { readCsv } from './csv-reader.ts';
import { resolveMapping, type ColumnMapping, type ImportKind } from './mapping.ts';
import { createImportStore, type ImportModels } from './import-store.ts';
import {
  importRow,
  lookupKeysOf,
  type ImportContext,
  type RowOutcome,
  type RowResult,
} from './row-importers.ts';
import type { DateOrder } from './values.ts';

export interface ImportOptions {
  kind: ImportKind;
  input: AsyncIterable<Buffer | string>;
  /** The collections written in bulk; merges go through the contact repository (contact-merge.ts). */
  models: ImportModels;
  repositories: Pick<Repositories, 'contacts'>;
  events?: EventBus;
  /** Rows read, looked up and written together (default 500). */
  batchSize?: number;
  /** Report what would happen, write nothing. */
  dryRun?: boolean;
  map?: ColumnMapping;
  dateOrder?: DateOrder;
  defaultCurrency?: string;
  /** Who imports, for the merge's audit event. */
  actor?: { type: string; id: string | null };
  /** Every row's outcome, in file order (for reports); `values` are the row's cells by header. */
  onRow?: (row: { line: number; values: Record<string, string> } & RowResult) => void | Promise<void>;
  /** Called after each batch with the rows done so far. */
  onProgress?: (processed: number) => void | Promise<void>;
}

export interface ImportSummary {
  kind: ImportKind;
  dryRun: boolean;
  delimiter: string;
  headers: string[];
  mapping: ColumnMapping;
  ignoredColumns: string[];
  rows: number;
  counts: Record<RowOutcome, number>;
}

/**
 * Streams a CSV file through the row importers: memory stays bounded by one row plus the set of keys already
 * seen in the file (to report duplicates). Rows are upserted by their key (contacts: verified email, then
 * phone; products: sku; orders: number), so importing the same file twice changes nothing the second time.
 */
export async function runImport(options: ImportOptions): Promise<ImportSummary> {
  const table = await readCsv(options.input);
  const { mapping, ignored } = resolveMapping(options.kind, table.headers, options.map);
  const dryRun = options.dryRun ?? false;
  const store = createImportStore({
    models: options.models,
    contacts: options.repositories.contacts,
    events: options.events,
    actor: options.actor ?? { type: 'import', id: null },
    dryRun,
  });
  const context: ImportContext = {
    store,
    dryRun,
    dateOrder: options.dateOrder ?? 'dmy',
    defaultCurrency: options.defaultCurrency ?? 'EUR',
    seen: new Map(),
  };
  const counts: Record<RowOutcome, number> = { created: 0, updated: 0, merged: 0, unchanged: 0, rejected: 0 };
  let rows = 0;
  const batchSize = options.batchSize ?? 500;
  let batch: { line: number; values: Record<string, string>; fields: Record<string, string> }[] = [];

  // One batch: its records loaded at once, each row decided in file order, the writes sent in bulk, then
  // each row's outcome (a write refused by the database turns its row into a rejection).
  const runBatch = async () => {
    await store.prefetch(batch.flatMap((row) => lookupKeysOf(options.kind, row.fields)));
    const results: RowResult[] = [];
    for (const [index, row] of batch.entries()) {
      store.setRow(index);
      results.push(await importRow(options.kind, row.fields, row.line, context));
    }
    const refused = await store.finishBatch();
    for (const [index, row] of batch.entries()) {
      const reason = refused.get(index);
      const result: RowResult =
        reason === undefined ? results[index]! : { outcome: 'rejected', key: results[index]!.key, reason };
      counts[result.outcome] += 1;
      await options.onRow?.({ line: row.line, values: row.values, ...result });
    }
    rows += batch.length;
    batch = [];
    await options.onProgress?.(rows);
  };

  for await (const row of table.rows) {
    const fields: Record<string, string> = {};
    for (const [header, field] of Object.entries(mapping)) {
      const value = row.values[header];
      if (value !== undefined && value !== '') fields[field] = value;
    }
    batch.push({ line: row.line, values: row.values, fields });
    if (batch.length >= batchSize) await runBatch();
  }
  if (batch.length > 0 || rows === 0) await runBatch();
  return {
    kind: options.kind,
    dryRun,
    delimiter: table.delimiter,
    headers: table.headers,
    mapping,
    ignoredColumns: ignored,
    rows,
    counts,
  };
}

/** A CSV cell: quoted when needed, and a leading `= + - @` defused so a spreadsheet does not run it. */
export function csvCell(value: unknown): string {
  let text =
    value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
