import type { QueryFilter } from 'mongoose';
import { toObjectId } from '../ids.ts';
import { toConversation } from '../mappers.ts';
import type {
  Channel,
  ConversationDoc,
  ConversationStatus,
  Csat,
  ConversationTopic,
  PendingSlot,
} from '../models/conversation.ts';
import type { Models } from '../models/index.ts';
import type { ConversationRecord } from '../records.ts';

/**
 * What any holder of the repository may change. Status and assignee are not in it: only the ownership module
 * (server/conversation/ownership.ts) changes them, through `changeOwner`, with the state machine's checks.
 */
export interface ConversationPatch {
  firstResponseAt?: Date | null;
  escalatedAt?: Date | null;
  escalationReason?: string | null;
  resolvedAt?: Date | null;
  csat?: Csat | null;
  failedUnderstandingCount?: number;
  pendingSlot?: PendingSlot | null;
  topic?: ConversationTopic | null;
}

/** An owner change as the ownership module writes it. */
export interface OwnershipWrite extends ConversationPatch {
  status: ConversationStatus;
  assignedAgentId?: string | null;
  assignedAt?: Date | null;
}

/** The state an owner change is conditional on: the status, and the assignee when it matters. */
export interface OwnershipExpectation {
  status: ConversationStatus;
  /** undefined: any assignee. */
  assignedAgentId?: string | null;
}

export type InboxQuery =
  { view: 'queue' } | { view: 'mine'; agentId: string } | { view: 'live' } | { view: 'resolved' };

export type ConversationRepository = ReturnType<typeof createConversationRepository>;

const OWNERSHIP_FIELDS = ['status', 'assignedAgentId', 'assignedAgent', 'assignedAt'];

/** A plain patch that tries to write the owner (a cast, a spread of a record) is a bug: refuse it loudly. */
function fieldsSet(patch: ConversationPatch): Record<string, unknown> {
  const smuggled = OWNERSHIP_FIELDS.filter((field) => Object.hasOwn(patch, field));
  if (smuggled.length > 0) {
    throw new Error(`only the ownership module changes ${smuggled.join(', ')} (use changeOwnership)`);
  }
  return { ...patch };
}

function toSet(patch: OwnershipWrite): Record<string, unknown> {
  const { assignedAgentId, ...rest } = patch;
  const set: Record<string, unknown> = { ...rest };
  if (assignedAgentId !== undefined) {
    set.assignedAgent = assignedAgentId === null ? null : toObjectId(assignedAgentId, 'agent id');
  }
  return set;
}

