import { z } from 'zod';
import { DELIVERY_STATUSES, WEBHOOK_EVENT_TYPES } from '../../data/models/webhook.ts';
import { pageQuery } from '../paging.ts';

const url = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .meta({ description: 'Where events are POSTed.', example: 'https://shop.example.com/hooks/concierge' });
const events = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1)
  .max(WEBHOOK_EVENT_TYPES.length)
  .transform((types) => [...new Set(types)])
  .meta({ description: 'The event types sent to this endpoint.' });

export const webhookCreateBody = z
  .object({
    url,
    events,
    description: z.string().trim().max(200).nullable().optional(),
    secret: z
      .string()
      .min(24)
      .max(200)
      .optional()
      .meta({ description: 'The signing secret; generated (and answered once) when left out.' }),
  })
  .strict()
  .meta({ id: 'WebhookCreate' });

export const webhookUpdateBody = z
  .object({
    url: url.optional(),
    events: events.optional(),
    description: z.string().trim().max(200).nullable().optional(),
    active: z.boolean().optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'expected at least one field to change')
  .meta({ id: 'WebhookUpdate' });

export const deliveriesQuery = pageQuery.extend({
  status: z.enum(DELIVERY_STATUSES).optional(),
});
