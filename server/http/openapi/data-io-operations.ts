import {
  exportQuery,
  importRejectedQuery,
  importRowsQuery,
  importSettingsBody,
  importUploadQuery,
} from '../schemas/data-io.ts';
import type { OperationSpec } from './operations.ts';

const tag = 'Import and export';
const busy = {
  409: 'CONFLICT: another import of this kind is running, or the import is not in a state to do this',
};

/** `/api/imports` and `/api/exports` (docs/import.md). */
export function dataIoOperations(): OperationSpec[] {
  return [
    {
      id: 'uploadImport',
      method: 'post',
      path: '/api/imports',
      tag,
      summary: 'Upload a CSV file (the body) for an import; answers the headers and a suggested mapping',
      access: 'admin',
      query: importUploadQuery,
      rawBody: {
        contentType: 'text/csv',
        description: 'The file itself, UTF-8, `,` `;` or tab separated, at most IMPORT_MAX_BYTES.',
      },
      success: { status: 201, description: 'The import job, `uploaded`' },
      errors: {
        413: 'PAYLOAD_TOO_LARGE: the file exceeds IMPORT_MAX_BYTES',
        415: 'UNSUPPORTED_MEDIA_TYPE: not a CSV text file',
      },
    },
    {
      id: 'listImports',
      method: 'get',
      path: '/api/imports',
      tag,
      summary: 'Recent imports, newest first',
      access: 'admin',
    },
    {
      id: 'getImport',
      method: 'get',
      path: '/api/imports/:id',
      tag,
      summary: 'One import: state, progress, dry-run and run counts',
      access: 'admin',
      errors: { 404: 'NOT_FOUND' },
    },
    {
      id: 'dryRunImport',
      method: 'post',
      path: '/api/imports/:id/dry-run',
      tag,
      summary: 'Start the dry run with a mapping (nothing written); poll the import for its progress',
      access: 'admin',
      body: importSettingsBody,
      success: { status: 202, description: 'The import, `checking`' },
      errors: { 404: 'NOT_FOUND', ...busy },
    },
    {
      id: 'runImport',
      method: 'post',
      path: '/api/imports/:id/run',
      tag,
      summary: "Start the real run with the dry run's mapping; poll the import for its progress",
      access: 'admin',
      success: { status: 202, description: 'The import, `running`' },
      errors: { 404: 'NOT_FOUND', ...busy },
    },
    {
      id: 'importRows',
      method: 'get',
      path: '/api/imports/:id/rows',
      tag,
      summary:
        "A phase's row outcomes (created, updated, merged, unchanged, rejected and why), in file order",
      access: 'admin',
      query: importRowsQuery,
      errors: { 404: 'NOT_FOUND' },
    },
    {
      id: 'importRejectedCsv',
      method: 'get',
      path: '/api/imports/:id/rejected.csv',
      tag,
      summary: "The rejected rows as CSV: line, reason, then the file's columns",
      access: 'admin',
      query: importRejectedQuery,
      success: { status: 200, description: 'CSV', contentType: 'text/csv' },
      errors: { 404: 'NOT_FOUND' },
    },
    {
      id: 'exportRecords',
      method: 'get',
      path: '/api/exports/:dataset',
      tag,
      summary:
        'Contacts, tickets or conversations (one row each) created in a date range, as CSV or JSON, streamed',
      access: 'admin',
      query: exportQuery,
      success: {
        status: 200,
        description: 'CSV (`format=csv`) or a JSON array (`format=json`)',
        contentType: 'text/csv',
      },
      errors: { 404: 'NOT_FOUND: not contacts, tickets or conversations' },
    },
  ];
}
