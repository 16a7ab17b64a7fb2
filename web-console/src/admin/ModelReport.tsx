import { useId, useMemo, useState } from 'preact/hooks';
import type { CandidateReport } from '../../../server/contracts/admin.ts';
import { ChartCanvas } from '../reports/ChartCanvas.tsx';
import { PALETTE, type ChartSpec } from '../reports/chart-spec.ts';
import { format as fill } from '../strings.ts';
import { percent, score } from './common.tsx';
import { ConfusionHeatmap } from './ConfusionHeatmap.tsx';
import { adminStrings as t } from './strings.ts';

// Loaded on demand with Chart.js (the Reports page's chart library): the Training page's list opens without it.

const noDrill = () => {};

function reliabilitySpec(reliability: CandidateReport['reliability']): ChartSpec {
  const bins = reliability.bins;
  return {
    type: 'bar',
    labels: bins.map((b) => `${b.lower.toFixed(1)}–${b.upper.toFixed(1)}`),
    categoryTitle: t.report.bin,
    series: [
      {
        label: t.report.binAccuracy,
        values: bins.map((b) => (b.count === 0 ? null : b.accuracy)),
        color: PALETTE[0]!,
      },
      {
        label: t.report.binConfidence,
        values: bins.map((b) => (b.count === 0 ? null : b.meanConfidence)),
        color: PALETTE[1]!,
        line: true,
      },
      {
        label: t.report.perfect,
        values: bins.map((b) => (b.lower + b.upper) / 2),
        color: PALETTE[6]!,
        line: true,
        dashed: true,
      },
    ],
    format: (v) => percent(v),
    summary: fill(t.report.reliabilitySummary, { ece: score(reliability.expectedCalibrationError) }),
  };
}

function curveSpec(curve: NonNullable<CandidateReport['outOfScope']>['curve']): ChartSpec {
  return {
    type: 'line',
    labels: curve.map((p) => p.threshold.toFixed(2)),
    categoryTitle: t.report.threshold,
    series: [
      { label: t.report.recall, values: curve.map((p) => p.outOfScopeRecall), color: PALETTE[0]! },
      { label: t.report.precision, values: curve.map((p) => p.outOfScopePrecision), color: PALETTE[1]! },
      { label: t.report.inScopeAccuracy, values: curve.map((p) => p.inScopeAccuracy), color: PALETTE[2]! },
    ],
    format: (v) => percent(v),
    summary: t.report.curveSummary,
  };
}

function OutOfScope({ outOfScope }: { outOfScope: CandidateReport['outOfScope'] }) {
  const id = useId();
  const [step, setStep] = useState(10);
  const spec = useMemo(() => (outOfScope === null ? null : curveSpec(outOfScope.curve)), [outOfScope]);
  if (outOfScope === null || spec === null) return <p class="cc-muted">{t.report.outOfScopeNone}</p>;
  const point = outOfScope.curve[Math.min(step, outOfScope.curve.length - 1)]!;
  return (
    <>
      <p>
        {fill(t.report.atModel, {
          recall: percent(outOfScope.recall),
          precision: percent(outOfScope.precision),
        })}
      </p>
      <label class="cc-field cc-slider" for={`${id}-threshold`}>
        <span>
          {t.report.threshold}: {point.threshold.toFixed(2)}
        </span>
      </label>
      <input
        id={`${id}-threshold`}
        type="range"
        min={0}
        max={outOfScope.curve.length - 1}
        step={1}
        value={step}
        aria-valuetext={point.threshold.toFixed(2)}
        onInput={(e) => setStep(Number(e.currentTarget.value))}
      />
      <p aria-live="polite" data-testid="oos-at-threshold">
        {fill(t.report.atThreshold, {
          threshold: point.threshold.toFixed(2),
          recall: percent(point.outOfScopeRecall),
          precision: percent(point.outOfScopePrecision),
          accuracy: percent(point.inScopeAccuracy),
        })}
      </p>
      <ChartCanvas spec={spec} onDrill={noDrill} />
    </>
  );
}

/** A candidate's evaluation report: headline scores, per-intent table, confusion heatmap, calibration, out of scope. */
export function ModelReport({ report }: { report: CandidateReport }) {
  const reliability = useMemo(() => reliabilitySpec(report.reliability), [report]);
  const perIntent = useMemo(() => [...report.perIntent].sort((a, b) => a.f1 - b.f1), [report]);
  return (
    <div class="cc-model-report">
      <div class="cc-kpis">
        <div class="cc-kpi">
          <span>{t.report.accuracy}</span>
          <strong>{percent(report.accuracy)}</strong>
        </div>
        <div class="cc-kpi">
          <span>{t.report.macroF1}</span>
          <strong>{score(report.macroF1)}</strong>
        </div>
        <div class="cc-kpi">
          <span>{t.report.ece}</span>
          <strong>{score(report.reliability.expectedCalibrationError)}</strong>
        </div>
      </div>
      <p class="cc-muted">
        {fill(t.report.folds, { folds: report.folds, examples: report.examples, intents: report.intents })}
        {report.reference !== undefined && (
          <> {fill(t.report.onDeployed, { macroF1: score(report.reference.macroF1) })}</>
        )}
      </p>
      <section class="cc-report-card cc-report-wide">
        <h3>{t.report.perIntent}</h3>
        {/* Focusable so the keyboard can scroll it (axe: scrollable-region-focusable). */}
        <div
          class="cc-table-scroll cc-tall-scroll"
          tabIndex={0}
          role="region"
          aria-label={t.report.perIntent}
        >
          <table class="cc-admin-table cc-numbers">
            <thead>
              <tr>
                <th scope="col">{t.report.perIntentColumns.label}</th>
                <th scope="col">{t.report.perIntentColumns.precision}</th>
                <th scope="col">{t.report.perIntentColumns.recall}</th>
                <th scope="col">{t.report.perIntentColumns.f1}</th>
                <th scope="col">{t.report.perIntentColumns.support}</th>
              </tr>
            </thead>
            <tbody>
              {perIntent.map((m) => (
                <tr key={m.label}>
                  <th scope="row">{m.label}</th>
                  <td>{percent(m.precision)}</td>
                  <td>{percent(m.recall)}</td>
                  <td>{percent(m.f1)}</td>
                  <td>{m.support}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section class="cc-report-card cc-report-wide">
        <h3>{t.report.confusion}</h3>
        <ConfusionHeatmap confusion={report.confusion} />
      </section>
      <section class="cc-report-card">
        <h3>{t.report.reliability}</h3>
        <p class="cc-report-caption">{reliability.summary}</p>
        <ChartCanvas spec={reliability} onDrill={noDrill} />
      </section>
      <section class="cc-report-card">
        <h3>{t.report.outOfScope}</h3>
        <OutOfScope outOfScope={report.outOfScope} />
      </section>
    </div>
  );
}
