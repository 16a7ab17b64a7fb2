/**
 * What repositories return: plain objects with string ids, no mongoose documents, so nothing outside
 * server/data can call save() or depend on the driver's types.
 */
import type { AuditParty } from './models/audit-event.ts';
import type { ClaimKind } from './models/contact.ts';
import type {
  Channel,
  ConversationStatus,
  ConversationTopic,
  Csat,
  PendingSlot,
} from './models/conversation.ts';
import type { Sender } from './models/message.ts';
import type { OrderStatus } from './models/order.ts';
import type { TicketHistoryEntry, TicketPriority, TicketStatus } from './models/ticket.ts';
import type { Presence, UserRole } from './models/user.ts';

export type { ClaimKind };
export { CLAIM_KINDS } from './models/contact.ts';
export type {
  AuditParty,
  Channel,
  ConversationStatus,
  ConversationTopic,
  Csat,
  PendingSlot,
  Sender,
  OrderStatus,
};
export type { TicketHistoryEntry, TicketPriority, TicketStatus, Presence, UserRole };
export { CONVERSATION_STATUSES, CHANNELS } from './models/conversation.ts';
export { SENDERS } from './models/message.ts';
export { ORDER_STATUSES } from './models/order.ts';
export { TICKET_STATUSES, TICKET_PRIORITIES } from './models/ticket.ts';
export { USER_ROLES, PRESENCES } from './models/user.ts';

export interface Page<T> {
  items: T[];
  page: number;
  limit: number;
  total: number;
}

export interface PageRequest {
  /** 1-based. */
  page: number;
  limit: number;
}

/** An unverified email or phone typed in the chat (see ContactClaim in models/contact.ts). */
export interface ContactClaimRecord {
  kind: ClaimKind;
  value: string;
  at: Date;
  conversationId: string | null;
}

export interface ContactRecord {
  id: string;
  name: string | null;
  /** Verified: the shop's customer records, `identify`, or an agent's merge. */
  emails: string[];
  /** Verified, as `emails`. */
  phones: string[];
  visitorIds: string[];
  /** The shop's id for this customer, set by a verified `identify`; null for anonymous visitors. */
  shopUserId: string | null;
  /** Unverified emails and phones typed in the chat, oldest first. */
  claims: ContactClaimRecord[];
  attributes: Record<string, unknown>;
  lastSeenAt: Date | null;
  mergedInto: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ConversationRecord {
  id: string;
  contactId: string;
  visitorId: string | null;
  channel: Channel;
  status: ConversationStatus;
  assignedAgentId: string | null;
  assignedAt: Date | null;
  lastSeq: number;
  firstResponseAt: Date | null;
  escalatedAt: Date | null;
  escalationReason: string | null;
  resolvedAt: Date | null;
  csat: Csat | null;
  failedUnderstandingCount: number;
  pendingSlot: PendingSlot | null;
  topic: ConversationTopic | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface MessageRecord {
  id: string;
  conversationId: string;
  seq: number;
  clientMessageId: string | null;
  sender: Sender;
  senderId: string | null;
  text: string;
  nlp: unknown;
  suggestions: unknown;
  ticketId: string | null;
  createdAt: Date;
}

export interface TicketRecord {
  id: string;
  number: string;
  contactId: string;
  conversationId: string | null;
  category: string;
  subject: string;
  description: string | null;
  status: TicketStatus;
  priority: TicketPriority;
  slaDueAt: Date | null;
  assigneeId: string | null;
  history: TicketHistoryEntry[];
  createdAt: Date;
  updatedAt: Date;
}

export interface ProductRecord {
  id: string;
  sku: string;
  name: string;
  description: string;
  category: string;
  price: number;
  currency: string;
  attributes: Record<string, unknown>;
  tags: string[];
  imageUrl: string | null;
  active: boolean;
  /** Units on hand; null when not tracked. */
  stock: number | null;
}

export interface OrderItemRecord {
  productId: string;
  sku: string;
  name: string;
  quantity: number;
  price: number;
}

export interface OrderRecord {
  id: string;
  number: string;
  contactId: string;
  items: OrderItemRecord[];
  total: number;
  currency: string;
  status: OrderStatus;
  placedAt: Date;
  shippedAt: Date | null;
  deliveredAt: Date | null;
  trackingNumber: string | null;
}

/** A user as the rest of the service sees one: never with the password hash. */
export interface UserRecord {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  presence: Presence;
  capacity: number;
  /** Conversations the agent owns now (kept with the status by the ownership module). */
  activeCount: number;
  lastAssignedAt: Date | null;
  /** False once deactivated: no login, and the user's tokens are refused. */
  active: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;
}

export interface IntentRecord extends IntentContent {
  id: string;
  kind: 'intent' | 'out_of_scope';
  updatedBy: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The fields an editor changes (the shape of an intents/<name>.json file, plus the entity types). */
export interface IntentContent {
  name: string;
  action: string;
  description: string | null;
  examples: string[];
  responses: string[];
  entities: string[];
}

export interface IntentRevisionRecord {
  intentId: string;
  name: string;
  version: number;
  /** The intent's editable fields after this write; null when the write deleted it. */
  snapshot: IntentContent | null;
  actor: string | null;
  at: Date;
}

/** A shop knowledge article (policy or FAQ) as the chat and the admin console see it. */
export interface KnowledgeArticleRecord {
  id: string;
  slug: string;
  title: string;
  questions: string[];
  answer: string;
  link: string | null;
  tags: string[];
  synthetic: boolean;
  active: boolean;
  version: number;
  updatedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface KnowledgeRevisionRecord {
  articleId: string;
  slug: string;
  version: number;
  /** The article's editable fields after this write; null when the write deleted it. */
  snapshot: KnowledgeContent | null;
  actor: string | null;
  at: Date;
}

/** The fields an editor changes. */
export interface KnowledgeContent {
  slug: string;
  title: string;
  questions: string[];
  answer: string;
  link: string | null;
  tags: string[];
  synthetic: boolean;
  active: boolean;
}

export interface AuditEventRecord {
  id: string;
  actor: AuditParty;
  action: string;
  target: AuditParty;
  data: unknown;
  at: Date;
}
