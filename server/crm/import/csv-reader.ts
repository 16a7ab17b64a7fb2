import { Readable } from 'node:stream';
import { parse } from 'csv-parse';

export interface CsvRow {
  /** The file's line where the record starts (a quoted field may span several lines). */
  line: number;
  /** Header name → cell text, trimmed. */
  values: Record<string, string>;
}

export interface CsvTable {
  delimiter: string;
  headers: string[];
  rows: AsyncIterable<CsvRow>;
}

const CANDIDATES = [',', ';', '\t'] as const;

/** The delimiter used most often in the header line, outside quotes (Excel in French or German writes `;`). */
export function sniffDelimiter(headerLine: string): string {
  const counts = new Map<string, number>(CANDIDATES.map((candidate) => [candidate, 0]));
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best: string = ',';
  for (const [candidate, count] of counts) if (count > counts.get(best)!) best = candidate;
  return best;
}

/**
 * Streams a CSV file as rows keyed by header, never holding the file: the first chunks are read to find the
 * header line and sniff its delimiter, then csv-parse takes the stream. Handles a UTF-8 BOM, quoted fields with
 * delimiters and line breaks, CRLF, blank lines and lines of empty cells (skipped).
 */
export async function readCsv(input: AsyncIterable<Buffer | string>): Promise<CsvTable> {
  const iterator = input[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headText = '';
  // 1 MB is far more than any header line; bounded so a file without a newline cannot fill memory.
  while (!/\r?\n/.test(headText) && headText.length < 1_000_000) {
    const next = await iterator.next();
    if (next.done === true) break;
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    head.push(chunk);
    headText += chunk.toString('utf8');
  }
  const delimiter = sniffDelimiter(headText.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '');
  const source = Readable.from(
    (async function* () {
      yield* head;
      for (let next = await iterator.next(); next.done !== true; next = await iterator.next())
        yield next.value;
    })(),
  );
  const parser = source.pipe(
    parse({
      bom: true,
      delimiter,
      trim: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      info: true,
    }),
  );
  source.on('error', (error) => parser.destroy(error));
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<{
    record: string[];
    info: { lines: number };
  }>;
  const first = await records.next();
  const headers = first.done === true ? [] : first.value.record.map((header) => header.trim());
  return {
    delimiter,
    headers,
    rows: {
      async *[Symbol.asyncIterator]() {
        // csv-parse 7 counts a CRLF inside a quoted field as two lines: subtract those to report real lines.
        let crlfInCells = 0;
        for (let next = await records.next(); next.done !== true; next = await records.next()) {
          const { record, info } = next.value;
          let breaks = 0;
          for (const cell of record) {
            crlfInCells += cell.split('\r\n').length - 1;
            breaks += (cell.match(/\r\n|\r|\n/g) ?? []).length;
          }
          const line = info.lines - crlfInCells - breaks;
          const values: Record<string, string> = {};
          headers.forEach((header, index) => {
            values[header] = record[index] ?? '';
          });
          yield { line, values };
        }
      },
    },
  };
}
