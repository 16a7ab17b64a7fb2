import type { ConversationStatus, EscalationReason, Sender } from '../contracts/visitor-events.ts';

// The named events of the chat domain. Analytics and (later) webhooks subscribe to these; the reply path
// only emits them.
export interface DomainEvents {
  'message.received': {
    conversationId: string;
    contactId: string;
    messageId: string;
    seq: number;
    sender: Sender;
  };
  'intent.classified': {
    conversationId: string;
    messageId: string;
    intent: string;
    confidence: number;
    sentiment: number;
  };
  'action.completed': {
    conversationId: string;
    messageId: string;
    action: string;
    outcome: string;
  };
  'reply.sent': {
    conversationId: string;
    messageId: string;
    seq: number;
    sender: Sender;
    inReplyTo?: string;
  };
  'ticket.created': {
    ticketId: string;
    number: string;
    contactId: string;
    conversationId?: string;
    category: string;
    priority: string;
  };
  'ticket.updated': {
    ticketId: string;
    number: string;
    /** `fields_changed`: staff changed several fields at once through the API (see `fields`). */
    change: 'note_added' | 'priority_raised' | 'status_changed' | 'assigned' | 'fields_changed';
    fields?: string[];
    priority?: string;
    status?: string;
  };
  /** A contact made by staff or the shop's backend (API or import), not an anonymous visitor's. */
  'contact.created': { contactId: string; source: 'api' | 'import' };
  'contact.updated': { contactId: string; fields: string[] };
  'contacts.merged': {
    survivorId: string;
    mergedId: string;
    moved: Record<string, number>;
    /** `identify` (the shop vouched for the visitor) or `staff` (an agent or admin checked). */
    reason?: string;
  };
  /** An unverified email or phone typed in the chat was stored on the visitor's own contact. */
  'contact.claimed': { contactId: string; conversationId: string; kinds: string[] };
  /** The shop's backend vouched for the visitor (`identify`): the conversation now belongs to `contactId`. */
  'contact.identified': {
    contactId: string;
    conversationId: string;
    linkedBy: 'shop_user_id' | 'email' | 'new';
    mergedContactId: string | null;
  };
  /** A visitor sent more different order numbers than allowed (enumeration): the message was refused. */
  'order.lookups_refused': { conversationId: string; visitorId: string; distinctOrderNumbers: number };
  'conversation.escalated': { conversationId: string; contactId: string; reason: EscalationReason };
  'conversation.status_changed': {
    conversationId: string;
    from: ConversationStatus;
    to: ConversationStatus;
    agentId?: string;
    reason?: string;
  };
  /** The visitor rated a resolved conversation (CSAT); a later rating of the same resolution replaces it. */
  'conversation.rated': { conversationId: string; contactId: string; rating: number; withComment: boolean };
  'order.looked_up': { conversationId: string; orderNumber: string; found: boolean };
  'recommendations.shown': {
    conversationId: string;
    contactId: string;
    productIds: string[];
    source: string;
  };
}

export type DomainEventName = keyof DomainEvents;
