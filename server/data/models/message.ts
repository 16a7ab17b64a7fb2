import { Schema, type Types } from 'mongoose';

export const SENDERS = ['visitor', 'bot', 'agent', 'system'] as const;
export type Sender = (typeof SENDERS)[number];

export interface MessageDoc {
  _id: Types.ObjectId;
  conversation: Types.ObjectId;
  seq: number;
  /** Chosen by the client so a resent message is stored once; absent for bot, agent and system messages. */
  clientMessageId?: string;
  sender: Sender;
  senderId: string | null;
  text: string;
  nlp: unknown;
  suggestions: unknown;
  ticket: Types.ObjectId | null;
  createdAt: Date;
}

export const messageSchema = new Schema<MessageDoc>(
  {
    conversation: { type: Schema.Types.ObjectId, ref: 'Conversation', required: true },
    seq: { type: Number, required: true, min: 1 },
    clientMessageId: { type: String, maxlength: 100 },
    sender: { type: String, enum: SENDERS, required: true },
    senderId: { type: String, default: null },
    text: { type: String, required: true },
    nlp: { type: Schema.Types.Mixed, default: null },
    suggestions: { type: Schema.Types.Mixed, default: null },
    ticket: { type: Schema.Types.ObjectId, ref: 'Ticket', default: null },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);

messageSchema.index({ conversation: 1, seq: 1 }, { unique: true });
// Partial: bot and agent messages carry no clientMessageId and must not collide with each other.
messageSchema.index(
  { conversation: 1, clientMessageId: 1 },
  { unique: true, partialFilterExpression: { clientMessageId: { $type: 'string' } } },
);
