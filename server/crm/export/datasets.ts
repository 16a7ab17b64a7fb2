import type { Model } from 'mongoose';
import type { ContactDoc } from '../../data/models/contact.ts';
import type { ConversationDoc } from '../../data/models/conversation.ts';
import type { Models } from '../../data/models/index.ts';
import type { TicketDoc } from '../../data/models/ticket.ts';
import { csvCell } from '../import/run-import.ts';

export const EXPORT_DATASETS = ['contacts', 'tickets', 'conversations'] as const;
export type ExportDataset = (typeof EXPORT_DATASETS)[number];
export type ExportFormat = 'csv' | 'json';

type Row = Record<string, string | number | boolean | null | string[] | Record<string, unknown>>;

interface Dataset {
  model: 'Contact' | 'Ticket' | 'Conversation';
  /** Records kept out (merged-away contacts hold no details and point at their survivor). */
  filter: Record<string, unknown>;
  columns: readonly string[];
  row: (doc: never) => Row;
}

const id = (value: { toHexString(): string } | null | undefined) => value?.toHexString() ?? null;
const iso = (value: Date | null | undefined) => value?.toISOString() ?? null;

/**
 * What each export holds, one row per record (conversations: one per conversation, not per message). The JSON
 * and the CSV carry the same fields; in the CSV, lists are joined with `|` and attributes are JSON text.
 */
const DATASETS: Record<ExportDataset, Dataset> = {
  contacts: {
    model: 'Contact',
    filter: { mergedInto: null },
    columns: [
      'id',
      'name',
      'emails',
      'phones',
      'shopUserId',
      'attributes',
      'lastSeenAt',
      'createdAt',
      'updatedAt',
    ],
    row: (doc: ContactDoc) => ({
      id: doc._id.toHexString(),
      name: doc.name ?? null,
      emails: doc.emails ?? [],
      phones: doc.phones ?? [],
      shopUserId: doc.shopUserId ?? null,
      attributes: doc.attributes ?? {},
      lastSeenAt: iso(doc.lastSeenAt),
      createdAt: iso(doc.createdAt),
      updatedAt: iso(doc.updatedAt),
    }),
  },
  tickets: {
    model: 'Ticket',
    filter: {},
    columns: [
      'id',
      'number',
      'contactId',
      'conversationId',
      'category',
      'subject',
      'status',
      'priority',
      'assigneeId',
      'slaDueAt',
      'createdAt',
      'updatedAt',
    ],
    row: (doc: TicketDoc) => ({
      id: doc._id.toHexString(),
      number: doc.number,
      contactId: id(doc.contact),
      conversationId: id(doc.conversation),
      category: doc.category,
      subject: doc.subject,
      status: doc.status,
      priority: doc.priority,
      assigneeId: id(doc.assignee),
      slaDueAt: iso(doc.slaDueAt),
      createdAt: iso(doc.createdAt),
      updatedAt: iso(doc.updatedAt),
    }),
  },
  conversations: {
    model: 'Conversation',
    filter: {},
    columns: [
      'id',
      'contactId',
      'channel',
      'status',
      'messages',
      'assignedAgentId',
      'startedAt',
      'firstResponseAt',
      'escalatedAt',
      'escalationReason',
      'resolvedAt',
      'rating',
      'updatedAt',
    ],
    row: (doc: ConversationDoc) => ({
      id: doc._id.toHexString(),
      contactId: id(doc.contact),
      channel: doc.channel,
      status: doc.status,
      // Sequence numbers are allocated one per message, so the last one is the count.
      messages: doc.lastSeq ?? 0,
      assignedAgentId: id(doc.assignedAgent),
      startedAt: iso(doc.createdAt),
      firstResponseAt: iso(doc.firstResponseAt),
      escalatedAt: iso(doc.escalatedAt),
      escalationReason: doc.escalationReason ?? null,
      resolvedAt: iso(doc.resolvedAt),
      rating: doc.csat?.score ?? null,
      updatedAt: iso(doc.updatedAt),
    }),
  },
};

const csvValue = (value: Row[string]) =>
  csvCell(
    Array.isArray(value)
      ? value.join('|')
      : typeof value === 'object' && value !== null
        ? JSON.stringify(value)
        : value,
  );

/**
 * An export as text chunks, read from a cursor in creation order (records created in [from, to)), so memory
 * holds one record whatever the size: CSV with a header line, or one JSON array with a record per line.
 */
export async function* exportLines(
  models: Models,
  dataset: ExportDataset,
  format: ExportFormat,
  range: { from?: Date; to?: Date },
): AsyncGenerator<string> {
  const spec = DATASETS[dataset];
  const createdAt = {
    ...(range.from === undefined ? {} : { $gte: range.from }),
    ...(range.to === undefined ? {} : { $lt: range.to }),
  };
  const query = { ...spec.filter, ...(Object.keys(createdAt).length > 0 ? { createdAt } : {}) };
  const cursor = (models[spec.model] as Model<unknown>).find(query).sort({ _id: 1 }).lean().cursor();
  let first = true;
  if (format === 'csv') yield `${spec.columns.join(',')}\r\n`;
  else yield '[';
  for await (const doc of cursor as AsyncIterable<never>) {
    const row = spec.row(doc);
    if (format === 'csv')
      yield `${spec.columns.map((column) => csvValue(row[column] ?? null)).join(',')}\r\n`;
    else {
      yield `${first ? '\n' : ',\n'}${JSON.stringify(row)}`;
      first = false;
    }
  }
  if (format === 'json') yield '\n]\n';
}
