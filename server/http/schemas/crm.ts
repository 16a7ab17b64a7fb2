/**
 * The request bodies of the write API. The routes validate with these and the OpenAPI document is generated
 * from them (server/http/openapi/), so the documentation cannot drift from what is enforced.
 */
import { z } from 'zod';
import { isObjectIdString } from '../../data/ids.ts';
import { ORDER_STATUSES, TICKET_PRIORITIES, TICKET_STATUSES } from '../../data/records.ts';
import { normaliseEmail, normalisePhone } from '../../data/normalise.ts';

export const objectId = (what: string) =>
  z
    .string()
    .refine(isObjectIdString, `expected a ${what} (24 hexadecimal characters)`)
    .transform((id) => id.toLowerCase())
    .meta({ description: `A ${what}: 24 hexadecimal characters.`, example: '665f1c2ab7d4e3a1f0c9b812' });

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const text = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    // Tabs and line breaks are allowed (descriptions, notes); other control characters are not.
    .refine((value) => !CONTROL.test(value), 'must not contain control characters');

const email = z
  .string()
  .refine((value) => normaliseEmail(value) !== null, 'expected an email address')
  .transform((value) => normaliseEmail(value)!)
  .meta({ example: 'quinn@example.com' });

const phone = z
  .string()
  .refine((value) => normalisePhone(value) !== null, 'expected a phone number (7 to 15 digits)')
  .transform((value) => normalisePhone(value)!)
  .meta({ example: '+44 20 7946 0000' });

/** Attribute names become field paths in MongoDB: no dots, no leading `$`. */
const attributes = z
  .record(
    z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'expected a letter then letters, digits, _ or -'),
    z.json(),
  )
  .refine((value) => Object.keys(value).length <= 50, 'at most 50 attributes')
  .meta({ description: 'Free-form fields from the shop (at most 50).' });

const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as EUR')
  .meta({ example: 'EUR' });
const money = z.number().min(0).max(1e9).multipleOf(0.01);
const date = z.coerce.date().meta({ description: 'ISO 8601 date-time.', example: '2026-12-01T10:00:00Z' });

// ── Contacts ────────────────────────────────────────────────────────────────────────────────────────────
// Emails and phones given here are verified: they come from the shop's records, not from a chat.

export const contactCreateBody = z
  .object({
    name: text(1, 200).nullable().optional(),
    emails: z.array(email).max(10).optional(),
    phones: z.array(phone).max(10).optional(),
    shopUserId: text(1, 200).optional().meta({ description: "The shop's own id for this customer." }),
    attributes: attributes.optional(),
  })
  .strict()
  .meta({ id: 'ContactCreate' });

export const contactUpdateBody = z
  .object({
    name: text(1, 200).nullable().optional(),
    addEmails: z.array(email).min(1).max(10).optional(),
    addPhones: z.array(phone).min(1).max(10).optional(),
    attributes: attributes.optional().meta({ description: 'Merged into the stored attributes.' }),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'expected at least one field to change')
  .meta({ id: 'ContactUpdate' });

// ── Tickets ─────────────────────────────────────────────────────────────────────────────────────────────

export const ticketCreateBody = z
  .object({
    contactId: objectId('contact id'),
    conversationId: objectId('conversation id').nullable().optional(),
    category: text(1, 100),
    subject: text(1, 300),
    description: text(1, 10_000).nullable().optional(),
    priority: z.enum(TICKET_PRIORITIES).optional(),
  })
  .strict()
  .meta({ id: 'TicketCreate' });

export const ticketUpdateBody = z
  .object({
    status: z.enum(TICKET_STATUSES).optional(),
    priority: z.enum(TICKET_PRIORITIES).optional(),
    category: text(1, 100).optional(),
    subject: text(1, 300).optional(),
    assigneeId: objectId('user id')
      .nullable()
      .optional()
      .meta({ description: 'An agent or admin; null unassigns.' }),
    note: text(1, 5000).optional().meta({ description: "Appended to the ticket's history." }),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'expected at least one field to change')
  .meta({ id: 'TicketUpdate' });

// ── Products ────────────────────────────────────────────────────────────────────────────────────────────

const productFields = {
  name: text(1, 200),
  description: z.string().max(5000).optional(),
  category: text(1, 100),
  price: money,
  currency,
  attributes: attributes.optional(),
  tags: z.array(text(1, 50)).max(30).optional(),
  imageUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable()
    .optional(),
  active: z.boolean().optional(),
  stock: z.number().int().min(0).nullable().optional(),
};

export const productCreateBody = z
  .object({ sku: text(1, 64).regex(/^[^\s]+$/, 'expected no spaces'), ...productFields })
  .strict()
  .meta({ id: 'ProductCreate' });

export const productUpdateBody = z
  .object(productFields)
  .partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'expected at least one field to change')
  .meta({ id: 'ProductUpdate' });

// ── Orders ──────────────────────────────────────────────────────────────────────────────────────────────

export const orderCreateBody = z
  .object({
    number: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^ORD-\d{1,18}$/, 'expected ORD- then digits')
      .meta({ example: 'ORD-10482' }),
    contactId: objectId('contact id'),
    items: z
      .array(
        z
          .object({
            sku: text(1, 64),
            quantity: z.number().int().min(1).max(10_000),
            price: money.optional().meta({ description: "Unit price; defaults to the product's price." }),
          })
          .strict(),
      )
      .min(1)
      .max(500),
    currency,
    status: z.enum(ORDER_STATUSES).optional(),
    placedAt: date.optional(),
    shippedAt: date.nullable().optional(),
    deliveredAt: date.nullable().optional(),
    trackingNumber: text(1, 100).nullable().optional(),
  })
  .strict()
  .meta({ id: 'OrderCreate' });

export const orderUpdateBody = z
  .object({
    status: z.enum(ORDER_STATUSES).optional(),
    shippedAt: date.nullable().optional(),
    deliveredAt: date.nullable().optional(),
    trackingNumber: text(1, 100).nullable().optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'expected at least one field to change')
  .meta({ id: 'OrderUpdate' });
