import { Router } from 'express';
import type { HttpRegistration } from '../../app.ts';
import { EXPORT_DATASETS, exportLines } from '../../crm/export/datasets.ts';
import type { ImportJobs } from '../../crm/import/import-jobs.ts';
import type { Models } from '../../data/models/index.ts';
import { AppError } from '../../shared/errors.ts';
import { ADMINS, requireRole } from '../guards.ts';
import {
  exportQuery,
  importRejectedQuery,
  importRowsQuery,
  importSettingsBody,
  importUploadQuery,
} from '../schemas/data-io.ts';
import { sendLines } from '../send-lines.ts';
import { parseIdParam, parseInput } from '../validation.ts';

/** Types a spreadsheet or browser may give a .csv file; anything else is refused before reading it. */
const CSV_TYPES = [
  'text/csv',
  'text/plain',
  'application/csv',
  'text/comma-separated-values',
  'application/vnd.ms-excel',
  'application/octet-stream',
];

/**
 * `/api/imports` and `/api/exports` (admins; docs/import.md): CSV uploads streamed into GridFS, dry runs and
 * runs as background jobs, their row reports; exports streamed from a cursor.
 */
export function dataIoRoutes(deps: { jobs: ImportJobs; models: Models }): HttpRegistration {
  return (app, { auth }) => {
    const imports = Router();
    imports.use(requireRole(auth, ADMINS));

    // The body is the file itself (Content-Type: text/csv), not a multipart form: it streams straight to
    // GridFS, and the size limit (IMPORT_MAX_BYTES) is checked as it arrives.
    imports.post('/', async (req, res) => {
      const { kind, filename } = parseInput(importUploadQuery, req.query);
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (!CSV_TYPES.includes(type)) {
        req.resume();
        throw new AppError(
          'UNSUPPORTED_MEDIA_TYPE',
          'The file must be CSV (Content-Type: text/csv); save a spreadsheet as "CSV UTF-8" first.',
          { details: { contentType: type || null } },
        );
      }
      const job = await deps.jobs.upload({
        kind,
        filename: filename ?? 'upload.csv',
        body: req,
        actor: req.staff!.userId,
      });
      res.status(201).location(`${req.baseUrl}/${job.id}`).json(job);
    });

    imports.get('/', async (_req, res) => {
      res.json({ items: await deps.jobs.list() });
    });

    imports.get('/:id', async (req, res) => {
      res.json(await deps.jobs.get(parseIdParam(req.params.id, 'import id')));
    });

    imports.post('/:id/dry-run', async (req, res) => {
      const id = parseIdParam(req.params.id, 'import id');
      const settings = parseInput(importSettingsBody, req.body ?? {});
      res.status(202).json(await deps.jobs.dryRun(id, req.staff!.userId, settings));
    });

    imports.post('/:id/run', async (req, res) => {
      const id = parseIdParam(req.params.id, 'import id');
      res.status(202).json(await deps.jobs.run(id, req.staff!.userId));
    });

    imports.get('/:id/rows', async (req, res) => {
      const id = parseIdParam(req.params.id, 'import id');
      const { page, limit, phase, outcome } = parseInput(importRowsQuery, req.query);
      res.json(await deps.jobs.rows(id, phase, outcome === undefined ? {} : { outcome }, { page, limit }));
    });

    imports.get('/:id/rejected.csv', async (req, res) => {
      const id = parseIdParam(req.params.id, 'import id');
      const { phase } = parseInput(importRejectedQuery, req.query);
      const lines = await deps.jobs.rejectedCsv(id, phase);
      res.type('text/csv; charset=utf-8');
      res.attachment(`rejected-${phase}-${id}.csv`);
      await sendLines(res, lines);
    });

    const exports = Router();
    exports.use(requireRole(auth, ADMINS));
    exports.get('/:dataset', async (req, res) => {
      const dataset = req.params.dataset;
      if (!EXPORT_DATASETS.includes(dataset as never))
        throw new AppError('NOT_FOUND', `No such export; one of ${EXPORT_DATASETS.join(', ')}.`);
      const { format, from, to } = parseInput(exportQuery, req.query);
      const range = {
        ...(from === undefined ? {} : { from: new Date(`${from}T00:00:00Z`) }),
        // `to` is a whole day: records up to its end.
        ...(to === undefined ? {} : { to: new Date(new Date(`${to}T00:00:00Z`).getTime() + 86_400_000) }),
      };
      res.type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
      res.attachment(
        `${dataset}${from === undefined ? '' : `-from-${from}`}${to === undefined ? '' : `-to-${to}`}.${format}`,
      );
      await sendLines(
        res,
        exportLines(deps.models, dataset as (typeof EXPORT_DATASETS)[number], format, range),
      );
    });

    app.use('/api/imports', imports);
    app.use('/api/exports', exports);
  };
}
