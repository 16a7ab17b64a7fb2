import type { ForecastView, SegmentsView } from '../../../server/contracts/analytics-models.ts';
import { PALETTE, type ChartSpec, type ScatterSpec } from './chart-spec.ts';
import { count, decimal, hourLabel, shortDay } from './format.ts';
import { reportStrings as t } from './strings.ts';

// Specs of the customer-model charts, built from the models' JSON: pure, unit-tested.

const s = t.series;
/** Weeks of history drawn before the forecast. */
const HISTORY_DAYS = 56;

export function forecastChart(view: ForecastView): ChartSpec {
  const history = view.inputs.daily.slice(-HISTORY_DAYS);
  const ahead = view.outputs.forecast;
  const labels = [...history.map((d) => shortDay(d.date)), ...ahead.map((d) => shortDay(d.date))];
  const pad = <T>(values: T[], before: number) => [
    ...Array.from({ length: before }, () => null),
    ...values,
  ];
  const blankHistory = history.length;
  const round = (v: number) => Math.round(v * 10) / 10;
  const [blue, orange] = PALETTE as [string, string];
  return {
    type: 'line',
    labels,
    categoryTitle: t.axis.day,
    series: [
      {
        label: s.actual,
        color: blue,
        values: [...history.map((d) => d.conversations), ...ahead.map(() => null)],
      },
      { label: s.forecast, color: orange, dashed: true, values: pad(ahead.map((d) => round(d.forecast)), blankHistory) },
      {
        label: s.interval95,
        color: orange,
        fillToNext: true,
        values: pad(ahead.map((d) => round(d.upper95)), blankHistory),
      },
      {
        label: `_${s.interval95}`,
        color: orange,
        hiddenInTable: true,
        values: pad(ahead.map((d) => round(Math.max(0, d.lower95))), blankHistory),
      },
      {
        label: s.interval80,
        color: orange,
        fillToNext: true,
        values: pad(ahead.map((d) => round(d.upper80)), blankHistory),
      },
      {
        label: `_${s.interval80}`,
        color: orange,
        hiddenInTable: true,
        values: pad(ahead.map((d) => round(Math.max(0, d.lower80))), blankHistory),
      },
    ],
    format: (v) => decimal(v, 1),
    summary:
      ahead.length === 0
        ? t.noData
        : `The last ${history.length} days of conversations and a ${ahead.length}-day forecast from ${shortDay(ahead[0]!.date)}: ${decimal(ahead[0]!.forecast, 1)} on the first day (95% interval ${decimal(Math.max(0, ahead[0]!.lower95), 1)} to ${decimal(ahead[0]!.upper95, 1)}).`,
  };
}

export function staffingChart(view: ForecastView, dayIndex: number): ChartSpec | null {
  const day = view.outputs.staffing?.days[dayIndex];
  if (day === undefined) return null;
  const [blue, , green] = PALETTE as [string, string, string];
  const peak = Math.max(...day.agents);
  return {
    type: 'bar',
    labels: day.agents.map((_, hour) => hourLabel(hour)),
    categoryTitle: t.axis.hour,
    series: [
      { label: s.agents, color: blue, values: day.agents },
      {
        label: s.contacts,
        color: green,
        line: true,
        values: day.contactsPerHour.map((v) => Math.round(v * 100) / 100),
      },
    ],
    format: (v) => (Number.isInteger(v) ? count(v) : decimal(v, 2)),
    summary: `${shortDay(day.date)}: at most ${peak} agents needed in an hour; ${day.agents.reduce((a, b) => a + b, 0)} agent-hours over the day.`,
  };
}

export function segmentsScatter(view: SegmentsView): ScatterSpec | null {
  if (view.segments === undefined || view.scatter === undefined) return null;
  const segments = view.segments;
  return {
    groups: segments.map((segment, index) => ({
      label: segment.label,
      color: PALETTE[index % PALETTE.length]!,
      points: view
        .scatter!.filter((p) => p.segment === segment.id)
        // Spend on a log axis: customers who never ordered sit at 1.
        .map((p) => ({ x: Math.round(p.recencyDays), y: Math.max(1, Math.round(p.monetary)) })),
    })),
    xTitle: t.models.recency,
    yTitle: `${t.models.monetary} (log scale)`,
    logY: true,
    summary: `${count(view.scatter.length)} customers plotted by days since their last order and spend: ${segments
      .map((seg) => `${seg.label} ${count(seg.size)}`)
      .join(', ')}. The segment table lists the same groups.`,
  };
}
