import { ObjectId, type AnyBulkWriteOperation, type Filter } from 'mongodb';
import type {
  ConversationFact,
  RawConversationRecords,
  RawMessage,
} from '../../analytics/reports/conversation-fact.ts';
import type { HourRollup } from '../../analytics/reports/hour-rollup.ts';
import { firstPersonResponse, type RawTicket } from '../../analytics/reports/ticket-sla.ts';
import type { ConversationDoc } from '../models/conversation.ts';
import type { Models } from '../models/index.ts';
import type { MessageDoc } from '../models/message.ts';
import type { TicketDoc } from '../models/ticket.ts';
import { ANALYTICS_COLLECTIONS, analyticsCollection } from './collections.ts';

const HOUR_MS = 3600_000;

interface FactDoc extends Omit<ConversationFact, 'id'> {
  _id: ObjectId;
  signature: string;
  computedAt: Date;
}

interface RollupDoc extends HourRollup {
  _id: Date;
  computedAt: Date;
  /** New at every write: what a reader's cache compares (two writes may share a clock reading). */
  rev: string;
}

/** A drill-down or export filter on facts, already translated from the query (server/analytics/reports/drilldown.ts). */
export type FactFilter = Filter<FactDoc>;

function toFact(doc: FactDoc): ConversationFact {
  return {
    id: doc._id.toHexString(),
    contactId: doc.contactId,
    startedAt: doc.startedAt,
    hour: doc.hour,
    status: doc.status,
    visitorMessages: doc.visitorMessages,
    botMessages: doc.botMessages,
    agentMessages: doc.agentMessages,
    counted: doc.counted,
    contained: doc.contained,
    escalated: doc.escalated,
    escalationReason: doc.escalationReason,
    escalatedAt: doc.escalatedAt,
    agentId: doc.agentId,
    firstAgentReplyAt: doc.firstAgentReplyAt,
    firstResponseSeconds: doc.firstResponseSeconds,
    resolvedAt: doc.resolvedAt,
    resolutionSeconds: doc.resolutionSeconds,
    handlingSeconds: doc.handlingSeconds,
    rating: doc.rating,
    intents: doc.intents,
    fallbacks: doc.fallbacks,
    agentReplies: doc.agentReplies,
    tickets: doc.tickets,
  };
}

function toRollup(doc: RollupDoc): HourRollup {
  const { _id: _ignored, computedAt: _computed, rev: _rev, ...rollup } = doc;
  return rollup;
}

function intentOf(nlp: unknown): { name: string; confidence: number } | null {
  const intent = (nlp as { intent?: { name?: unknown; confidence?: unknown } } | null)?.intent;
  if (typeof intent?.name !== 'string' || typeof intent.confidence !== 'number') return null;
  return { name: intent.name, confidence: intent.confidence };
}

export type ReportStore = ReturnType<typeof createReportStore>;

