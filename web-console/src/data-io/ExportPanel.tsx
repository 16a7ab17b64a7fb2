import { useState } from 'preact/hooks';
import { exportUrl } from './api.ts';

const DATASETS = [
  { id: 'contacts', label: 'contacts' },
  { id: 'tickets', label: 'tickets' },
  { id: 'conversations', label: 'conversations' },
];

/** Exports: plain links, so the browser streams the file to disk (the server streams it from a cursor). */
export function ExportPanel() {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [format, setFormat] = useState<'csv' | 'json'>('csv');
  return (
    <section class="cc-data-section" aria-labelledby="cc-export-title">
      <h3 id="cc-export-title">Export</h3>
      <div class="cc-data-form">
        <label>
          Created from
          <input
            type="date"
            value={from}
            onInput={(event) => setFrom((event.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          Created to
          <input
            type="date"
            value={to}
            onInput={(event) => setTo((event.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          Format
          <select
            value={format}
            onChange={(event) => setFormat((event.target as HTMLSelectElement).value as 'csv' | 'json')}
          >
            <option value="csv">CSV</option>
            <option value="json">JSON</option>
          </select>
        </label>
      </div>
      <ul class="cc-data-exports">
        {DATASETS.map((dataset) => (
          <li key={dataset.id}>
            <a class="cc-data-download" href={exportUrl(dataset.id, format, from, to)} download>
              Export {dataset.label} ({format.toUpperCase()})
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
