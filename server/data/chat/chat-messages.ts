import { Types } from 'mongoose';
import { toObjectId } from '../ids.ts';
import { toConversation, toMessage } from '../mappers.ts';
import type { ConversationDoc } from '../models/conversation.ts';
import type { Models } from '../models/index.ts';
import type { MessageDoc } from '../models/message.ts';
import type { ConversationRecord, MessageRecord } from '../records.ts';
import type { NewMessage } from '../repositories/messages.ts';
import { isDuplicateKeyError } from '../write-errors.ts';
import { batchedInsert } from './batched-insert.ts';

/** A message of the conversation the chat store is working on (the same fields as the repository's). */
export type ChatMessageInput = Omit<NewMessage, 'conversationId'>;

export interface IncomingResult {
  /** The conversation as it is after this message's sequence numbers were reserved. */
  conversation: ConversationRecord | null;
  /** Reserved for the bot's answer, so the reply needs no second reservation; unused if no answer comes. */
  replySeq: number;
  message: MessageRecord | null;
  /** A message with this clientMessageId was already stored; `message` is that original. */
  duplicate: boolean;
}

const MAX_TEXT = 100_000;

/**
 * The chat's hot path in as few database round trips as possible: the message pipeline is bound by them
 * (each costs about a millisecond of CPU through the driver and the embedded engine).
 *  - `appendIncoming`: ONE findOneAndUpdate reserves two sequence numbers (the message's and its answer's)
 *    and returns the whole conversation (status, pending question…), then ONE insert. The unique
 *    (conversation, clientMessageId) index catches a resend, which then costs one more read and leaves a gap
 *    in the sequence (gaps are allowed, order is kept).
 *  - `append`: reserve + insert for bot, agent and system messages (or only the insert, with a reserved number).
 * Inserts from all conversations that fall in the same event-loop turn share one `insertMany`
 * (`batched-insert.ts`). Documents are written through the driver with the fields the Message schema
 * declares, skipping mongoose's document construction and validation, which dominated the CPU profile; the
 * inputs are built by the engine, never taken raw from a client (the text is a length-checked string).
 */
export function createChatMessageStore({ Conversation, Message }: Models) {
  const insertDoc = batchedInsert(Message.collection);
  async function reserve(conversationId: string, count: number): Promise<ConversationDoc | null> {
    return Conversation.collection.findOneAndUpdate(
      { _id: toObjectId(conversationId, 'conversation id') },
      { $inc: { lastSeq: count }, $set: { updatedAt: new Date() } },
      { returnDocument: 'after' },
    ) as Promise<ConversationDoc | null>;
  }

  async function insert(
    conversation: Types.ObjectId,
    seq: number,
    input: ChatMessageInput,
  ): Promise<MessageRecord> {
    if (typeof input.text !== 'string' || input.text.length === 0 || input.text.length > MAX_TEXT) {
      throw new TypeError('message text must be a non-empty string');
    }
    const doc: MessageDoc = {
      _id: new Types.ObjectId(),
      conversation,
      seq,
      sender: input.sender,
      senderId: input.senderId ?? null,
      text: input.text,
      nlp: input.nlp ?? null,
      suggestions: input.suggestions ?? null,
      ticket: input.ticketId ? toObjectId(input.ticketId, 'ticket id') : null,
      createdAt: new Date(),
    };
    if (input.clientMessageId) doc.clientMessageId = input.clientMessageId;
    await insertDoc(doc);
    return toMessage(doc);
  }

  async function findByClientMessageId(conversation: Types.ObjectId, clientMessageId: string) {
    const doc = await Message.collection.findOne({ conversation, clientMessageId });
    return doc ? toMessage(doc as unknown as MessageDoc) : null;
  }

  return {
    async appendIncoming(conversationId: string, input: ChatMessageInput): Promise<IncomingResult> {
      const reserved = await reserve(conversationId, 2);
      if (!reserved) return { conversation: null, message: null, replySeq: 0, duplicate: false };
      const conversation = toConversation(reserved);
      const replySeq = reserved.lastSeq;
      try {
        const message = await insert(reserved._id, replySeq - 1, input);
        return { conversation, message, replySeq, duplicate: false };
      } catch (error) {
        if (!input.clientMessageId || !isDuplicateKeyError(error)) throw error;
        const original = await findByClientMessageId(reserved._id, input.clientMessageId);
        if (!original) throw error;
        return { conversation, message: original, replySeq, duplicate: true };
      }
    },

    /** With `reservedSeq` (from `appendIncoming`) the message takes that number without another round trip. */
    async append(
      conversationId: string,
      input: ChatMessageInput,
      reservedSeq?: number,
    ): Promise<MessageRecord> {
      if (reservedSeq !== undefined)
        return insert(toObjectId(conversationId, 'conversation id'), reservedSeq, input);
      const reserved = await reserve(conversationId, 1);
      if (!reserved) throw new Error(`conversation ${conversationId} does not exist`);
      try {
        return await insert(reserved._id, reserved.lastSeq, input);
      } catch (error) {
        // An agent's resent reply (same clientMessageId) is stored once: the original answers the resend.
        if (!input.clientMessageId || !isDuplicateKeyError(error)) throw error;
        const original = await findByClientMessageId(reserved._id, input.clientMessageId);
        if (!original) throw error;
        return original;
      }
    },
  };
}

export type ChatMessageStore = ReturnType<typeof createChatMessageStore>;
