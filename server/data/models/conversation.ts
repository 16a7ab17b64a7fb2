import { Schema, type Types } from 'mongoose';

export const CONVERSATION_STATUSES = ['bot', 'waiting_agent', 'agent', 'resolved'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];
export const CHANNELS = ['web'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface PendingSlot {
  intent: string;
  slot: string;
  askedAt: Date;
  /** What the question is about, when the answer alone does not say (the order whose email is asked). */
  value?: string | null;
  /** How many times in a row the bot has asked it; after two a person is offered instead of a third ask. */
  asks?: number;
}

/** What the conversation was last about, so "cancel it" or "what about the white one?" can be resolved. */
export interface ConversationTopic {
  orderNumber: string | null;
  productId: string | null;
}

export interface Csat {
  score: number;
  comment: string | null;
  at: Date;
}

export interface ConversationDoc {
  _id: Types.ObjectId;
  contact: Types.ObjectId;
  visitorId: string | null;
  channel: Channel;
  status: ConversationStatus;
  assignedAgent: Types.ObjectId | null;
  /** When the current agent got the conversation: pick-up times feed the visitor's expected wait. */
  assignedAt: Date | null;
  /** The last allocated message sequence number; raised with $inc so concurrent writers never share one. */
  lastSeq: number;
  firstResponseAt: Date | null;
  escalatedAt: Date | null;
  escalationReason: string | null;
  resolvedAt: Date | null;
  csat: Csat | null;
  failedUnderstandingCount: number;
  pendingSlot: PendingSlot | null;
  topic: ConversationTopic | null;
  /** When the retention policy removed its message texts (docs/privacy.md); null while they are kept. */
  textsExpiredAt?: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const pendingSlotSchema = new Schema<PendingSlot>(
  {
    intent: { type: String, required: true },
    slot: { type: String, required: true },
    askedAt: { type: Date, required: true },
    value: { type: String, default: null, maxlength: 100 },
    asks: { type: Number, default: 1, min: 1 },
  },
  { _id: false },
);

const topicSchema = new Schema<ConversationTopic>(
  {
    orderNumber: { type: String, default: null, maxlength: 40 },
    productId: { type: String, default: null, maxlength: 40 },
  },
  { _id: false },
);

const csatSchema = new Schema<Csat>(
  {
    score: { type: Number, required: true, min: 1, max: 5 },
    comment: { type: String, default: null, maxlength: 2000 },
    at: { type: Date, required: true },
  },
  { _id: false },
);

export const conversationSchema = new Schema<ConversationDoc>(
  {
    contact: { type: Schema.Types.ObjectId, ref: 'Contact', required: true },
    visitorId: { type: String, default: null },
    channel: { type: String, enum: CHANNELS, default: 'web' },
    status: { type: String, enum: CONVERSATION_STATUSES, default: 'bot' },
    assignedAgent: { type: Schema.Types.ObjectId, ref: 'User', default: null },
    assignedAt: { type: Date, default: null },
    lastSeq: { type: Number, default: 0, min: 0 },
    firstResponseAt: { type: Date, default: null },
    escalatedAt: { type: Date, default: null },
    escalationReason: { type: String, default: null },
    resolvedAt: { type: Date, default: null },
    csat: { type: csatSchema, default: null },
    failedUnderstandingCount: { type: Number, default: 0, min: 0 },
    pendingSlot: { type: pendingSlotSchema, default: null },
    topic: { type: topicSchema, default: null },
    textsExpiredAt: { type: Date, default: null },
  },
  { timestamps: true },
);

// The agents' queue: waiting conversations, oldest first.
conversationSchema.index({ status: 1, updatedAt: 1 });
conversationSchema.index({ status: 1, escalatedAt: 1, _id: 1 });
conversationSchema.index({ assignedAt: -1 });
conversationSchema.index({ contact: 1, updatedAt: -1 });
conversationSchema.index({ visitorId: 1, updatedAt: -1 });
conversationSchema.index({ assignedAgent: 1, status: 1 });
// The retention job: resolved conversations past the period whose texts are still there.
conversationSchema.index({ status: 1, resolvedAt: 1 });
