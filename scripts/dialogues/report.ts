import type { DialogueRun } from './run.ts';

/** The project's targets (issue 10): share of visitor turns and of whole dialogues handled correctly. */
export const THRESHOLDS = { turns: 0.95, dialogues: 0.85 } as const;

export function rates(run: DialogueRun): { turns: number; dialogues: number } {
  const { turns, turnsPassed, dialogues, dialoguesPassed } = run.summary;
  return {
    turns: turns === 0 ? 0 : turnsPassed / turns,
    dialogues: dialogues === 0 ? 0 : dialoguesPassed / dialogues,
  };
}

export function meetsThresholds(run: DialogueRun): boolean {
  const r = rates(run);
  return r.turns >= THRESHOLDS.turns && r.dialogues >= THRESHOLDS.dialogues;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export function summaryLine(run: DialogueRun): string {
  const { turns, turnsPassed, dialogues, dialoguesPassed } = run.summary;
  const r = rates(run);
  return (
    `turns correct ${turnsPassed}/${turns} (${pct(r.turns)}, target ${pct(THRESHOLDS.turns)}); ` +
    `dialogues fully correct ${dialoguesPassed}/${dialogues} (${pct(r.dialogues)}, target ${pct(THRESHOLDS.dialogues)})`
  );
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function markdownReport(run: DialogueRun): string {
  const lines = [
    '# Dialogue evaluation',
    '',
    `Run ${run.startedAt}, ${run.seconds.toFixed(1)} s. ${summaryLine(run)}.`,
    '',
    '| dialogue | turns correct | result |',
    '| --- | ---: | --- |',
    ...run.dialogues.map(
      (d) =>
        `| ${d.id} | ${d.turns.filter((t) => t.passed).length}/${d.turns.length} | ${d.passed ? 'pass' : '**fail**'} |`,
    ),
    '',
    '## Failed turns',
    '',
  ];
  for (const d of run.dialogues) {
    d.turns.forEach((t, i) => {
      if (t.passed) return;
      lines.push(
        `- **${d.id}** turn ${i + 1}: visitor "${cell(t.visitor)}" → bot (${t.intent ?? 'no intent'}) "${cell(t.reply)}"`,
      );
      for (const failure of t.failures) lines.push(`  - ${cell(failure)}`);
    });
  }
  return `${lines.join('\n')}\n`;
}
