import type { Models } from '../models/index.ts';
import { createChatMessageStore, type ChatMessageInput, type IncomingResult } from './chat-messages.ts';
import { lifetimeSpend } from './lifetime-spend.ts';
import { readCustomerScore } from '../analytics/model-store.ts';
import type { MessageRecord } from '../records.ts';

export type { ChatMessageInput, IncomingResult } from './chat-messages.ts';

/** The chat side's data access beyond the foundation's repositories. */
export interface ChatRepository {
  /** Reserves the next sequence number, returning the conversation, and stores the visitor's message. */
  appendIncoming(conversationId: string, input: ChatMessageInput): Promise<IncomingResult>;
  /** Stores a bot, agent or system message under the next (or the given reserved) sequence number. */
  appendMessage(
    conversationId: string,
    input: ChatMessageInput,
    reservedSeq?: number,
  ): Promise<MessageRecord>;
  lifetimeSpend(contactId: string): Promise<number>;
  /**
   * What "high-value" is judged on: the stored predicted next-12-month spend when the customer value model
   * has scored the contact (one read by id, never a computation), else the lifetime spend.
   */
  customerValue(contactId: string): Promise<number>;
}

export function createChatRepository(models: Models): ChatRepository {
  const messages = createChatMessageStore(models);
  return {
    appendIncoming: (conversationId, input) => messages.appendIncoming(conversationId, input),
    appendMessage: (conversationId, input, reservedSeq) =>
      messages.append(conversationId, input, reservedSeq),
    lifetimeSpend: (contactId) => lifetimeSpend(models, contactId),
    async customerValue(contactId) {
      const score = await readCustomerScore(models, contactId);
      return score?.predictedValue ?? lifetimeSpend(models, contactId);
    },
  };
}
