import { createHash, randomUUID } from 'node:crypto';
import type { WebhookEventType } from '../data/models/webhook.ts';
import type { WebhookRepository } from '../data/repositories/index.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { Logger } from '../shared/logger.ts';

export interface OutboxEvent {
  id: string;
  type: WebhookEventType;
  occurredAt: Date;
  data: Record<string, unknown>;
}

/**
 * An event id derived from the change's own record (`ticket.created` of ticket X): whoever writes that event
 * (the listener below, a catch-up sweep, a retry) writes the same id, so the outbox holds it once.
 */
export function eventId(type: WebhookEventType, naturalKey: string): string {
  return `evt_${createHash('sha256').update(`${type}:${naturalKey}`).digest('hex').slice(0, 32)}`;
}

/** Events with no natural key of their own (a change that may repeat): a random id, written once. */
const oneOff = () => randomUUID();

/**
 * Writes the webhook events of the chat domain to the outbox (`webhook_events`). Payloads carry ids, not
 * personal data: a receiver reads the record through the API with its own token.
 */
export function attachWebhookOutbox(
  events: EventBus,
  webhooks: Pick<WebhookRepository, 'recordEvent'>,
  logger: Logger,
  now: () => Date = () => new Date(),
): () => void {
  const write = (type: WebhookEventType, naturalKey: string, data: Record<string, unknown>) =>
    webhooks.recordEvent({ id: eventId(type, naturalKey), type, occurredAt: now(), data }).then(
      () => {},
      (error: unknown) => logger.error({ err: error, type }, 'webhook event not written to the outbox'),
    );

  const offs = [
    events.on('message.received', (e) =>
      write('message.created', e.messageId, {
        conversationId: e.conversationId,
        contactId: e.contactId,
        messageId: e.messageId,
        seq: e.seq,
        sender: e.sender,
      }),
    ),
    events.on('reply.sent', (e) =>
      write('message.created', e.messageId, {
        conversationId: e.conversationId,
        messageId: e.messageId,
        seq: e.seq,
        sender: e.sender,
      }),
    ),
    events.on('conversation.escalated', (e) =>
      write('conversation.escalated', oneOff(), {
        conversationId: e.conversationId,
        contactId: e.contactId,
        reason: e.reason,
      }),
    ),
    events.on('conversation.status_changed', (e) => {
      if (e.to === 'agent') {
        return write('conversation.assigned', oneOff(), {
          conversationId: e.conversationId,
          agentId: e.agentId ?? null,
          from: e.from,
        });
      }
      if (e.to === 'resolved') {
        return write('conversation.resolved', oneOff(), {
          conversationId: e.conversationId,
          agentId: e.agentId ?? null,
          reason: e.reason ?? null,
        });
      }
      return undefined;
    }),
    events.on('ticket.created', (e) =>
      write('ticket.created', e.ticketId, {
        ticketId: e.ticketId,
        number: e.number,
        contactId: e.contactId,
        conversationId: e.conversationId ?? null,
        category: e.category,
        priority: e.priority,
      }),
    ),
    events.on('ticket.updated', (e) =>
      write('ticket.updated', oneOff(), {
        ticketId: e.ticketId,
        number: e.number,
        change: e.change,
        fields: e.fields ?? null,
        status: e.status ?? null,
        priority: e.priority ?? null,
      }),
    ),
    events.on('contact.created', (e) =>
      write('contact.created', e.contactId, { contactId: e.contactId, source: e.source }),
    ),
    // A contact is merged away once: its id is the merge's natural key.
    events.on('contacts.merged', (e) =>
      write('contact.merged', e.mergedId, {
        survivorId: e.survivorId,
        mergedId: e.mergedId,
        reason: e.reason ?? null,
      }),
    ),
    events.on('conversation.rated', (e) =>
      write('rating.given', oneOff(), {
        conversationId: e.conversationId,
        contactId: e.contactId,
        rating: e.rating,
        withComment: e.withComment,
      }),
    ),
  ];
  return () => offs.forEach((off) => off());
}
