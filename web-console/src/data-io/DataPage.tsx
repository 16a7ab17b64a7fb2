import { ExportPanel } from './ExportPanel.tsx';
import { ImportPanel } from './ImportPanel.tsx';
import './data-io.css';

/** Data (admins): CSV imports of contacts, products and orders, and exports (docs/import.md). */
export function DataPage() {
  return (
    <div class="cc-data">
      <h2>Data</h2>
      <ImportPanel />
      <ExportPanel />
    </div>
  );
}
