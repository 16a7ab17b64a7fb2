import type { AuditEventDoc } from './models/audit-event.ts';
import type { ContactDoc } from './models/contact.ts';
import type { ConversationDoc } from './models/conversation.ts';
import type { IntentDoc } from './models/intent.ts';
import type { MessageDoc } from './models/message.ts';
import type { OrderDoc } from './models/order.ts';
import type { ProductDoc } from './models/product.ts';
import type { TicketDoc } from './models/ticket.ts';
import type { UserDoc } from './models/user.ts';
import { idOf } from './ids.ts';
import type {
  AuditEventRecord,
  ContactRecord,
  ConversationRecord,
  IntentRecord,
  MessageRecord,
  OrderRecord,
  ProductRecord,
  TicketRecord,
  UserRecord,
} from './records.ts';

/** Lean documents may miss fields written before a default existed; records always carry every field. */
export function toContact(doc: ContactDoc): ContactRecord {
  return {
    id: doc._id.toHexString(),
    name: doc.name ?? null,
    emails: doc.emails ?? [],
    phones: doc.phones ?? [],
    visitorIds: doc.visitorIds ?? [],
    shopUserId: doc.shopUserId ?? null,
    claims: (doc.claims ?? []).map((claim) => ({
      kind: claim.kind,
      value: claim.value,
      at: claim.at,
      conversationId: idOf(claim.conversationId),
    })),
    attributes: doc.attributes ?? {},
    lastSeenAt: doc.lastSeenAt ?? null,
    mergedInto: idOf(doc.mergedInto),
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

export function toConversation(doc: ConversationDoc): ConversationRecord {
  return {
    id: doc._id.toHexString(),
    contactId: doc.contact.toHexString(),
    visitorId: doc.visitorId ?? null,
    channel: doc.channel,
    status: doc.status,
    assignedAgentId: idOf(doc.assignedAgent),
    assignedAt: doc.assignedAt ?? null,
    lastSeq: doc.lastSeq ?? 0,
    firstResponseAt: doc.firstResponseAt ?? null,
    escalatedAt: doc.escalatedAt ?? null,
    escalationReason: doc.escalationReason ?? null,
    resolvedAt: doc.resolvedAt ?? null,
    csat: doc.csat ? { score: doc.csat.score, comment: doc.csat.comment ?? null, at: doc.csat.at } : null,
    failedUnderstandingCount: doc.failedUnderstandingCount ?? 0,
    pendingSlot: doc.pendingSlot
      ? {
          intent: doc.pendingSlot.intent,
          slot: doc.pendingSlot.slot,
          askedAt: doc.pendingSlot.askedAt,
          value: doc.pendingSlot.value ?? null,
          asks: doc.pendingSlot.asks ?? 1,
        }
      : null,
    topic: doc.topic
      ? { orderNumber: doc.topic.orderNumber ?? null, productId: doc.topic.productId ?? null }
      : null,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

export function toMessage(doc: MessageDoc): MessageRecord {
  return {
    id: doc._id.toHexString(),
    conversationId: doc.conversation.toHexString(),
    seq: doc.seq,
    clientMessageId: doc.clientMessageId ?? null,
    sender: doc.sender,
    senderId: doc.senderId ?? null,
    text: doc.text,
    nlp: doc.nlp ?? null,
    suggestions: doc.suggestions ?? null,
    ticketId: idOf(doc.ticket),
    createdAt: doc.createdAt,
  };
}

export function toTicket(doc: TicketDoc): TicketRecord {
  return {
    id: doc._id.toHexString(),
    number: doc.number,
    contactId: doc.contact.toHexString(),
    conversationId: idOf(doc.conversation),
    category: doc.category,
    subject: doc.subject,
    description: doc.description ?? null,
    status: doc.status,
    priority: doc.priority,
    slaDueAt: doc.slaDueAt ?? null,
    assigneeId: idOf(doc.assignee ?? null),
    history: (doc.history ?? []).map((entry) => ({
      at: entry.at,
      actor: entry.actor,
      action: entry.action,
      field: entry.field ?? null,
      from: entry.from ?? null,
      to: entry.to ?? null,
      note: entry.note ?? null,
    })),
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

export function toProduct(doc: ProductDoc): ProductRecord {
  return {
    id: doc._id.toHexString(),
    sku: doc.sku,
    name: doc.name,
    description: doc.description ?? '',
    category: doc.category,
    price: doc.price,
    currency: doc.currency,
    attributes: doc.attributes ?? {},
    tags: doc.tags ?? [],
    imageUrl: doc.imageUrl ?? null,
    active: doc.active ?? true,
    stock: doc.stock ?? null,
  };
}

export function toOrder(doc: OrderDoc): OrderRecord {
  return {
    id: doc._id.toHexString(),
    number: doc.number,
    contactId: doc.contact.toHexString(),
    items: doc.items.map((item) => ({
      productId: item.product.toHexString(),
      sku: item.sku,
      name: item.name,
      quantity: item.quantity,
      price: item.price,
    })),
    total: doc.total,
    currency: doc.currency,
    status: doc.status,
    placedAt: doc.placedAt,
    shippedAt: doc.shippedAt ?? null,
    deliveredAt: doc.deliveredAt ?? null,
    trackingNumber: doc.trackingNumber ?? null,
  };
}

export function toUser(doc: UserDoc): UserRecord {
  return {
    id: doc._id.toHexString(),
    email: doc.email,
    name: doc.name,
    role: doc.role,
    presence: doc.presence ?? 'offline',
    capacity: doc.capacity ?? 5,
    activeCount: doc.activeCount ?? 0,
    lastAssignedAt: doc.lastAssignedAt ?? null,
    // Users stored before the flag existed are active.
    active: doc.active !== false,
    lastLoginAt: doc.lastLoginAt ?? null,
    createdAt: doc.createdAt,
  };
}

export function toIntent(doc: IntentDoc): IntentRecord {
  return {
    id: doc._id.toHexString(),
    name: doc.name,
    kind: doc.kind ?? 'intent',
    action: doc.action ?? '',
    description: doc.description ?? null,
    examples: doc.examples ?? [],
    responses: doc.responses ?? [],
    entities: doc.entities ?? [],
    updatedBy: doc.updatedBy ?? null,
    version: doc.version ?? 1,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

export function toAuditEvent(doc: AuditEventDoc): AuditEventRecord {
  return {
    id: doc._id.toHexString(),
    actor: { type: doc.actor.type, id: doc.actor.id ?? null },
    action: doc.action,
    target: { type: doc.target.type, id: doc.target.id ?? null },
    data: doc.data ?? null,
    at: doc.at,
  };
}
