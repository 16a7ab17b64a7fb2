import { Schema, type Types } from 'mongoose';

/** A private note in a conversation: kept apart from messages, so no visitor-facing read can ever return it. */
export interface AgentNoteDoc {
  _id: Types.ObjectId;
  conversation: Types.ObjectId;
  /** The conversation's last message sequence number when the note was written: its place in the transcript. */
  afterSeq: number;
  author: Types.ObjectId;
  authorName: string;
  text: string;
  createdAt: Date;
}

export const agentNoteSchema = new Schema<AgentNoteDoc>(
  {
    conversation: { type: Schema.Types.ObjectId, required: true },
    afterSeq: { type: Number, required: true, min: 0 },
    author: { type: Schema.Types.ObjectId, required: true },
    authorName: { type: String, required: true, maxlength: 200 },
    text: { type: String, required: true, maxlength: 100_000 },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
agentNoteSchema.index({ conversation: 1, afterSeq: 1, _id: 1 });

/** How far an agent has read a conversation (its unread count). */
export interface AgentReadDoc {
  _id: Types.ObjectId;
  agent: Types.ObjectId;
  conversation: Types.ObjectId;
  seq: number;
}

export const agentReadSchema = new Schema<AgentReadDoc>({
  agent: { type: Schema.Types.ObjectId, required: true },
  conversation: { type: Schema.Types.ObjectId, required: true },
  seq: { type: Number, required: true, min: 0 },
});
agentReadSchema.index({ agent: 1, conversation: 1 }, { unique: true });

export interface CannedReplyDoc {
  _id: Types.ObjectId;
  shortcut: string;
  title: string;
  template: string;
  createdAt: Date;
  updatedAt: Date;
}

export const cannedReplySchema = new Schema<CannedReplyDoc>(
  {
    shortcut: { type: String, required: true, trim: true, lowercase: true, match: /^[a-z0-9_-]{1,40}$/ },
    title: { type: String, required: true, trim: true, maxlength: 200 },
    template: { type: String, required: true, maxlength: 5000 },
  },
  { timestamps: true },
);
cannedReplySchema.index({ shortcut: 1 }, { unique: true });
