import { z } from 'zod';
import { EXPORT_DATASETS } from '../../crm/export/datasets.ts';
import { IMPORT_PHASES } from '../../crm/import/job-models.ts';
import { IMPORT_KINDS } from '../../crm/import/mapping.ts';
import { pageQuery } from '../paging.ts';

const ROW_OUTCOMES = ['created', 'updated', 'merged', 'unchanged', 'rejected'] as const;

export const importUploadQuery = z.object({
  kind: z.enum(IMPORT_KINDS).meta({ description: 'What the file holds.' }),
  filename: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .optional()
    .meta({ description: "The file's name, shown in the console (default `upload.csv`)." }),
});

export const importSettingsBody = z
  .object({
    mapping: z.record(z.string().max(200), z.string().min(1).max(80)).meta({
      description:
        'Column → field (`name`, `email`, `attributes.tier`…) or `-` to ignore the column; columns left out are matched by their header name.',
      example: { 'E-mail': 'email', Tier: 'attributes.tier', Notes: '-' },
    }),
    dateFormat: z
      .enum(['dmy', 'mdy'])
      .default('dmy')
      .meta({ description: 'How `01/02/2026` is read: day first (dmy) or month first (mdy).' }),
    currency: z
      .string()
      .regex(/^[A-Za-z]{3}$/, 'expected an ISO 4217 code such as EUR')
      .transform((code) => code.toUpperCase())
      .default('EUR')
      .meta({ description: 'For product and order rows without a currency column.' }),
  })
  .strict()
  .meta({ id: 'ImportSettings' });

export const importRowsQuery = pageQuery.extend({
  phase: z.enum(IMPORT_PHASES).default('dry-run'),
  outcome: z.enum(ROW_OUTCOMES).optional(),
});

export const importRejectedQuery = z.object({
  phase: z.enum(IMPORT_PHASES).default('run'),
});

const day = z.iso.date();

export const exportQuery = z
  .object({
    format: z.enum(['csv', 'json']).default('csv'),
    from: day.optional().meta({ description: 'Records created on or after this day (UTC).' }),
    to: day.optional().meta({ description: 'Records created on or before this day (UTC).' }),
  })
  .refine((query) => query.from === undefined || query.to === undefined || query.from <= query.to, {
    message: '`from` is after `to`',
    path: ['from'],
  });

export const exportDatasetParam = z.enum(EXPORT_DATASETS);