/** Reads of raw records for the analytics, and the facts and rollups derived from them. */
export function createReportStore(models: Models) {
  const { Conversation, Message, Ticket, User } = models;
  const facts = analyticsCollection<FactDoc>(models, ANALYTICS_COLLECTIONS.facts);
  const rollups = analyticsCollection<RollupDoc>(models, ANALYTICS_COLLECTIONS.rollups);

  // Rollups read before, by hour, with the stamp they had (see rollupsBetween); bounded, oldest read evicted.
  const cache = new Map<number, { rev: string; rollup: HourRollup }>();
  const CACHE_LIMIT = 24 * 800;
  function remember(doc: RollupDoc) {
    const key = doc._id.getTime();
    cache.delete(key);
    cache.set(key, { rev: doc.rev, rollup: toRollup(doc) });
    if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  }

  function rawTicket(doc: TicketDoc): RawTicket {
    return {
      id: doc._id.toHexString(),
      category: doc.category,
      status: doc.status,
      priority: doc.priority,
      createdAt: doc.createdAt,
      slaDueAt: doc.slaDueAt ?? null,
      firstResponseAt: firstPersonResponse(doc.history ?? []),
    };
  }

  return {
    /**
     * Conversations with their messages and ticket counts; ids that no longer exist are absent. `contiguous`
     * says the ids are every conversation between the smallest and the largest (a rebuild's batch): messages
     * are then read by one range on the index, which costs a tenth of an `$in` over the same ids here.
     */
    async loadRawConversations(
      ids: readonly string[],
      options: { contiguous?: boolean } = {},
    ): Promise<Map<string, RawConversationRecords>> {
      const objectIds = ids.map((id) => new ObjectId(id));
      const sorted = [...objectIds].sort((a, b) => (a.toHexString() < b.toHexString() ? -1 : 1));
      const wanted = new Set(ids);
      const byConversation =
        options.contiguous === true && sorted.length > 0
          ? { $gte: sorted[0]!, $lte: sorted.at(-1)! }
          : { $in: objectIds };
      const [conversations, messages, tickets] = await Promise.all([
        Conversation.collection
          .find(
            { _id: { $in: objectIds } },
            {
              projection: {
                contact: 1,
                createdAt: 1,
                status: 1,
                assignedAgent: 1,
                escalatedAt: 1,
                escalationReason: 1,
                resolvedAt: 1,
                csat: 1,
              },
            },
          )
          .toArray() as unknown as Promise<ConversationDoc[]>,
        Message.collection
          .find(
            { conversation: byConversation },
            { projection: { conversation: 1, sender: 1, senderId: 1, createdAt: 1, 'nlp.intent': 1 } },
          )
          .toArray() as unknown as Promise<MessageDoc[]>,
        Ticket.collection
          .find({ conversation: byConversation }, { projection: { conversation: 1 } })
          .toArray() as unknown as Promise<TicketDoc[]>,
      ]);
      const messagesOf = new Map<string, RawMessage[]>();
      for (const m of messages) {
        const key = m.conversation.toHexString();
        if (!wanted.has(key)) continue;
        const list = messagesOf.get(key) ?? [];
        list.push({
          sender: m.sender,
          senderId: m.senderId ?? null,
          createdAt: m.createdAt,
          intent: m.sender === 'visitor' ? intentOf(m.nlp) : null,
        });
        messagesOf.set(key, list);
      }
      const ticketsOf = new Map<string, number>();
      for (const t of tickets) {
        const key = t.conversation!.toHexString();
        if (!wanted.has(key)) continue;
        ticketsOf.set(key, (ticketsOf.get(key) ?? 0) + 1);
      }
      const result = new Map<string, RawConversationRecords>();
      for (const c of conversations) {
        const id = c._id.toHexString();
        result.set(id, {
          conversation: {
            id,
            contactId: c.contact.toHexString(),
            createdAt: c.createdAt,
            status: c.status,
            assignedAgentId: c.assignedAgent?.toHexString() ?? null,
            escalatedAt: c.escalatedAt ?? null,
            escalationReason: c.escalationReason ?? null,
            resolvedAt: c.resolvedAt ?? null,
            rating: typeof c.csat?.score === 'number' ? c.csat.score : null,
          },
          messages: messagesOf.get(id) ?? [],
          tickets: ticketsOf.get(id) ?? 0,
        });
      }
      return result;
    },

    /** Stored signatures and hours of facts, to skip writes that change nothing. */
    async factSignatures(ids: readonly string[]): Promise<Map<string, { signature: string; hour: Date }>> {
      const docs = await facts
        .find({ _id: { $in: ids.map((id) => new ObjectId(id)) } }, { projection: { signature: 1, hour: 1 } })
        .toArray();
      return new Map(docs.map((d) => [d._id.toHexString(), { signature: d.signature, hour: d.hour }]));
    },

    /** `isNew`: no fact was stored for it (read just before), so a plain insert does. */
    async writeFacts(
      entries: readonly { fact: ConversationFact; signature: string; isNew: boolean }[],
      now: Date,
    ) {
      if (entries.length === 0) return;
      const doc = ({ fact, signature }: { fact: ConversationFact; signature: string }): FactDoc => {
        const { id, ...fields } = fact;
        return { _id: new ObjectId(id), ...fields, signature, computedAt: now };
      };
      const inserts = entries.filter((e) => e.isNew).map(doc);
      const operations: AnyBulkWriteOperation<FactDoc>[] = entries
        .filter((e) => !e.isNew)
        .map((entry) => {
          const { _id, ...replacement } = doc(entry);
          return { replaceOne: { filter: { _id }, replacement, upsert: true } };
        });
      if (inserts.length > 0) {
        try {
          await facts.insertMany(inserts, { ordered: false });
        } catch (error) {
          // Another node inserted some of them first: write those as replacements.
          if ((error as { code?: number }).code !== 11000) throw error;
          await facts.bulkWrite(
            inserts.map(({ _id, ...replacement }) => ({
              replaceOne: { filter: { _id }, replacement, upsert: true },
            })),
            { ordered: false },
          );
        }
      }
      if (operations.length > 0) await facts.bulkWrite(operations, { ordered: false });
    },

    async deleteFacts(ids: readonly string[]): Promise<void> {
      if (ids.length === 0) return;
      await facts.deleteMany({ _id: { $in: ids.map((id) => new ObjectId(id)) } });
    },

    async factsInHour(hour: Date): Promise<ConversationFact[]> {
      return (await facts.find({ hour }).toArray()).map(toFact);
    },

    async ticketsInHour(hour: Date): Promise<RawTicket[]> {
      const docs = (await Ticket.collection
        .find(
          { createdAt: { $gte: hour, $lt: new Date(hour.getTime() + HOUR_MS) } },
          { projection: { category: 1, status: 1, priority: 1, createdAt: 1, slaDueAt: 1, history: 1 } },
        )
        .toArray()) as unknown as TicketDoc[];
      return docs.map(rawTicket);
    },

    /** Tickets opened in [start, end), oldest first, with the fields the ticket drill-down shows. */
    async ticketsBetween(
      start: Date,
      end: Date,
      filter: { category?: string; status?: string; priority?: string },
    ): Promise<(RawTicket & { number: string; conversationId: string | null })[]> {
      const query: Record<string, unknown> = { createdAt: { $gte: start, $lt: end } };
      if (filter.category !== undefined) query.category = filter.category;
      if (filter.status !== undefined) query.status = filter.status;
      if (filter.priority !== undefined) query.priority = filter.priority;
      const docs = (await Ticket.collection
        .find(query, {
          projection: {
            number: 1,
            conversation: 1,
            category: 1,
            status: 1,
            priority: 1,
            createdAt: 1,
            slaDueAt: 1,
            history: 1,
          },
        })
        .sort({ createdAt: 1, _id: 1 })
        .toArray()) as unknown as TicketDoc[];
      return docs.map((doc) => ({
        ...rawTicket(doc),
        number: doc.number,
        conversationId: doc.conversation?.toHexString() ?? null,
      }));
    },

    /** Every ticket, for a full rebuild (grouped by creation hour by the caller). */
    async allTickets(): Promise<RawTicket[]> {
      const docs = (await Ticket.collection
        .find(
          {},
          { projection: { category: 1, status: 1, priority: 1, createdAt: 1, slaDueAt: 1, history: 1 } },
        )
        .toArray()) as unknown as TicketDoc[];
      return docs.map(rawTicket);
    },

    /** Writes many rollups and deletes emptied hours in bulk (a full rebuild). */
    async replaceRollups(
      rollupsToWrite: readonly HourRollup[],
      emptied: readonly Date[],
      now: Date,
    ): Promise<void> {
      const operations: AnyBulkWriteOperation<RollupDoc>[] = [
        ...rollupsToWrite.map((rollup) => ({
          replaceOne: {
            filter: { _id: rollup.hour },
            replacement: { ...rollup, computedAt: now, rev: new ObjectId().toHexString() },
            upsert: true,
          },
        })),
        ...emptied.map((hour) => ({ deleteOne: { filter: { _id: hour } } })),
      ];
      for (let i = 0; i < operations.length; i += 500) {
        await rollups.bulkWrite(operations.slice(i, i + 500), { ordered: false });
      }
    },

    async writeRollup(rollup: HourRollup, now: Date): Promise<void> {
      await rollups.replaceOne(
        { _id: rollup.hour },
        { ...rollup, computedAt: now, rev: new ObjectId().toHexString() },
        { upsert: true },
      );
    },

    async deleteRollup(hour: Date): Promise<void> {
      await rollups.deleteOne({ _id: hour });
    },

    /**
     * Rollups of [start, end). Rollups are replaced whole, each write with a new `rev`, so a process keeps the
     * ones it has read and asks only for the revisions (small documents) to find those rewritten since, by any
     * node; a report over a quarter then reads a few kilobytes instead of every hour again.
     */
    async rollupsBetween(start: Date, end: Date): Promise<HourRollup[]> {
      const range = { hour: { $gte: start, $lt: end } };
      const stamps = await rollups.find(range, { projection: { rev: 1 } }).toArray();
      const stale = stamps.filter((s) => cache.get(s._id.getTime())?.rev !== s.rev);
      if (stale.length > 0) {
        const times = stale.map((s) => s._id.getTime());
        const first = new Date(Math.min(...times));
        const last = new Date(Math.max(...times) + 1);
        const wanted = new Set(times);
        for (const doc of await rollups.find({ hour: { $gte: first, $lt: last } }).toArray()) {
          if (wanted.has(doc._id.getTime())) remember(doc);
        }
      }
      return stamps.flatMap((s) => {
        const entry = cache.get(s._id.getTime());
        return entry === undefined ? [] : [entry.rollup];
      });
    },

    /** Conversations changed since an instant (any write sets `updatedAt`): what a sweep rechecks. */
    async conversationsChangedSince(since: Date, limit: number): Promise<{ id: string; updatedAt: Date }[]> {
      const docs = (await Conversation.collection
        .find({ updatedAt: { $gte: since } }, { projection: { updatedAt: 1 } })
        .sort({ updatedAt: 1 })
        .limit(limit)
        .toArray()) as unknown as ConversationDoc[];
      return docs.map((d) => ({ id: d._id.toHexString(), updatedAt: d.updatedAt }));
    },

    /** Creation hours of tickets changed since an instant. */
    async ticketHoursChangedSince(since: Date): Promise<Date[]> {
      const docs = (await Ticket.collection
        .find({ updatedAt: { $gte: since } }, { projection: { createdAt: 1 } })
        .toArray()) as unknown as TicketDoc[];
      return docs.map((d) => new Date(Math.floor(d.createdAt.getTime() / HOUR_MS) * HOUR_MS));
    },

    async ticketHour(ticketId: string): Promise<{ hour: Date; conversationId: string | null } | null> {
      const doc = (await Ticket.collection.findOne(
        { _id: new ObjectId(ticketId) },
        { projection: { createdAt: 1, conversation: 1 } },
      )) as unknown as TicketDoc | null;
      if (doc === null) return null;
      return {
        hour: new Date(Math.floor(doc.createdAt.getTime() / HOUR_MS) * HOUR_MS),
        conversationId: doc.conversation?.toHexString() ?? null,
      };
    },

    /** Every conversation id, in batches (the full rebuild). */
    async *conversationIdBatches(size: number): AsyncGenerator<string[]> {
      let after: ObjectId | null = null;
      for (;;) {
        const filter = after === null ? {} : { _id: { $gt: after } };
        const docs = (await Conversation.collection
          .find(filter, { projection: { _id: 1 } })
          .sort({ _id: 1 })
          .limit(size)
          .toArray()) as unknown as { _id: ObjectId }[];
        if (docs.length === 0) return;
        yield docs.map((d) => d._id.toHexString());
        after = docs.at(-1)!._id;
      }
    },

    /** Facts whose conversation no longer exists (deleted records), in batches of ids. */
    async factIdsAfter(after: string | null, size: number): Promise<string[]> {
      const filter: Filter<FactDoc> = after === null ? {} : { _id: { $gt: new ObjectId(after) } };
      const docs = await facts
        .find(filter, { projection: { _id: 1 } })
        .sort({ _id: 1 })
        .limit(size)
        .toArray();
      return docs.map((d) => d._id.toHexString());
    },

    async distinctFactHours(): Promise<Date[]> {
      return (await facts.distinct('hour')) as Date[];
    },

    async distinctRollupHours(): Promise<Date[]> {
      return (await rollups.distinct('hour')) as Date[];
    },

    async ticketCreationHours(): Promise<Date[]> {
      const docs = (await Ticket.collection
        .find({}, { projection: { createdAt: 1 } })
        .toArray()) as unknown as TicketDoc[];
      return [...new Set(docs.map((d) => Math.floor(d.createdAt.getTime() / HOUR_MS) * HOUR_MS))].map(
        (t) => new Date(t),
      );
    },

    async countFacts(filter: FactFilter): Promise<number> {
      return facts.countDocuments(filter);
    },

    async listFacts(filter: FactFilter, skip: number, limit: number): Promise<ConversationFact[]> {
      const docs = await facts.find(filter).sort({ startedAt: 1, _id: 1 }).skip(skip).limit(limit).toArray();
      return docs.map(toFact);
    },

    /** Facts in start order, streamed (the CSV export). */
    async *streamFacts(filter: FactFilter): AsyncGenerator<ConversationFact> {
      const cursor = facts.find(filter).sort({ startedAt: 1, _id: 1 }).batchSize(1000);
      for await (const doc of cursor) yield toFact(doc);
    },

    /** Staff names for the agent table; demo accounts of the synthetic history carry the marker. */
    async agentDirectory(): Promise<Map<string, { name: string; demo: boolean }>> {
      const docs = await User.collection.find({}, { projection: { name: 1, email: 1 } }).toArray();
      return new Map(
        docs.map((d) => [
          d._id.toHexString(),
          { name: String(d.name), demo: String(d.email).endsWith('@demo.invalid') },
        ]),
      );
    },
  };
}
