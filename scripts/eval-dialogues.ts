/**
 * npm run eval:dialogues [-- --filter <text>] [--dir <dialogue dir>] [--out <report dir>] [--check]
 *
 * Runs the end-to-end dialogue set against the real server and a fresh embedded database, prints each dialogue's
 * result and the failed turns, and writes <out>/dialogues.json and <out>/dialogues.md (default `reports/`).
 * With --check the exit code is 1 when the targets (95% of turns, 85% of dialogues) are not met.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_DIALOGUE_DIR, loadDialogues } from './dialogues/schema.ts';
import { markdownReport, meetsThresholds, summaryLine } from './dialogues/report.ts';
import { runDialogues } from './dialogues/run.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      filter: { type: 'string' },
      dir: { type: 'string', default: DEFAULT_DIALOGUE_DIR },
      out: { type: 'string', default: 'reports' },
      'data-dir': { type: 'string', default: process.env.DATA_DIR ?? 'data' },
      check: { type: 'boolean', default: false },
    },
  });
  const all = await loadDialogues(values.dir);
  const dialogues = values.filter
    ? all.filter((d) => d.id.includes(values.filter!) || d.tags.includes(values.filter!))
    : all;
  console.log(
    `${dialogues.length} dialogues, ${dialogues.reduce((n, d) => n + d.turns.length, 0)} visitor turns`,
  );
  const run = await runDialogues(dialogues, {
    dataDir: values['data-dir'],
    onDialogue: (d) => {
      const correct = d.turns.filter((t) => t.passed).length;
      console.log(`${d.passed ? 'pass' : 'FAIL'}  ${d.id}  ${correct}/${d.turns.length}`);
      d.turns.forEach((t, i) => {
        if (t.passed) return;
        console.log(`      turn ${i + 1}: "${t.visitor}" → (${t.intent ?? '-'}) "${t.reply}"`);
        for (const failure of t.failures) console.log(`        - ${failure}`);
      });
    },
  });
  await mkdir(values.out, { recursive: true });
  await writeFile(path.join(values.out, 'dialogues.json'), `${JSON.stringify(run, null, 2)}\n`);
  await writeFile(path.join(values.out, 'dialogues.md'), markdownReport(run));
  console.log(`\n${summaryLine(run)}\nreports written to ${path.join(values.out, 'dialogues.{json,md}')}`);
  if (values.check && !meetsThresholds(run)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
