import type { DrillTarget } from './query.ts';

// What a chart shows, independent of the library that draws it: the canvas and its data table are both drawn
// from one spec, so the table is an exact text alternative and its buttons open the same drill-downs.

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
  /** The drill-down of each value (same order as `values`); null where a bucket has none. */
  drill?: (DrillTarget | null)[];
  /** A line drawn over bars, or a line chart's line. */
  line?: boolean;
  /** Fill the area between this series and the next one (prediction intervals). */
  fillToNext?: boolean;
  /** Draw dashed (a forecast). */
  dashed?: boolean;
  /** Left out of the data table (an interval's edge already listed elsewhere). */
  hiddenInTable?: boolean;
}

export interface ChartSpec {
  type: 'bar' | 'line';
  /** Category labels along the x axis (or the y axis of a horizontal bar chart). */
  labels: string[];
  categoryTitle: string;
  series: ChartSeries[];
  stacked?: boolean;
  horizontal?: boolean;
  /** Formats a value in the table and the tooltips. */
  format?: (value: number) => string;
  /** Many categories: a taller frame so every label shows. */
  tall?: boolean;
  /** Plain-text summary: the canvas's accessible name. */
  summary: string;
}

export interface ScatterSpec {
  groups: { label: string; color: string; points: { x: number; y: number }[] }[];
  xTitle: string;
  yTitle: string;
  logY?: boolean;
  summary: string;
}

/** Colour-blind-safe (Okabe–Ito), each with at least 3:1 contrast on white as a graphic. */
export const PALETTE = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#555d67'];

export const hasData = (spec: ChartSpec) =>
  spec.series.some((s) => s.values.some((v) => v !== null && v !== 0));
