import { useId, useState } from 'preact/hooks';
import type { CandidateReport } from '../../../server/contracts/admin.ts';
import { format as fill } from '../strings.ts';
import { percent } from './common.tsx';
import { adminStrings as t } from './strings.ts';

type Cell = CandidateReport['confusion']['cells'][number];

/**
 * The confusion matrix's mistakes as a heatmap: rows are the right intents, columns what the model said, only
 * the intents involved in a mistake (a 55 × 55 grid of mostly zeros reads as nothing). Each non-empty cell is a
 * button that lists its misclassified examples, most confidently wrong first.
 */
export function ConfusionHeatmap({ confusion }: { confusion: CandidateReport['confusion'] }) {
  const id = useId();
  const [open, setOpen] = useState<Cell | null>(null);
  const { cells } = confusion;
  if (cells.length === 0) return <p class="cc-muted">{t.report.noMistakes}</p>;
  const rows = [...new Set(cells.map((c) => c.gold))].sort();
  const columns = [...new Set(cells.map((c) => c.predicted))].sort();
  const byKey = new Map(cells.map((c) => [`${c.gold}\u0000${c.predicted}`, c]));
  const max = Math.max(...cells.map((c) => c.count));
  return (
    <div>
      <p class="cc-muted" id={`${id}-hint`}>
        {t.report.confusionHint}
      </p>
      <div class="cc-table-scroll">
        <table class="cc-heatmap" aria-describedby={`${id}-hint`}>
          <thead>
            <tr>
              <td />
              {columns.map((column) => (
                <th scope="col" key={column}>
                  <span class="cc-heatmap-column">{column}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row}>
                <th scope="row">{row}</th>
                {columns.map((column) => {
                  const cell = byKey.get(`${row}\u0000${column}`);
                  if (cell === undefined) return <td key={column} />;
                  // Light to mid blue, never so dark that the dark text loses its 4.5:1 contrast.
                  const strength = cell.count / max;
                  return (
                    <td key={column}>
                      <button
                        type="button"
                        class={`cc-heat${strength > 0.5 ? ' cc-heat-strong' : ''}`}
                        style={{ background: `rgba(29, 78, 216, ${(0.1 + strength * 0.5).toFixed(3)})` }}
                        aria-label={fill(t.report.confusionCell, {
                          count: cell.count,
                          gold: cell.gold,
                          predicted: cell.predicted,
                        })}
                        aria-expanded={open === cell}
                        aria-controls={`${id}-examples`}
                        onClick={() => setOpen(open === cell ? null : cell)}
                      >
                        {cell.count}
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div id={`${id}-examples`} aria-live="polite">
        {open !== null && (
          <section class="cc-misclassified">
            <h4>
              {fill(t.report.misclassified, {
                gold: open.gold,
                predicted: open.predicted,
                count: open.count,
              })}
            </h4>
            <ul>
              {open.examples.map((example, index) => (
                <li key={index}>
                  {example.text}{' '}
                  <span class="cc-muted">
                    ({fill(t.report.confidence, { value: percent(example.confidence) })})
                  </span>
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </div>
  );
}
