import type { ConfusedPair } from './confused-pairs.ts';
import { mostConfusedPairs } from './confused-pairs.ts';
import type { CrossValidationResult, FoldSummary } from './cross-validation.ts';
import type {
  ConfusionMatrix,
  ClassificationMetrics,
  InScopeBreakdown,
  OutOfScopeMetrics,
} from './metrics.ts';
import {
  confusionMatrix,
  inScopeBreakdown,
  labelSet,
  metricsFromConfusion,
  outOfScopeMetrics,
} from './metrics.ts';
import type { Reliability } from './calibration.ts';
import { reliabilityTable } from './calibration.ts';

export const OUT_OF_SCOPE_LABEL = 'out_of_scope';

export interface EvaluationReport {
  title: string;
  generatedAt: string;
  classifierKind: string;
  data: { examples: number; intents: number; outOfScopeExamples: number; hash?: string };
  folds: FoldSummary[];
  metrics: ClassificationMetrics;
  outOfScope?: OutOfScopeMetrics;
  /** Present when the items carry the best in-scope intent of each ranking. */
  inScope?: InScopeBreakdown;
  confusion: ConfusionMatrix;
  mostConfused: ConfusedPair[];
  reliability: Reliability;
  outOfScopeThreshold: { perFold: number[]; final?: number };
}

export interface ReportInput {
  title: string;
  classifierKind: string;
  result: CrossValidationResult;
  /** The threshold of the model trained on all the data, if one was trained. */
  finalThreshold?: number;
  dataHash?: string;
  generatedAt?: Date;
}

export function buildEvaluationReport(input: ReportInput): EvaluationReport {
  const { items, folds } = input.result;
  const gold = items.map((i) => i.gold);
  const predicted = items.map((i) => i.predicted);
  const confusion = confusionMatrix(gold, predicted, labelSet(gold, predicted));
  const outOfScopeExamples = gold.filter((g) => g === OUT_OF_SCOPE_LABEL).length;
  const report: EvaluationReport = {
    title: input.title,
    generatedAt: (input.generatedAt ?? new Date()).toISOString(),
    classifierKind: input.classifierKind,
    data: {
      examples: items.length,
      intents: new Set(gold.filter((g) => g !== OUT_OF_SCOPE_LABEL)).size,
      outOfScopeExamples,
    },
    folds,
    metrics: metricsFromConfusion(confusion),
    confusion,
    mostConfused: mostConfusedPairs(items, 15, 3),
    reliability: reliabilityTable(
      items.map((i) => i.confidence),
      items.map((i) => i.gold === i.predicted),
    ),
    outOfScopeThreshold: {
      perFold: folds.flatMap((f) => (f.outOfScopeThreshold === undefined ? [] : [f.outOfScopeThreshold])),
    },
  };
  if (input.dataHash !== undefined) report.data.hash = input.dataHash;
  if (input.finalThreshold !== undefined) report.outOfScopeThreshold.final = input.finalThreshold;
  if (outOfScopeExamples > 0) report.outOfScope = outOfScopeMetrics(gold, predicted, OUT_OF_SCOPE_LABEL);
  const best = items.map((i) => i.bestInScope);
  if (items.length > 0 && best.every((b) => b !== undefined)) {
    report.inScope = inScopeBreakdown(gold, predicted, best, OUT_OF_SCOPE_LABEL);
  }
  return report;
}

const percent = (rate: number): string => `${(rate * 100).toFixed(1)}%`;
/** Markdown table cells must not break the table. */
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function table(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

export function renderMarkdown(report: EvaluationReport): string {
  const { metrics, reliability, confusion } = report;
  const lines: string[] = [`# ${report.title}`, ''];
  lines.push(
    `Generated ${report.generatedAt} · classifier \`${report.classifierKind}\` · ${report.folds.length}-fold ` +
      `cross-validation on ${report.data.examples} examples (${report.data.intents} intents, ` +
      `${report.data.outOfScopeExamples} out of scope)${report.data.hash ? ` · data hash \`${report.data.hash}\`` : ''}.`,
    '',
    '## Summary',
    '',
    ...table(
      ['measure', 'value'],
      [
        ['accuracy', percent(metrics.accuracy)],
        ['macro precision', percent(metrics.macroPrecision)],
        ['macro recall', percent(metrics.macroRecall)],
        ['macro F1', percent(metrics.macroF1)],
        ['weighted F1', percent(metrics.weightedF1)],
        ...(report.outOfScope
          ? [
              ['in-scope accuracy', percent(report.outOfScope.inScopeAccuracy)],
              ['out-of-scope recall', percent(report.outOfScope.outOfScopeRecall)],
            ]
          : []),
        ...(report.inScope
          ? [
              [
                'in-scope items whose best intent is right (out-of-scope decision aside)',
                percent(report.inScope.bestIntentAccuracy),
              ],
              [
                'in-scope items judged out of scope (best intent right)',
                `${percent(report.inScope.rejected)} (${percent(report.inScope.rightIntentRejected)})`,
              ],
            ]
          : []),
        ['expected calibration error', percent(reliability.expectedCalibrationError)],
        [
          'out-of-scope threshold (on the best intent’s score)',
          [
            report.outOfScopeThreshold.final === undefined
              ? ''
              : `${report.outOfScopeThreshold.final.toFixed(3)} (final model)`,
            report.outOfScopeThreshold.perFold.length > 0
              ? `folds: ${report.outOfScopeThreshold.perFold.map((t) => t.toFixed(3)).join(', ')}`
              : '',
          ]
            .filter(Boolean)
            .join('; ') || 'none',
        ],
      ],
    ),
    '',
    '## Per intent',
    '',
    ...table(
      ['intent', 'precision', 'recall', 'F1', 'support'],
      metrics.perClass.map((m) => [
        cell(m.label),
        percent(m.precision),
        percent(m.recall),
        percent(m.f1),
        String(m.support),
      ]),
    ),
    '',
    '## Most confused pairs',
    '',
  );
  if (report.mostConfused.length === 0) lines.push('No mistakes.');
  else
    lines.push(
      ...table(
        ['gold intent', 'predicted', 'count', 'examples (confidence)'],
        report.mostConfused.map((p) => [
          cell(p.gold),
          cell(p.predicted),
          String(p.count),
          p.examples.map((e) => `“${cell(e.text)}” (${e.confidence.toFixed(2)})`).join('<br>'),
        ]),
      ),
    );
  lines.push(
    '',
    '## Reliability (calibration)',
    '',
    'A well-calibrated classifier is right about as often as it says: accuracy ≈ mean confidence in every bin.',
    '',
    ...table(
      ['confidence', 'items', 'mean confidence', 'accuracy'],
      reliability.bins.map((b) => [
        `${b.lower.toFixed(1)}–${b.upper.toFixed(1)}`,
        String(b.count),
        b.count ? percent(b.meanConfidence) : '–',
        b.count ? percent(b.accuracy) : '–',
      ]),
    ),
    '',
    `Expected calibration error ${percent(reliability.expectedCalibrationError)}, maximum ${percent(
      reliability.maximumCalibrationError,
    )}.`,
    '',
    '## Confusion matrix',
    '',
    'Rows: gold intent; columns: predicted (numbered as the rows).',
    '',
    ...table(
      ['#', 'gold \\ predicted', ...confusion.labels.map((_, i) => String(i + 1))],
      confusion.labels.map((label, r) => [
        String(r + 1),
        cell(label),
        ...confusion.counts[r]!.map((n, c) => (n === 0 ? '·' : r === c ? `**${n}**` : String(n))),
      ]),
    ),
    '',
  );
  return lines.join('\n');
}
