import type { MetricChange, ServiceTotals } from '../../../server/contracts/reports.ts';
import { format as fill } from '../strings.ts';
import { change, count, decimal, duration, percent } from './format.ts';
import { reportStrings as t } from './strings.ts';

type Kind = 'count' | 'rate' | 'duration' | 'score';

const KPIS: { key: keyof ServiceTotals; kind: Kind }[] = [
  { key: 'conversations', kind: 'count' },
  { key: 'containmentRate', kind: 'rate' },
  { key: 'escalationRate', kind: 'rate' },
  { key: 'fallbackRate', kind: 'rate' },
  { key: 'firstResponseMedian', kind: 'duration' },
  { key: 'firstResponseP90', kind: 'duration' },
  { key: 'resolutionMedian', kind: 'duration' },
  { key: 'resolutionP90', kind: 'duration' },
  { key: 'ratingAverage', kind: 'score' },
  { key: 'resolved', kind: 'count' },
];

function value(v: number | null, kind: Kind): string {
  if (v === null) return '–';
  switch (kind) {
    case 'count':
      return count(v);
    case 'rate':
      return percent(v);
    case 'duration':
      return duration(v);
    case 'score':
      return decimal(v);
  }
}

/** The headline figures of the range beside the previous period's. */
export function Kpis(props: { changes: Record<keyof ServiceTotals, MetricChange> }) {
  return (
    <dl class="cc-kpis">
      {KPIS.map(({ key, kind }) => {
        const metric = props.changes[key];
        const delta = change(metric.delta, metric.relative, kind);
        return (
          <div class="cc-kpi" key={key}>
            <dt>{t.kpis[key]}</dt>
            <dd class="cc-kpi-value">{value(metric.current, kind)}</dd>
            <dd class="cc-kpi-change">
              {delta === null ? t.noChange : fill(t.change, { sign: '', value: delta })}
              <br />
              {fill(t.previously, { value: value(metric.previous, kind) })}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
