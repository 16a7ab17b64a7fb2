/**
 * npm run bench:import [-- --rows 100000]
 *
 * Writes a contacts CSV of N rows (with `;`, a BOM, quoted names and a few bad and duplicate rows), starts the
 * embedded engine in a separate process (so the importer's memory is measured alone), imports the file
 * through runImport, and prints rows/s, this process's peak RSS and the CPU time of both processes; then imports it
 * again (idempotent run).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runImport } from '../server/crm/import/run-import.ts';
import { connectDatabase } from '../server/data/connection.ts';
import { ensureIndexes } from '../server/data/models/index.ts';
import { createRepositories } from '../server/data/repositories/index.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' } } });
const rows = Number(values.rows);
const dir = await mkdtemp(path.join(tmpdir(), 'concierge-bench-import-'));
const file = path.join(dir, 'contacts.csv');

const out = createWriteStream(file);
out.write('\uFEFFName;E-mail;Phone;Tier\r\n');
for (let index = 0; index < rows; index += 1) {
  const bad = index % 1000 === 999 ? 'not-an-email' : `customer${index}@example.com`;
  const line = `"Customer ${index}, Jr";${bad};+4420${String(10_000_000 + index)};${index % 3 === 0 ? 'gold' : 'silver'}\r\n`;
  if (!out.write(line)) await once(out, 'drain');
}
out.end();
await once(out, 'close');
const size = (await stat(file)).size;

const port = 27000 + Math.floor(Math.random() * 2000);
const engine = spawn(
  process.execPath,
  ['--import', 'tsx', 'embedded-mongo/cli.ts', '--port', String(port), '--memory'],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
await new Promise<void>((resolve, reject) => {
  engine.stdout!.on('data', (chunk: Buffer) => {
    if (/listening|ready|port/i.test(chunk.toString())) resolve();
  });
  engine.once('exit', (code) => reject(new Error(`engine exited with ${code}`)));
});
const database = await connectDatabase(`mongodb://127.0.0.1:${port}`, { dbName: 'bench_import' });
await ensureIndexes(database.models);
const repositories = createRepositories(database.models);

// memoryUsage.rss() reads one number; memoryUsage() walks the heap spaces, which every 50 ms costs the run.
let peakRss = process.memoryUsage.rss();
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
/** The engine process's CPU seconds (user + system, all its threads), from /proc on Linux; null elsewhere. */
const engineCpu = async (): Promise<number | null> => {
  try {
    const fields = (await readFile(`/proc/${engine.pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
    // utime and stime, fields 14 and 15 of stat(5), in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
};
const run = async (label: string) => {
  const engineBefore = await engineCpu();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const summary = await runImport({
    kind: 'contacts',
    input: createReadStream(file),
    repositories,
    models: database.models,
    map: { Tier: 'attributes.tier' },
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const engineAfter = await engineCpu();
  const engineSeconds =
    engineBefore === null || engineAfter === null
      ? 'unknown'
      : `${(engineAfter - engineBefore).toFixed(1)} s`;
  process.stdout.write(
    `${label}: ${summary.rows} rows in ${seconds.toFixed(1)} s = ${Math.round(summary.rows / seconds)} rows/s; ` +
      `counts ${JSON.stringify(summary.counts)}; peak RSS so far ${(peakRss / 1024 / 1024).toFixed(0)} MB; ` +
      `CPU: importer ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, engine ${engineSeconds}\n`,
  );
  // RSS keeps heap the garbage collector has not given back; after a full collection, the heap shows what a run left.
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) {
    gc();
    const { heapUsed, rss } = process.memoryUsage();
    process.stdout.write(
      `  after a full GC: heap used ${(heapUsed / 1024 / 1024).toFixed(0)} MB, RSS ${(rss / 1024 / 1024).toFixed(0)} MB\n`,
    );
  }
};
process.stdout.write(
  `file: ${rows} rows, ${(size / 1024 / 1024).toFixed(1)} MB; importer process RSS at start ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB\n`,
);
await run('first import');
await run('second import (idempotent)');
clearInterval(sampler);
await database.close();
engine.kill('SIGTERM');
await once(engine, 'exit');
await rm(dir, { recursive: true, force: true });