export function createConversationRepository({ Conversation }: Models) {
  const one = async (filter: QueryFilter<ConversationDoc>) => {
    const doc = await Conversation.findOne(filter).lean<ConversationDoc>();
    return doc === null ? null : toConversation(doc);
  };

  return {
    async create(input: {
      contactId: string;
      visitorId?: string | null;
      channel?: Channel;
    }): Promise<ConversationRecord> {
      const doc = await Conversation.create({
        contact: toObjectId(input.contactId, 'contact id'),
        visitorId: input.visitorId ?? null,
        channel: input.channel ?? 'web',
      });
      return toConversation(doc.toObject());
    },

    findById(id: string): Promise<ConversationRecord | null> {
      return one({ _id: toObjectId(id, 'conversation id') });
    },

    /** The visitor's most recently active conversation, whatever its status. */
    async findLatestByVisitorId(visitorId: string): Promise<ConversationRecord | null> {
      const doc = await Conversation.findOne({ visitorId }).sort({ updatedAt: -1 }).lean<ConversationDoc>();
      return doc === null ? null : toConversation(doc);
    },

    async listByContact(contactId: string, limit = 50): Promise<ConversationRecord[]> {
      const docs = await Conversation.find({ contact: toObjectId(contactId, 'contact id') })
        .sort({ updatedAt: -1 })
        .limit(limit)
        .lean<ConversationDoc[]>();
      return docs.map(toConversation);
    },

    /**
     * Reserves `count` message sequence numbers and returns the last one (the first is `last - count + 1`).
     * One $inc on the conversation, so concurrent writers on any node never get the same number.
     */
    async allocateSeq(id: string, count = 1): Promise<number> {
      const doc = await Conversation.findOneAndUpdate(
        { _id: toObjectId(id, 'conversation id') },
        { $inc: { lastSeq: count } },
        { returnDocument: 'after', projection: { lastSeq: 1 } },
      ).lean<Pick<ConversationDoc, 'lastSeq'>>();
      if (doc === null) throw new Error(`conversation ${id} does not exist`);
      return doc.lastSeq;
    },

    async update(id: string, patch: ConversationPatch): Promise<ConversationRecord | null> {
      const doc = await Conversation.findOneAndUpdate(
        { _id: toObjectId(id, 'conversation id') },
        { $set: fieldsSet(patch) },
        { returnDocument: 'after', runValidators: true },
      ).lean<ConversationDoc>();
      return doc === null ? null : toConversation(doc);
    },

    /**
     * Compare-and-set on the status: applies the patch only while the conversation is still in `expected`,
     * so two agents taking the same conversation cannot both win. Null when the status had changed.
     */
    async updateIfStatus(
      id: string,
      expected: ConversationStatus | readonly ConversationStatus[],
      patch: ConversationPatch,
    ): Promise<ConversationRecord | null> {
      const statuses = typeof expected === 'string' ? [expected] : [...expected];
      const doc = await Conversation.findOneAndUpdate(
        { _id: toObjectId(id, 'conversation id'), status: { $in: statuses } },
        { $set: fieldsSet(patch) },
        { returnDocument: 'after', runValidators: true },
      ).lean<ConversationDoc>();
      return doc === null ? null : toConversation(doc);
    },

    /**
     * The one write of a conversation's status and assignee, conditional on the state the caller read (a
     * compare-and-set). Only server/conversation/ownership.ts calls it (test/server/ownership-writes.test.ts
     * checks); null when the conversation changed in the meantime.
     */
    async changeOwner(
      id: string,
      expected: OwnershipExpectation,
      write: OwnershipWrite,
    ): Promise<ConversationRecord | null> {
      const filter: QueryFilter<ConversationDoc> = {
        _id: toObjectId(id, 'conversation id'),
        status: expected.status,
      };
      if (expected.assignedAgentId !== undefined) {
        filter.assignedAgent =
          expected.assignedAgentId === null ? null : toObjectId(expected.assignedAgentId, 'agent id');
      }
      const doc = await Conversation.findOneAndUpdate(
        filter,
        { $set: toSet(write) },
        { returnDocument: 'after', runValidators: true },
      ).lean<ConversationDoc>();
      return doc === null ? null : toConversation(doc);
    },

    /**
     * The agents' queue, longest waiting first, in one query on the { status, escalatedAt, _id } index: the
     * limit applies after the sort, so the longest-waiting never drop out.
     */
    async listWaiting(limit = 100): Promise<ConversationRecord[]> {
      const docs = await Conversation.find({ status: 'waiting_agent' })
        .sort({ escalatedAt: 1, _id: 1 })
        .limit(limit)
        .lean<ConversationDoc[]>();
      return docs.map(toConversation);
    },

    /**
     * The queue's order alone (id, escalation reason), longest waiting first: what every waiting visitor's
     * place is computed from. Projected, because it is read for the whole queue several times a second.
     */
    async listWaitingPlaces(limit: number): Promise<Array<{ id: string; escalationReason: string | null }>> {
      const docs = await Conversation.find({ status: 'waiting_agent' }, { _id: 1, escalationReason: 1 })
        .sort({ escalatedAt: 1, _id: 1 })
        .limit(limit)
        .lean<Pick<ConversationDoc, '_id' | 'escalationReason'>[]>();
      return docs.map((doc) => ({
        id: doc._id.toHexString(),
        escalationReason: doc.escalationReason ?? null,
      }));
    },

    countWaiting(): Promise<number> {
      return Conversation.countDocuments({ status: 'waiting_agent' });
    },

    /** One inbox view: mine and live by latest activity, resolved by resolution time. */
    async listView(query: InboxQuery, limit: number): Promise<ConversationRecord[]> {
      if (query.view === 'queue') return this.listWaiting(limit);
      const filter: QueryFilter<ConversationDoc> =
        query.view === 'mine'
          ? { status: 'agent', assignedAgent: toObjectId(query.agentId, 'agent id') }
          : { status: query.view === 'live' ? 'bot' : 'resolved' };
      const sort: Record<string, 1 | -1> =
        query.view === 'resolved' ? { resolvedAt: -1, _id: -1 } : { updatedAt: -1, _id: -1 };
      const docs = await Conversation.find(filter).sort(sort).limit(limit).lean<ConversationDoc[]>();
      return docs.map(toConversation);
    },

    /** The latest pick-ups since `since`, newest first: when, and how long the visitor had waited. */
    async recentPickups(since: Date, limit = 50): Promise<Array<{ at: Date; waitMs: number }>> {
      const docs = await Conversation.find(
        { assignedAt: { $gte: since }, escalatedAt: { $ne: null } },
        { assignedAt: 1, escalatedAt: 1 },
      )
        .sort({ assignedAt: -1 })
        .limit(limit)
        .lean<Pick<ConversationDoc, 'assignedAt' | 'escalatedAt'>[]>();
      return docs.flatMap((d) =>
        d.assignedAt && d.escalatedAt && d.assignedAt >= d.escalatedAt
          ? [{ at: d.assignedAt, waitMs: d.assignedAt.getTime() - d.escalatedAt.getTime() }]
          : [],
      );
    },

    /** Returns the new count; the escalation policy reads it. */
    async incrementFailedUnderstanding(id: string): Promise<number> {
      const doc = await Conversation.findOneAndUpdate(
        { _id: toObjectId(id, 'conversation id') },
        { $inc: { failedUnderstandingCount: 1 } },
        { returnDocument: 'after', projection: { failedUnderstandingCount: 1 } },
      ).lean<Pick<ConversationDoc, 'failedUnderstandingCount'>>();
      if (doc === null) throw new Error(`conversation ${id} does not exist`);
      return doc.failedUnderstandingCount;
    },

    /** Conversations in one status, least recently active first. */
    async listByStatus(status: ConversationStatus, limit = 100): Promise<ConversationRecord[]> {
      const docs = await Conversation.find({ status })
        .sort({ updatedAt: 1, _id: 1 })
        .limit(limit)
        .lean<ConversationDoc[]>();
      return docs.map(toConversation);
    },

    /**
     * 1-based place in the waiting queue, by escalation time; null when not waiting. Given the record the
     * caller already holds (just written by an owner change), it costs one count instead of a read and a count.
     */
    async queuePosition(conversationOrId: string | ConversationRecord): Promise<number | null> {
      const conversation =
        typeof conversationOrId === 'string'
          ? await one({ _id: toObjectId(conversationOrId, 'conversation id') })
          : conversationOrId;
      if (conversation === null || conversation.status !== 'waiting_agent') return null;
      const at = conversation.escalatedAt ?? conversation.updatedAt;
      const ahead = await Conversation.countDocuments({
        status: 'waiting_agent',
        $or: [
          { escalatedAt: { $lt: at } },
          { escalatedAt: at, _id: { $lt: toObjectId(conversation.id, 'conversation id') } },
        ],
      });
      return ahead + 1;
    },

    async countOpenForAgent(agentId: string): Promise<number> {
      return Conversation.countDocuments({ assignedAgent: toObjectId(agentId, 'agent id'), status: 'agent' });
    },
  };
}
