// The Webhooks page's REST shapes (/api/webhooks), as JSON carries them (dates as ISO strings); shared with the
// console as types. The routes answer the webhook repository's records (server/data/repositories/webhooks.ts).

/** The event types a webhook endpoint can subscribe to (docs/webhooks.md); the model's enum is this list. */
export const WEBHOOK_EVENT_TYPES = [
  'message.created',
  'conversation.escalated',
  'conversation.assigned',
  'conversation.resolved',
  'ticket.created',
  'ticket.updated',
  'contact.created',
  'contact.merged',
  'rating.given',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export interface WebhookEndpointView {
  id: string;
  url: string;
  events: WebhookEventType[];
  description: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

/** The answer to a registration: the only time the signing secret is shown. */
export interface CreatedWebhookView extends WebhookEndpointView {
  secret: string;
}

export interface WebhookDeliveryView {
  id: string;
  eventId: string;
  eventType: WebhookEventType;
  endpointId: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string;
  lastStatusCode: number | null;
  lastError: string | null;
  lastAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

export interface WebhookDeliveryPageView {
  items: WebhookDeliveryView[];
  page: number;
  limit: number;
  total: number;
}
