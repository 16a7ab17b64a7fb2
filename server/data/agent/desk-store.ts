import type { PipelineStage, QueryFilter } from 'mongoose';
import { toObjectId } from '../ids.ts';
import { toContact, toMessage } from '../mappers.ts';
import type { AgentNoteDoc, CannedReplyDoc } from '../models/agent-desk.ts';
import type { ContactDoc } from '../models/contact.ts';
import type { MessageDoc } from '../models/message.ts';
import type { Models } from '../models/index.ts';
import type { TicketDoc, TicketPriority } from '../models/ticket.ts';
import type { ContactRecord, MessageRecord } from '../records.ts';
import { duplicateAsConflict, validationAsAppError } from '../write-errors.ts';

export interface NoteRecord {
  id: string;
  conversationId: string;
  afterSeq: number;
  authorId: string;
  authorName: string;
  text: string;
  createdAt: Date;
}

export interface CannedReplyRecord {
  id: string;
  shortcut: string;
  title: string;
  template: string;
}

const PRIORITY_RANK: Record<TicketPriority, number> = { low: 0, normal: 1, high: 2, urgent: 3 };

function toNote(doc: AgentNoteDoc): NoteRecord {
  return {
    id: doc._id.toHexString(),
    conversationId: doc.conversation.toHexString(),
    afterSeq: doc.afterSeq,
    authorId: doc.author.toHexString(),
    authorName: doc.authorName,
    text: doc.text,
    createdAt: doc.createdAt,
  };
}

function toCanned(doc: CannedReplyDoc): CannedReplyRecord {
  return { id: doc._id.toHexString(), shortcut: doc.shortcut, title: doc.title, template: doc.template };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The agent desk's reads and writes: batched lookups for inbox rows (one query per kind of fact for a whole
 * page, never one per row), private notes, read markers and canned replies.
 */
