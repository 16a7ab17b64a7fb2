import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartConfiguration,
  type ChartDataset,
} from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';
import type { ChartSpec, ScatterSpec } from './chart-spec.ts';
import type { DrillTarget } from './query.ts';

// Chart.js, tree-shaken to the parts these charts use. This module is only reached through the Reports page's
// dynamic import, so the library stays out of the console's initial download.
Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
);
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';
Chart.defaults.color = '#1b1f24';

function datasets(spec: ChartSpec): ChartDataset<'bar' | 'line', (number | null)[]>[] {
  return spec.series.map((series) => {
    const line = spec.type === 'line' || series.line === true;
    return {
      type: line ? 'line' : 'bar',
      label: series.label,
      data: series.values,
      backgroundColor: series.fillToNext ? `${series.color}33` : series.color,
      borderColor: series.color,
      // An interval's edges are thin and pointless: the band between them is what reads.
      borderWidth: line ? (series.fillToNext || series.hiddenInTable ? 1 : 2) : 0,
      borderDash: series.dashed ? [6, 4] : [],
      pointRadius: line && !series.fillToNext && !series.hiddenInTable ? 2 : 0,
      fill: series.fillToNext ? '+1' : false,
      spanGaps: false,
      ...(spec.stacked ? { stack: 'all' } : {}),
    } as ChartDataset<'bar' | 'line', (number | null)[]>;
  });
}

/** A bar or line chart; a click on a bar or point opens its drill-down. */
export function ChartCanvas(props: { spec: ChartSpec; onDrill(target: DrillTarget): void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const onDrill = useRef(props.onDrill);
  onDrill.current = props.onDrill;
  const { spec } = props;

  useEffect(() => {
    const format = spec.format ?? ((v: number) => String(v));
    const valueAxis = {
      stacked: spec.stacked ?? false,
      beginAtZero: true,
      ticks: { callback: (value: string | number) => format(Number(value)) },
    };
    const categoryAxis = { stacked: spec.stacked ?? false, title: { display: true, text: spec.categoryTitle } };
    const config: ChartConfiguration<'bar' | 'line', (number | null)[], string> = {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets(spec) },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: spec.horizontal ? 'y' : 'x',
        interaction: { mode: 'nearest', intersect: spec.type === 'bar' },
        scales: spec.horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
        plugins: {
          legend: {
            display: spec.series.length > 1,
            position: 'bottom',
            labels: { filter: (item) => !item.text.startsWith('_') },
          },
          tooltip: {
            callbacks: {
              label: (item) => `${item.dataset.label ?? ''}: ${format(Number(item.raw))}`,
            },
          },
        },
        onClick: (_event, elements) => {
          const element = elements[0];
          if (element === undefined) return;
          const target = spec.series[element.datasetIndex]?.drill?.[element.index];
          if (target) onDrill.current(target);
        },
        onHover: (event, elements) => {
          const target = event.native?.target as HTMLElement | undefined;
          if (target) {
            const drillable = elements.some((e) => spec.series[e.datasetIndex]?.drill?.[e.index]);
            target.style.cursor = drillable ? 'pointer' : 'default';
          }
        },
      },
    };
    const chart = new Chart(canvas.current!, config);
    return () => chart.destroy();
  }, [spec]);

  return (
    <div class={`cc-chart-frame${spec.tall ? ' cc-chart-tall' : ''}`}>
      <canvas ref={canvas} role="img" aria-label={spec.summary} />
    </div>
  );
}

/** A scatter plot (segments); its text alternative is the segment table beside it. */
export function ScatterCanvas(props: { spec: ScatterSpec }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { spec } = props;
  useEffect(() => {
    const chart = new Chart(canvas.current!, {
      type: 'scatter',
      data: {
        datasets: spec.groups.map((group) => ({
          label: group.label,
          data: group.points,
          backgroundColor: `${group.color}99`,
          borderColor: group.color,
          pointRadius: 3,
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { title: { display: true, text: spec.xTitle } },
          y: { type: spec.logY ? 'logarithmic' : 'linear', title: { display: true, text: spec.yTitle } },
        },
        plugins: { legend: { position: 'bottom' } },
      },
    });
    return () => chart.destroy();
  }, [spec]);
  return (
    <div class="cc-chart-frame cc-chart-tall">
      <canvas ref={canvas} role="img" aria-label={spec.summary} />
    </div>
  );
}
