/**
 * npm run eval:nlu -- [--intents-dir <dir>] [--folds 5] [--seed 1] [--out-dir reports]
 *
 * k-fold cross-validation of the intent classifier on the intent data, written as reports/nlu-eval.json
 * (for tools and the admin console) and reports/nlu-eval.md (for people). Reports are generated output and
 * git-ignored: they carry timings and a timestamp, so committing them would only churn.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadIntentData, toTrainingExamples } from '../intents/loader.ts';
import { crossValidate } from '../nlp/evaluation/cross-validation.ts';
import { buildEvaluationReport, renderMarkdown } from '../nlp/evaluation/report.ts';
import { trainIntentClassifier } from '../nlp/intent/index.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function positiveInteger(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'intents-dir': { type: 'string' },
      folds: { type: 'string', default: '5' },
      seed: { type: 'string', default: '1' },
      'out-dir': { type: 'string', default: join(repoRoot, 'reports') },
    },
  });
  const folds = positiveInteger(values.folds, 'folds');
  const seed = positiveInteger(values.seed, 'seed');
  const data = await loadIntentData(values['intents-dir']);
  const examples = toTrainingExamples(data);
  const result = crossValidate(
    examples,
    (part, fold) => trainIntentClassifier(part, { seed: seed + fold }),
    folds,
    seed,
  );
  const final = trainIntentClassifier(examples, { seed });
  const threshold = final.toJSON()['outOfScopeThreshold'];
  const report = buildEvaluationReport({
    title: 'Concierge NLU evaluation',
    classifierKind: final.kind,
    result,
    dataHash: data.hash,
    ...(typeof threshold === 'number' ? { finalThreshold: threshold } : {}),
  });
  const outDir = resolve(values['out-dir']);
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'nlu-eval.json'), JSON.stringify(report, null, 2) + '\n');
  await writeFile(join(outDir, 'nlu-eval.md'), renderMarkdown(report));
  const { metrics, outOfScope, inScope, reliability } = report;
  const pct = (rate: number): string => `${(rate * 100).toFixed(1)}%`;
  console.log(
    [
      `${folds}-fold cross-validation on ${examples.length} examples (${report.data.intents} intents + out_of_scope)`,
      `accuracy ${pct(metrics.accuracy)}, macro-F1 ${pct(metrics.macroF1)}`,
      outOfScope
        ? `in-scope accuracy ${pct(outOfScope.inScopeAccuracy)}, out-of-scope recall ${pct(outOfScope.outOfScopeRecall)}`
        : 'no out-of-scope examples',
      ...(inScope
        ? [
            `in-scope items: best intent right ${pct(inScope.bestIntentAccuracy)} (out-of-scope decision aside), ` +
              `judged out of scope ${pct(inScope.rejected)} (${pct(inScope.rightIntentRejected)} with the right best intent)`,
          ]
        : []),
      `expected calibration error ${pct(reliability.expectedCalibrationError)}`,
      `out-of-scope threshold of the final model: ${typeof threshold === 'number' ? threshold.toFixed(3) : 'none'}`,
      `wrote ${join(outDir, 'nlu-eval.json')} and ${join(outDir, 'nlu-eval.md')}`,
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
