import { createDeskStore } from '../agent/desk-store.ts';
import { readCustomerScore } from '../analytics/model-store.ts';
import type { Models } from '../models/index.ts';
import { createAuditRepository } from './audit.ts';
import { createContactRepository } from './contacts.ts';
import { createConversationRepository } from './conversations.ts';
import { createCounterRepository } from './counters.ts';
import { createIdempotencyRepository } from './idempotency.ts';
import { createIntentRepository } from './intents.ts';
import { createKnowledgeRepository } from './knowledge.ts';
import { createMessageRepository } from './messages.ts';
import { createMetaRepository } from './meta.ts';
import { createOrderRepository } from './orders.ts';
import { createOrderCheckRepository } from './order-checks.ts';
import { createPrivacyRepository } from './privacy.ts';
import { createProductRepository } from './products.ts';
import { createRevokedTokenRepository } from './revoked-tokens.ts';
import { createTicketRepository } from './tickets.ts';
import { createUserRepository } from './users.ts';
import { createWebhookRepository } from './webhooks.ts';

export type { AuditRepository } from './audit.ts';
export type { ContactRepository, ContactFilter, NewContact, MergeActor, MergeResult } from './contacts.ts';
export type {
  ConversationRepository,
  ConversationPatch,
  InboxQuery,
  OwnershipExpectation,
  OwnershipWrite,
} from './conversations.ts';
export type { CounterRepository } from './counters.ts';
export type { IdempotencyRepository, IdempotencyClaim } from './idempotency.ts';
export type { IntentRepository, NewIntent } from './intents.ts';
export type { KnowledgeRepository, NewKnowledgeArticle, KnowledgeChanges } from './knowledge.ts';
export type { MessageRepository, NewMessage, AppendResult } from './messages.ts';
export type { MetaRepository } from './meta.ts';
export type { OrderRepository, NewOrder, OrderChanges, PurchaseRow } from './orders.ts';
export type { OrderCheckRepository } from './order-checks.ts';
export type { PrivacyRepository, ContactDataExport, ErasureCounts } from './privacy.ts';
export type { ProductRepository, ProductFilter, NewProduct, ProductChanges } from './products.ts';
export type { TicketRepository, NewTicket, TicketFilter, TicketChanges } from './tickets.ts';
export { SLA_HOURS } from './tickets.ts';
export type { UserRepository, NewUser } from './users.ts';
export type { RevokedTokenRepository } from './revoked-tokens.ts';
export type {
  WebhookRepository,
  WebhookDeliveryRecord,
  WebhookEndpointRecord,
  WebhookEventRecord,
} from './webhooks.ts';

export type Repositories = ReturnType<typeof createRepositories>;

export function createRepositories(models: Models) {
  const counters = createCounterRepository(models);
  const conversations = createConversationRepository(models);
  return {
    contacts: createContactRepository(models),
    conversations,
    messages: createMessageRepository(models, conversations),
    tickets: createTicketRepository(models, counters),
    products: createProductRepository(models),
    orders: createOrderRepository(models),
    orderChecks: createOrderCheckRepository(models),
    users: createUserRepository(models),
    intents: createIntentRepository(models),
    knowledge: createKnowledgeRepository(models),
    audit: createAuditRepository(models),
    counters,
    meta: createMetaRepository(models),
    revokedTokens: createRevokedTokenRepository(models),
    idempotency: createIdempotencyRepository(models),
    webhooks: createWebhookRepository(models),
    /** Privacy requests: a contact's data export and erasure (docs/privacy.md). */
    privacy: createPrivacyRepository(models),
    /** The customer models' predicted value and segment of a contact (server/analytics/models/). */
    customerScores: { find: (contactId: string) => readCustomerScore(models, contactId) },
    /** The agent desk: inbox rows in batches, private notes, read markers, canned replies. */
    desk: createDeskStore(models),
  };
}
