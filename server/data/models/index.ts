import type { Connection, Model } from 'mongoose';
import {
  agentNoteSchema,
  agentReadSchema,
  cannedReplySchema,
  type AgentNoteDoc,
  type AgentReadDoc,
  type CannedReplyDoc,
} from './agent-desk.ts';
import { auditEventSchema, type AuditEventDoc } from './audit-event.ts';
import { contactSchema, type ContactDoc } from './contact.ts';
import { conversationSchema, type ConversationDoc } from './conversation.ts';
import { counterSchema, type CounterDoc } from './counter.ts';
import { idempotencyKeySchema, type IdempotencyKeyDoc } from './idempotency-key.ts';
import { intentRevisionSchema, intentSchema, type IntentDoc, type IntentRevisionDoc } from './intent.ts';
import {
  knowledgeRevisionSchema,
  knowledgeSchema,
  type KnowledgeDoc,
  type KnowledgeRevisionDoc,
} from './knowledge.ts';
import { messageSchema, type MessageDoc } from './message.ts';
import { metaSchema, type MetaDoc } from './meta.ts';
import { orderSchema, type OrderDoc } from './order.ts';
import { orderCheckSchema, type OrderCheckDoc } from './order-check.ts';
import { productSchema, type ProductDoc } from './product.ts';
import { revokedTokenSchema, type RevokedTokenDoc } from './revoked-token.ts';
import { ticketSchema, type TicketDoc } from './ticket.ts';
import { userSchema, type UserDoc } from './user.ts';
import {
  webhookDeliverySchema,
  webhookEndpointSchema,
  webhookEventSchema,
  type WebhookDeliveryDoc,
  type WebhookEndpointDoc,
  type WebhookEventDoc,
} from './webhook.ts';

export interface Models {
  Contact: Model<ContactDoc>;
  Conversation: Model<ConversationDoc>;
  Message: Model<MessageDoc>;
  Ticket: Model<TicketDoc>;
  Product: Model<ProductDoc>;
  Order: Model<OrderDoc>;
  OrderCheck: Model<OrderCheckDoc>;
  User: Model<UserDoc>;
  Intent: Model<IntentDoc>;
  IntentRevision: Model<IntentRevisionDoc>;
  Knowledge: Model<KnowledgeDoc>;
  KnowledgeRevision: Model<KnowledgeRevisionDoc>;
  AuditEvent: Model<AuditEventDoc>;
  Counter: Model<CounterDoc>;
  Meta: Model<MetaDoc>;
  RevokedToken: Model<RevokedTokenDoc>;
  AgentNote: Model<AgentNoteDoc>;
  AgentRead: Model<AgentReadDoc>;
  CannedReply: Model<CannedReplyDoc>;
  IdempotencyKey: Model<IdempotencyKeyDoc>;
  WebhookEndpoint: Model<WebhookEndpointDoc>;
  WebhookEvent: Model<WebhookEventDoc>;
  WebhookDelivery: Model<WebhookDeliveryDoc>;
}

const cache = new WeakMap<Connection, Models>();

/**
 * Models bound to one connection (not mongoose's global registry), so tests can hold several databases at
 * once and the chat side's repositories can reuse the same models.
 */
export function getModels(connection: Connection): Models {
  const existing = cache.get(connection);
  if (existing !== undefined) return existing;
  const models: Models = {
    Contact: connection.model<ContactDoc>('Contact', contactSchema, 'contacts'),
    Conversation: connection.model<ConversationDoc>('Conversation', conversationSchema, 'conversations'),
    Message: connection.model<MessageDoc>('Message', messageSchema, 'messages'),
    Ticket: connection.model<TicketDoc>('Ticket', ticketSchema, 'tickets'),
    Product: connection.model<ProductDoc>('Product', productSchema, 'products'),
    Order: connection.model<OrderDoc>('Order', orderSchema, 'orders'),
    OrderCheck: connection.model<OrderCheckDoc>('OrderCheck', orderCheckSchema, 'order_checks'),
    User: connection.model<UserDoc>('User', userSchema, 'users'),
    Intent: connection.model<IntentDoc>('Intent', intentSchema, 'intents'),
    IntentRevision: connection.model<IntentRevisionDoc>(
      'IntentRevision',
      intentRevisionSchema,
      'intent_revisions',
    ),
    Knowledge: connection.model<KnowledgeDoc>('Knowledge', knowledgeSchema, 'knowledge'),
    KnowledgeRevision: connection.model<KnowledgeRevisionDoc>(
      'KnowledgeRevision',
      knowledgeRevisionSchema,
      'knowledge_revisions',
    ),
    AuditEvent: connection.model<AuditEventDoc>('AuditEvent', auditEventSchema, 'audit_events'),
    Counter: connection.model<CounterDoc>('Counter', counterSchema, 'counters'),
    Meta: connection.model<MetaDoc>('Meta', metaSchema, 'meta'),
    RevokedToken: connection.model<RevokedTokenDoc>('RevokedToken', revokedTokenSchema, 'revoked_tokens'),
    AgentNote: connection.model<AgentNoteDoc>('AgentNote', agentNoteSchema, 'agent_notes'),
    AgentRead: connection.model<AgentReadDoc>('AgentRead', agentReadSchema, 'agent_reads'),
    CannedReply: connection.model<CannedReplyDoc>('CannedReply', cannedReplySchema, 'canned_replies'),
    IdempotencyKey: connection.model<IdempotencyKeyDoc>(
      'IdempotencyKey',
      idempotencyKeySchema,
      'idempotency_keys',
    ),
    WebhookEndpoint: connection.model<WebhookEndpointDoc>(
      'WebhookEndpoint',
      webhookEndpointSchema,
      'webhook_endpoints',
    ),
    WebhookEvent: connection.model<WebhookEventDoc>('WebhookEvent', webhookEventSchema, 'webhook_events'),
    WebhookDelivery: connection.model<WebhookDeliveryDoc>(
      'WebhookDelivery',
      webhookDeliverySchema,
      'webhook_deliveries',
    ),
  };
  cache.set(connection, models);
  return models;
}

/** Creates every declared index; called once at start-up so a duplicate can never slip in before they exist. */
export async function ensureIndexes(models: Models | object): Promise<void> {
  for (const model of Object.values(models) as Model<unknown>[]) {
    await model.createCollection().catch((error: unknown) => {
      if ((error as { codeName?: string }).codeName !== 'NamespaceExists') throw error;
    });
    await model.createIndexes();
  }
}
