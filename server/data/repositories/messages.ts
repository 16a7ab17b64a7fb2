import { toObjectId } from '../ids.ts';
import { toMessage } from '../mappers.ts';
import type { Models } from '../models/index.ts';
import type { MessageDoc, Sender } from '../models/message.ts';
import type { MessageRecord } from '../records.ts';
import { isDuplicateKeyError } from '../write-errors.ts';
import type { ConversationRepository } from './conversations.ts';

export interface NewMessage {
  conversationId: string;
  sender: Sender;
  senderId?: string | null;
  text: string;
  clientMessageId?: string | null;
  nlp?: unknown;
  suggestions?: unknown;
  ticketId?: string | null;
}

export interface AppendResult {
  message: MessageRecord;
  /** True when a message with the same clientMessageId was already stored: `message` is that original. */
  duplicate: boolean;
}

export type MessageRepository = ReturnType<typeof createMessageRepository>;

export function createMessageRepository({ Message }: Models, conversations: ConversationRepository) {
  const findByClientMessageId = async (conversationId: string, clientMessageId: string) => {
    const doc = await Message.findOne({
      conversation: toObjectId(conversationId, 'conversation id'),
      clientMessageId,
    }).lean<MessageDoc>();
    return doc === null ? null : toMessage(doc);
  };

  return {
    findByClientMessageId,

    /**
     * Stores a message under the next sequence number of its conversation. A resent clientMessageId returns
     * the stored original instead of a second copy. When two copies race, the unique index keeps one and the
     * loser's sequence number stays unused: sequences only ever grow, they may have gaps.
     */
    async append(input: NewMessage): Promise<AppendResult> {
      const clientMessageId = input.clientMessageId ?? undefined;
      if (clientMessageId !== undefined) {
        const existing = await findByClientMessageId(input.conversationId, clientMessageId);
        if (existing !== null) return { message: existing, duplicate: true };
      }
      const seq = await conversations.allocateSeq(input.conversationId);
      try {
        const doc = await Message.create({
          conversation: toObjectId(input.conversationId, 'conversation id'),
          seq,
          ...(clientMessageId === undefined ? {} : { clientMessageId }),
          sender: input.sender,
          senderId: input.senderId ?? null,
          text: input.text,
          nlp: input.nlp ?? null,
          suggestions: input.suggestions ?? null,
          ticket: input.ticketId == null ? null : toObjectId(input.ticketId, 'ticket id'),
        });
        return { message: toMessage(doc.toObject()), duplicate: false };
      } catch (error) {
        if (clientMessageId === undefined || !isDuplicateKeyError(error)) throw error;
        const original = await findByClientMessageId(input.conversationId, clientMessageId);
        if (original === null) throw error;
        return { message: original, duplicate: true };
      }
    },

    async findById(id: string): Promise<MessageRecord | null> {
      const doc = await Message.findOne({ _id: toObjectId(id, 'message id') }).lean<MessageDoc>();
      return doc === null ? null : toMessage(doc);
    },

    /** Ascending by sequence, strictly after `afterSeq`; `hasMore` says whether another page follows. */
    async listAfterSeq(
      conversationId: string,
      afterSeq: number,
      limit: number,
    ): Promise<{ items: MessageRecord[]; hasMore: boolean }> {
      const docs = await Message.find({
        conversation: toObjectId(conversationId, 'conversation id'),
        seq: { $gt: afterSeq },
      })
        .sort({ seq: 1 })
        .limit(limit + 1)
        .lean<MessageDoc[]>();
      return { items: docs.slice(0, limit).map(toMessage), hasMore: docs.length > limit };
    },

    /** The last `limit` messages in ascending order, e.g. to read recent sentiment. */
    async listLatest(conversationId: string, limit: number): Promise<MessageRecord[]> {
      const docs = await Message.find({ conversation: toObjectId(conversationId, 'conversation id') })
        .sort({ seq: -1 })
        .limit(limit)
        .lean<MessageDoc[]>();
      return docs.reverse().map(toMessage);
    },

    /** Fills in what is known only after the message was stored (the NLP analysis, suggestions, a ticket). */
    async annotate(
      id: string,
      patch: { nlp?: unknown; suggestions?: unknown; ticketId?: string | null },
    ): Promise<MessageRecord | null> {
      const set: Record<string, unknown> = {};
      if (patch.nlp !== undefined) set.nlp = patch.nlp;
      if (patch.suggestions !== undefined) set.suggestions = patch.suggestions;
      if (patch.ticketId !== undefined)
        set.ticket = patch.ticketId === null ? null : toObjectId(patch.ticketId);
      const doc = await Message.findOneAndUpdate(
        { _id: toObjectId(id, 'message id') },
        { $set: set },
        { returnDocument: 'after' },
      ).lean<MessageDoc>();
      return doc === null ? null : toMessage(doc);
    },
  };
}
