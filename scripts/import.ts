/**
 * npm run import -- contacts|products|orders file.csv [--dry-run] [--map column=field]... [--date-format dmy|mdy]
 *   [--currency EUR] [--rejected rejected.csv]
 *
 * Streams the file into the database the server uses (MONGODB_URI, or the embedded engine: the running
 * server's, or the data directory opened here). Prints the summary as JSON; rejected rows (with their line and
 * why) go to --rejected as CSV, or the first 20 to stderr. docs/import.md.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { ConfigError, parseConfig } from '../server/config.ts';
import { IMPORT_KINDS, parseMapArguments, type ImportKind } from '../server/crm/import/mapping.ts';
import { csvCell, runImport } from '../server/crm/import/run-import.ts';
import { openDatabase } from '../server/data/open-database.ts';
import { createRepositories } from '../server/data/repositories/index.ts';
import { AppError } from '../server/shared/errors.ts';
import { createLogger } from '../server/shared/logger.ts';

const USAGE =
  'usage: npm run import -- contacts|products|orders <file.csv> [--dry-run] [--map column=field]...\n' +
  '                          [--date-format dmy|mdy] [--currency EUR] [--rejected rejected.csv]';

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      strict: true,
      options: {
        'dry-run': { type: 'boolean', default: false },
        map: { type: 'string', multiple: true, default: [] },
        'date-format': { type: 'string', default: 'dmy' },
        currency: { type: 'string', default: 'EUR' },
        rejected: { type: 'string' },
      },
    });
  } catch (error) {
    process.stderr.write(`import: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [kind, file] = positionals;
  if (!IMPORT_KINDS.includes(kind as ImportKind) || file === undefined || positionals.length !== 2) {
    process.stderr.write(`import: expected a kind (${IMPORT_KINDS.join(', ')}) and one file\n${USAGE}\n`);
    return 2;
  }
  const dateOrder = values['date-format'];
  if (dateOrder !== 'dmy' && dateOrder !== 'mdy') {
    process.stderr.write(`import: --date-format is dmy or mdy\n${USAGE}\n`);
    return 2;
  }
  const config = parseConfig(process.env);
  const logger = createLogger({ level: 'warn', pretty: false });
  const opened = await openDatabase(config, logger, { reuseRunningEngine: true });
  const rejectedOut = values.rejected === undefined ? null : createWriteStream(values.rejected);
  let shown = 0;
  let headerWritten = false;
  try {
    const repositories = createRepositories(opened.database.models);
    const summary = await runImport({
      kind: kind as ImportKind,
      input: createReadStream(file),
      repositories,
      models: opened.database.models,
      dryRun: values['dry-run'],
      map: parseMapArguments(values.map),
      dateOrder,
      defaultCurrency: values.currency.toUpperCase(),
      actor: { type: 'cli', id: null },
      onProgress: (rows) => {
        if (process.stderr.isTTY) process.stderr.write(`\r${rows} rows`);
      },
      onRow: async (row) => {
        if (row.outcome !== 'rejected') return;
        if (rejectedOut !== null) {
          const headers = Object.keys(row.values);
          if (!headerWritten) {
            rejectedOut.write(`line,reason,${headers.map(csvCell).join(',')}\n`);
            headerWritten = true;
          }
          const line = `${row.line},${csvCell(row.reason)},${headers.map((h) => csvCell(row.values[h])).join(',')}\n`;
          if (!rejectedOut.write(line)) await once(rejectedOut, 'drain');
        } else if (shown < 20) {
          shown += 1;
          process.stderr.write(`line ${row.line}: ${row.reason}\n`);
        }
      },
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    if (!summary.dryRun) {
      await repositories.audit.record({
        actor: { type: 'cli', id: null },
        action: `import.${summary.kind}`,
        target: { type: summary.kind, id: null },
        data: { rows: summary.rows, counts: summary.counts },
      });
    }
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof AppError && error.status < 500) {
      const issues = (error.details?.issues as { field: string; message: string }[] | undefined) ?? [];
      process.stderr.write(
        `import: ${error.message}\n${issues.map((i) => `  ${i.field}: ${i.message}\n`).join('')}`,
      );
      return 1;
    }
    throw error;
  } finally {
    if (rejectedOut !== null) {
      rejectedOut.end();
      await once(rejectedOut, 'close');
    }
    await opened.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`import failed: ${message}\n`);
    process.exitCode = 1;
  },
);
