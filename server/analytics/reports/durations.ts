import type { DistributionBin, DrilldownQuery, DurationReport, DurationSummary } from '../../contracts/reports.ts';

/**
 * Summaries of durations as docs/reports.md defines them: the median is the middle value (the mean of the two
 * middle values for an even count); the 90th percentile is the nearest-rank value, the smallest value that at
 * least 90% of the values do not exceed.
 */
export function summarise(values: readonly number[]): DurationSummary {
  if (values.length === 0) return { count: 0, mean: null, median: null, p90: null };
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const middle = Math.floor(n / 2);
  const median = n % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  const p90 = sorted[Math.ceil(0.9 * n) - 1]!;
  const mean = sorted.reduce((sum, value) => sum + value, 0) / n;
  return { count: n, mean, median, p90 };
}

export interface BinEdge {
  label: string;
  from: number;
}

/** First response: seconds to minutes, as chat teams read it. */
export const FIRST_RESPONSE_BINS: readonly BinEdge[] = [
  { label: '< 30 s', from: 0 },
  { label: '30 s – 1 min', from: 30 },
  { label: '1–2 min', from: 60 },
  { label: '2–5 min', from: 120 },
  { label: '5–10 min', from: 300 },
  { label: '10–30 min', from: 600 },
  { label: '30–60 min', from: 1800 },
  { label: '≥ 1 h', from: 3600 },
];

/** Resolution and handling: minutes to days. */
export const RESOLUTION_BINS: readonly BinEdge[] = [
  { label: '< 5 min', from: 0 },
  { label: '5–15 min', from: 300 },
  { label: '15–30 min', from: 900 },
  { label: '30–60 min', from: 1800 },
  { label: '1–4 h', from: 3600 },
  { label: '4–24 h', from: 14_400 },
  { label: '1–3 days', from: 86_400 },
  { label: '≥ 3 days', from: 259_200 },
];

export function distribution(
  values: readonly number[],
  bins: readonly BinEdge[],
  drilldown: (from: number, to: number | null) => DrilldownQuery,
): DistributionBin[] {
  const counts = bins.map(() => 0);
  for (const value of values) {
    let index = bins.length - 1;
    while (index > 0 && value < bins[index]!.from) index -= 1;
    counts[index]! += 1;
  }
  return bins.map((bin, index) => {
    const to = index + 1 < bins.length ? bins[index + 1]!.from : null;
    return { label: bin.label, from: bin.from, to, count: counts[index]!, drilldown: drilldown(bin.from, to) };
  });
}

export function durationReport(
  values: readonly number[],
  bins: readonly BinEdge[],
  drilldown: (from: number, to: number | null) => DrilldownQuery,
): DurationReport {
  return { ...summarise(values), distribution: distribution(values, bins, drilldown) };
}
