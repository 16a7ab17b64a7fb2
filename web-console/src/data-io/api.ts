import { api } from '../api/http.ts';

export type ImportKind = 'contacts' | 'products' | 'orders';
export type Outcome = 'created' | 'updated' | 'merged' | 'unchanged' | 'rejected';
export type Counts = Record<Outcome, number>;

/** An import job as `/api/imports/:id` answers it (server/crm/import/import-jobs.ts). */
export interface ImportJob {
  id: string;
  kind: ImportKind;
  state: 'uploaded' | 'checking' | 'checked' | 'running' | 'done' | 'failed';
  filename: string;
  headers: string[];
  fields: string[];
  suggestedMapping: Record<string, string>;
  suggestionProblems: { field: string; message: string }[];
  mapping: Record<string, string>;
  dateFormat: 'dmy' | 'mdy';
  currency: string;
  phase: 'dry-run' | 'run' | null;
  processedRows: number;
  progress: number;
  dryRun: { rows: number; counts: Counts } | null;
  result: { rows: number; counts: Counts } | null;
  error: string | null;
  createdAt: string;
}

export interface RowReport {
  line: number;
  outcome: Outcome;
  key: string | null;
  reason: string | null;
}

export const uploadFile = (kind: ImportKind, file: File) =>
  api<ImportJob>(
    'POST',
    `/api/imports?kind=${kind}&filename=${encodeURIComponent(file.name.slice(0, 255) || 'upload.csv')}`,
    file,
  );

export const fetchJob = (id: string) => api<ImportJob>('GET', `/api/imports/${encodeURIComponent(id)}`);

export const fetchRecentJobs = () => api<{ items: ImportJob[] }>('GET', '/api/imports');

export const startDryRun = (
  id: string,
  settings: { mapping: Record<string, string>; dateFormat: 'dmy' | 'mdy'; currency: string },
) => api<ImportJob>('POST', `/api/imports/${encodeURIComponent(id)}/dry-run`, settings);

export const startRun = (id: string) => api<ImportJob>('POST', `/api/imports/${encodeURIComponent(id)}/run`);

export const ROWS_PAGE = 50;

export const fetchRows = (id: string, phase: 'dry-run' | 'run', outcome: Outcome | '', page: number) =>
  api<{ items: RowReport[]; total: number; page: number }>(
    'GET',
    `/api/imports/${encodeURIComponent(id)}/rows?phase=${phase}&page=${page}&limit=${ROWS_PAGE}` +
      (outcome === '' ? '' : `&outcome=${outcome}`),
  );

export const rejectedUrl = (id: string, phase: 'dry-run' | 'run') =>
  `/api/imports/${encodeURIComponent(id)}/rejected.csv?phase=${phase}`;

export function exportUrl(dataset: string, format: 'csv' | 'json', from: string, to: string): string {
  const query = new URLSearchParams({ format });
  if (from !== '') query.set('from', from);
  if (to !== '') query.set('to', to);
  return `/api/exports/${dataset}?${query.toString()}`;
}