export function createDeskStore(models: Models) {
  const { Contact, Message, Ticket, AgentNote, AgentRead, CannedReply } = models;
  const objectIds = (ids: readonly string[]) => ids.map((id) => toObjectId(id, 'id'));

  async function latestPerConversation(
    ids: readonly string[],
    match: QueryFilter<MessageDoc> = {},
  ): Promise<Map<string, MessageRecord>> {
    if (ids.length === 0) return new Map();
    const pipeline: PipelineStage[] = [
      { $match: { conversation: { $in: objectIds(ids) }, ...match } },
      { $sort: { conversation: 1, seq: -1 } },
      { $group: { _id: '$conversation', doc: { $first: '$$ROOT' } } },
    ];
    const rows = await Message.aggregate<{ doc: MessageDoc }>(pipeline);
    return new Map(rows.map((row) => [row.doc.conversation.toHexString(), toMessage(row.doc)]));
  }

  return {
    async contactsByIds(ids: readonly string[]): Promise<Map<string, ContactRecord>> {
      if (ids.length === 0) return new Map();
      const docs = await Contact.find({ _id: { $in: objectIds([...new Set(ids)]) } }).lean<ContactDoc[]>();
      return new Map(docs.map((doc) => [doc._id.toHexString(), toContact(doc)]));
    },

    /** Contacts whose name, verified email or phone, or typed claim contains `q` (case-insensitive). */
    async contactIdsMatching(q: string, limit = 500): Promise<string[]> {
      const pattern = new RegExp(escapeRegex(q.trim()), 'i');
      const docs = await Contact.find(
        {
          $or: [{ name: pattern }, { emails: pattern }, { phones: pattern }, { 'claims.value': pattern }],
        },
        { _id: 1 },
      )
        .limit(limit)
        .lean<Pick<ContactDoc, '_id'>[]>();
      return docs.map((doc) => doc._id.toHexString());
    },

    /** The highest priority among each conversation's open or pending tickets. */
    async openTicketPriority(ids: readonly string[]): Promise<Map<string, TicketPriority>> {
      if (ids.length === 0) return new Map();
      const docs = await Ticket.find(
        { conversation: { $in: objectIds(ids) }, status: { $in: ['open', 'pending'] } },
        { conversation: 1, priority: 1 },
      ).lean<Pick<TicketDoc, 'conversation' | 'priority'>[]>();
      const result = new Map<string, TicketPriority>();
      for (const doc of docs) {
        if (!doc.conversation) continue;
        const key = doc.conversation.toHexString();
        const known = result.get(key);
        if (known === undefined || PRIORITY_RANK[doc.priority] > PRIORITY_RANK[known])
          result.set(key, doc.priority);
      }
      return result;
    },

    latestMessages: (ids: readonly string[]) => latestPerConversation(ids),
    latestVisitorMessages: (ids: readonly string[]) => latestPerConversation(ids, { sender: 'visitor' }),

    /** Visitor messages after each conversation's read marker of this agent. */
    async unreadCounts(agentId: string, ids: readonly string[]): Promise<Map<string, number>> {
      if (ids.length === 0) return new Map();
      const reads = await AgentRead.find({
        agent: toObjectId(agentId, 'agent id'),
        conversation: { $in: objectIds(ids) },
      }).lean();
      const readSeq = new Map(reads.map((r) => [r.conversation.toHexString(), r.seq]));
      const rows = await Message.find(
        { conversation: { $in: objectIds(ids) }, sender: 'visitor' },
        { conversation: 1, seq: 1 },
      ).lean<Pick<MessageDoc, 'conversation' | 'seq'>[]>();
      const counts = new Map<string, number>();
      for (const row of rows) {
        const key = row.conversation.toHexString();
        if (row.seq > (readSeq.get(key) ?? 0)) counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return counts;
    },

    /** Only ever moves forward, so a late packet cannot mark read messages unread again. */
    async markRead(agentId: string, conversationId: string, seq: number): Promise<void> {
      await AgentRead.updateOne(
        {
          agent: toObjectId(agentId, 'agent id'),
          conversation: toObjectId(conversationId, 'conversation id'),
        },
        { $max: { seq } },
        { upsert: true },
      );
    },

    /** The latest `limit` messages in ascending order, and whether older ones exist. */
    async transcript(
      conversationId: string,
      limit: number,
    ): Promise<{ items: MessageRecord[]; hasMoreBefore: boolean }> {
      const docs = await Message.find({ conversation: toObjectId(conversationId, 'conversation id') })
        .sort({ seq: -1 })
        .limit(limit + 1)
        .lean<MessageDoc[]>();
      const hasMoreBefore = docs.length > limit;
      return { items: docs.slice(0, limit).reverse().map(toMessage), hasMoreBefore };
    },

    async addNote(input: {
      conversationId: string;
      afterSeq: number;
      authorId: string;
      authorName: string;
      text: string;
    }): Promise<NoteRecord> {
      try {
        const doc = await AgentNote.create({
          conversation: toObjectId(input.conversationId, 'conversation id'),
          afterSeq: input.afterSeq,
          author: toObjectId(input.authorId, 'agent id'),
          authorName: input.authorName,
          text: input.text,
        });
        return toNote(doc.toObject());
      } catch (error) {
        return validationAsAppError(error);
      }
    },

    /** Notes placed after `fromSeq` (the transcript's first message), oldest first. */
    async listNotes(conversationId: string, fromSeq = 0, limit = 500): Promise<NoteRecord[]> {
      const docs = await AgentNote.find({
        conversation: toObjectId(conversationId, 'conversation id'),
        afterSeq: { $gte: fromSeq },
      })
        .sort({ afterSeq: 1, _id: 1 })
        .limit(limit)
        .lean<AgentNoteDoc[]>();
      return docs.map(toNote);
    },

    async listCanned(): Promise<CannedReplyRecord[]> {
      const docs = await CannedReply.find({}).sort({ shortcut: 1 }).limit(500).lean<CannedReplyDoc[]>();
      return docs.map(toCanned);
    },

    async createCanned(input: Omit<CannedReplyRecord, 'id'>): Promise<CannedReplyRecord> {
      try {
        const doc = await CannedReply.create(input);
        return toCanned(doc.toObject());
      } catch (error) {
        duplicateAsConflict(error, 'A canned reply with this shortcut already exists.');
        return validationAsAppError(error);
      }
    },

    async updateCanned(
      id: string,
      input: Partial<Omit<CannedReplyRecord, 'id'>>,
    ): Promise<CannedReplyRecord | null> {
      try {
        const doc = await CannedReply.findOneAndUpdate(
          { _id: toObjectId(id, 'canned reply id') },
          { $set: input },
          { returnDocument: 'after', runValidators: true },
        ).lean<CannedReplyDoc>();
        return doc === null ? null : toCanned(doc);
      } catch (error) {
        duplicateAsConflict(error, 'A canned reply with this shortcut already exists.');
        return validationAsAppError(error);
      }
    },

    async removeCanned(id: string): Promise<boolean> {
      const result = await CannedReply.deleteOne({ _id: toObjectId(id, 'canned reply id') });
      return result.deletedCount === 1;
    },
  };
}

export type DeskStore = ReturnType<typeof createDeskStore>;
