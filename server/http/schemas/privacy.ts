import { z } from 'zod';
import { isObjectIdString } from '../../data/ids.ts';

/** An erasure cannot be undone: the body repeats the contact's id, so a wrong path cannot erase someone else. */
export const eraseBody = z
  .object({
    confirm: z
      .string()
      .refine(isObjectIdString, 'repeat the id of the contact to erase (24 hexadecimal characters)')
      .transform((id) => id.toLowerCase())
      .meta({ description: 'The id of the contact in the path, repeated.' }),
    reason: z
      .string()
      .trim()
      .max(500)
      .optional()
      .meta({ description: 'Why (e.g. the request reference); kept in the audit log.' }),
  })
  .strict()
  .meta({ id: 'ContactErase' });
