import type { Repositories } from '../../data/repositories/index.ts';
import type { EventBus } from '../../events/event-bus.ts';
import { readCsv } from './csv-reader.ts';
import { resolveMapping, type ColumnMapping, type ImportKind } from './mapping.ts';
import { importRow, type ImportContext, type RowOutcome, type RowResult } from './row-importers.ts';
import type { DateOrder } from './values.ts';

export interface ImportOptions {
  kind: ImportKind;
  input: AsyncIterable<Buffer | string>;
  repositories: ImportContext['repositories'];
  events?: EventBus;
  /** Report what would happen, write nothing. */
  dryRun?: boolean;
  map?: ColumnMapping;
  dateOrder?: DateOrder;
  defaultCurrency?: string;
  actor?: ImportContext['actor'];
  /** Every row's outcome, in file order (for reports); `values` are the row's cells by header. */
  onRow?: (row: { line: number; values: Record<string, string> } & RowResult) => void | Promise<void>;
  /** Called every `progressEvery` rows. */
  onProgress?: (processed: number) => void;
  progressEvery?: number;
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
  const context: ImportContext = {
    repositories: options.repositories as Pick<Repositories, 'contacts' | 'products' | 'orders'>,
    events: options.events,
    dryRun: options.dryRun ?? false,
    dateOrder: options.dateOrder ?? 'dmy',
    defaultCurrency: options.defaultCurrency ?? 'EUR',
    seen: new Map(),
    actor: options.actor ?? { type: 'import', id: null },
  };
  const counts: Record<RowOutcome, number> = { created: 0, updated: 0, merged: 0, unchanged: 0, rejected: 0 };
  let rows = 0;
  const every = options.progressEvery ?? 1000;
  for await (const row of table.rows) {
    const fields: Record<string, string> = {};
    for (const [header, field] of Object.entries(mapping)) {
      const value = row.values[header];
      if (value !== undefined && value !== '') fields[field] = value;
    }
    const result = await importRow(options.kind, fields, row.line, context);
    counts[result.outcome] += 1;
    rows += 1;
    await options.onRow?.({ line: row.line, values: row.values, ...result });
    if (rows % every === 0) options.onProgress?.(rows);
  }
  options.onProgress?.(rows);
  return {
    kind: options.kind,
    dryRun: context.dryRun,
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
