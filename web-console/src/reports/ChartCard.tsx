import type { ComponentChildren } from 'preact';
import { useId, useState } from 'preact/hooks';
import { ChartCanvas } from './ChartCanvas.tsx';
import { hasData, type ChartSpec } from './chart-spec.ts';
import type { DrillTarget } from './query.ts';
import { ReportTable } from './ReportTable.tsx';
import { reportStrings as t } from './strings.ts';

export interface ChartCardProps {
  title: string;
  /** A line under the title: the figures a reader wants first (median, p90, average…). */
  caption?: ComponentChildren;
  spec: ChartSpec;
  onDrill(target: DrillTarget): void;
  wide?: boolean;
}

/**
 * One chart with its text alternative: the canvas carries a summary as its accessible name, and a toggle
 * shows the same data as a table whose counts are buttons (the keyboard's way into the drill-down).
 */
export function ChartCard({ title, caption, spec, onDrill, wide }: ChartCardProps) {
  const [table, setTable] = useState(false);
  const id = useId();
  const empty = !hasData(spec);
  return (
    <section class={`cc-report-card${wide ? ' cc-report-wide' : ''}`} aria-labelledby={`${id}-title`}>
      <div class="cc-report-card-head">
        <h3 id={`${id}-title`}>{title}</h3>
        {!empty && (
          <button
            type="button"
            class="cc-button cc-small"
            aria-expanded={table}
            aria-controls={`${id}-table`}
            onClick={() => setTable(!table)}
          >
            {table ? t.hideTable : t.showTable}
          </button>
        )}
      </div>
      {caption !== undefined && <p class="cc-report-caption">{caption}</p>}
      {empty ? <p class="cc-muted">{t.noData}</p> : <ChartCanvas spec={spec} onDrill={onDrill} />}
      {!empty && table && <DataTable id={`${id}-table`} title={title} spec={spec} onDrill={onDrill} />}
    </section>
  );
}

export function DataTable(props: {
  id?: string;
  title: string;
  spec: ChartSpec;
  onDrill(target: DrillTarget): void;
}) {
  const { spec } = props;
  const format = spec.format ?? ((v: number) => String(v));
  const columns = spec.series.filter((s) => !s.hiddenInTable);
  return (
    <ReportTable
      id={props.id}
      caption={`${props.title}. ${t.tableHint}`}
      captionHidden
      columns={[spec.categoryTitle, ...columns.map((s) => s.label)]}
    >
          {spec.labels.map((label, index) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              {columns.map((s) => {
                const value = s.values[index] ?? null;
                const target = s.drill?.[index] ?? null;
                const text = value === null ? '–' : format(value);
                return (
                  <td key={s.label}>
                    {target !== null && value !== null && value > 0 ? (
                      <button
                        type="button"
                        class="cc-link-button"
                        aria-label={`${text}: ${target.title}`}
                        onClick={() => props.onDrill(target)}
                      >
                        {text}
                      </button>
                    ) : (
                      text
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
    </ReportTable>
  );
}
