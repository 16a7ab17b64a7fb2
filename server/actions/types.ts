import type { EscalationReason, Suggestion } from '../contracts/visitor-events.ts';
import type { IntentDefinition, MessageAnalysis } from '../conversation/analysis.ts';
import type { ChatDeps } from '../conversation/chat-deps.ts';
import type { ContactRecord, ConversationRecord, TicketRecord } from '../data/records.ts';

export interface ActionContext {
  deps: ChatDeps;
  conversation: ConversationRecord;
  contactId: string;
  /**
   * True when this connection proved, through the shop's `identify`, that the visitor is the customer of
   * `contactId`. Without it nothing of the contact's orders, tickets or purchase history may be shown or
   * changed beyond what the visitor did in their own conversations (docs/architecture.md, "Identity").
   */
  verified: boolean;
  /** The contact record, read on first use: most replies never need it. */
  loadContact(): Promise<ContactRecord>;
  analysis: MessageAnalysis;
  /** The intent being served: the classified one, or the one whose question the visitor is answering. */
  intent: IntentDefinition;
  messageId: string;
  random: () => number;
}

export interface PendingQuestion {
  intent: string;
  slot: string;
  /** What the question is about when the answer alone does not say it (the order whose email is asked). */
  value?: string;
  /** How many times in a row it has been asked (1 when absent). */
  asks?: number;
}

export interface ActionResult {
  text: string;
  suggestions?: Suggestion[];
  ticket?: TicketRecord;
  /** A question the bot now waits on; null clears a pending one; absent leaves it as it was. */
  pendingSlot?: PendingQuestion | null;
  /** Short machine-readable outcome for analytics, e.g. `found`, `asked_order_number`, `ticket_created`. */
  outcome: string;
  /** What the conversation is now about (an order, a product), for follow-ups such as "cancel it". */
  topic?: { orderNumber?: string; productId?: string };
}

export type ActionHandler = (context: ActionContext) => Promise<ActionResult>;

export type { EscalationReason };
