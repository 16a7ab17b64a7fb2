import { Schema, type Types } from 'mongoose';

export const TICKET_STATUSES = ['open', 'pending', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

export interface TicketHistoryEntry {
  at: Date;
  /** Who: `user:<id>`, `visitor:<id>`, `bot` or `system`. */
  actor: string;
  /** What happened: `created`, `status`, `priority`, `note`… */
  action: string;
  field: string | null;
  from: unknown;
  to: unknown;
  note: string | null;
}

export interface TicketDoc {
  _id: Types.ObjectId;
  number: string;
  contact: Types.ObjectId;
  conversation: Types.ObjectId | null;
  category: string;
  subject: string;
  description: string | null;
  status: TicketStatus;
  priority: TicketPriority;
  slaDueAt: Date | null;
  /** The agent (or admin) who owns the ticket; null while nobody does. */
  assignee: Types.ObjectId | null;
  history: TicketHistoryEntry[];
  createdAt: Date;
  updatedAt: Date;
}

const historySchema = new Schema<TicketHistoryEntry>(
  {
    at: { type: Date, required: true },
    actor: { type: String, required: true },
    action: { type: String, required: true },
    field: { type: String, default: null },
    from: { type: Schema.Types.Mixed, default: null },
    to: { type: Schema.Types.Mixed, default: null },
    note: { type: String, default: null },
  },
  { _id: false },
);

export const ticketSchema = new Schema<TicketDoc>(
  {
    number: { type: String, required: true, match: /^T-\d+$/ },
    contact: { type: Schema.Types.ObjectId, ref: 'Contact', required: true },
    conversation: { type: Schema.Types.ObjectId, ref: 'Conversation', default: null },
    category: { type: String, required: true, trim: true, maxlength: 100 },
    subject: { type: String, required: true, trim: true, maxlength: 300 },
    description: { type: String, default: null, maxlength: 10_000 },
    status: { type: String, enum: TICKET_STATUSES, default: 'open' },
    priority: { type: String, enum: TICKET_PRIORITIES, default: 'normal' },
    slaDueAt: { type: Date, default: null },
    assignee: { type: Schema.Types.ObjectId, ref: 'User', default: null },
    history: { type: [historySchema], default: [] },
  },
  { timestamps: true },
);

ticketSchema.index({ number: 1 }, { unique: true });
ticketSchema.index({ createdAt: -1 });
ticketSchema.index({ status: 1, createdAt: -1 });
ticketSchema.index({ contact: 1, createdAt: -1 });
ticketSchema.index({ conversation: 1 });
