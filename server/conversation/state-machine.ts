import type { ConversationStatus } from '../contracts/visitor-events.ts';

// Who owns a conversation, and the only moves allowed between owners. Every status change in the code base
// goes through `transition`, so "bot and agent both answering" cannot be written by accident.
export type OwnershipEvent =
  /** The bot or the visitor asks for a human; the conversation joins the agent queue. */
  | 'escalate'
  /** An agent picks the conversation from the queue, or takes it over from the bot. */
  | 'assign'
  /** The agent (or the bot, for a conversation it finished) closes the conversation. */
  | 'resolve'
  /** The agent, or a visitor who stops waiting, gives the conversation back to the bot. */
  | 'hand_back'
  /** A visitor writes again after the conversation was resolved. */
  | 'reopen'
  /** The owning agent gives the conversation to another agent. */
  | 'transfer';

const TABLE: Record<ConversationStatus, Partial<Record<OwnershipEvent, ConversationStatus>>> = {
  bot: { escalate: 'waiting_agent', assign: 'agent', resolve: 'resolved' },
  waiting_agent: { assign: 'agent', hand_back: 'bot', resolve: 'resolved' },
  agent: { resolve: 'resolved', hand_back: 'bot', escalate: 'waiting_agent', transfer: 'agent' },
  resolved: { reopen: 'bot' },
};

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: ConversationStatus,
    readonly event: OwnershipEvent,
  ) {
    super(`a conversation in status "${from}" cannot "${event}"`);
    this.name = 'IllegalTransitionError';
  }
}

export function transition(from: ConversationStatus, event: OwnershipEvent): ConversationStatus {
  const to = TABLE[from][event];
  if (!to) throw new IllegalTransitionError(from, event);
  return to;
}

export function canTransition(from: ConversationStatus, event: OwnershipEvent): boolean {
  return TABLE[from][event] !== undefined;
}

/** The bot answers only conversations it owns; a resolved one is reopened first by the visitor's message. */
export function botOwns(status: ConversationStatus): boolean {
  return status === 'bot';
}
