import { Schema, type Types } from 'mongoose';

// The list is shared with the console (server/contracts/webhooks.ts): one source for the enum and the form.
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../../contracts/webhooks.ts';
export { WEBHOOK_EVENT_TYPES, type WebhookEventType };

export interface WebhookEndpointDoc {
  _id: Types.ObjectId;
  url: string;
  /** The HMAC key the receiver verifies signatures with; shown once, when the endpoint is created. */
  secret: string;
  events: WebhookEventType[];
  description: string | null;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const webhookEndpointSchema = new Schema<WebhookEndpointDoc>(
  {
    url: { type: String, required: true, maxlength: 2000 },
    secret: { type: String, required: true },
    events: { type: [String], enum: WEBHOOK_EVENT_TYPES, default: [] },
    description: { type: String, default: null, maxlength: 200 },
    active: { type: Boolean, default: true },
  },
  { timestamps: true },
);
webhookEndpointSchema.index({ active: 1, events: 1 });

/**
 * The outbox: one document per event, with an id derived from the change's own record (`ticket.created` of
 * ticket X always has the same id), so writing it twice (the event listener and the catch-up sweep, or a
 * retry) inserts it once. `fannedOut` turns true once a delivery exists for every subscribed endpoint.
 */
export interface WebhookEventDoc {
  _id: string;
  type: WebhookEventType;
  occurredAt: Date;
  data: Record<string, unknown>;
  fannedOut: boolean;
  createdAt: Date;
}

export const webhookEventSchema = new Schema<WebhookEventDoc>(
  {
    _id: { type: String, required: true },
    type: { type: String, enum: WEBHOOK_EVENT_TYPES, required: true },
    occurredAt: { type: Date, required: true },
    data: { type: Schema.Types.Mixed, default: () => ({}) },
    fannedOut: { type: Boolean, default: false },
    createdAt: { type: Date, default: () => new Date() },
  },
  { minimize: false, _id: false },
);
webhookEventSchema.index({ fannedOut: 1, createdAt: 1 });
webhookEventSchema.index({ createdAt: -1 });

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One event to one endpoint: its attempts, the last error, and when to try next. */
export interface WebhookDeliveryDoc {
  _id: Types.ObjectId;
  eventId: string;
  eventType: WebhookEventType;
  endpoint: Types.ObjectId;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  /** A worker holds the delivery until then; after a crash another picks it up once it passed. */
  lockedUntil: Date;
  lastStatusCode: number | null;
  lastError: string | null;
  lastAttemptAt: Date | null;
  deliveredAt: Date | null;
  /** Retries stop after this (a day after the event by default). */
  expiresAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

export const webhookDeliverySchema = new Schema<WebhookDeliveryDoc>(
  {
    eventId: { type: String, required: true },
    eventType: { type: String, enum: WEBHOOK_EVENT_TYPES, required: true },
    endpoint: { type: Schema.Types.ObjectId, ref: 'WebhookEndpoint', required: true },
    status: { type: String, enum: DELIVERY_STATUSES, default: 'pending' },
    attempts: { type: Number, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    lockedUntil: { type: Date, default: () => new Date(0) },
    lastStatusCode: { type: Number, default: null },
    lastError: { type: String, default: null, maxlength: 500 },
    lastAttemptAt: { type: Date, default: null },
    deliveredAt: { type: Date, default: null },
    expiresAt: { type: Date, required: true },
  },
  { timestamps: true },
);
webhookDeliverySchema.index({ eventId: 1, endpoint: 1 }, { unique: true });
webhookDeliverySchema.index({ status: 1, nextAttemptAt: 1 });
webhookDeliverySchema.index({ endpoint: 1, createdAt: -1 });
