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

export interface ConversationPatch {
  status?: ConversationStatus;
  assignedAgentId?: string | null;
  firstResponseAt?: Date | null;
  escalatedAt?: Date | null;
  escalationReason?: string | null;
  resolvedAt?: Date | null;
  csat?: Csat | null;
  failedUnderstandingCount?: number;
  pendingSlot?: PendingSlot | null;
  topic?: ConversationTopic | null;
}

export type ConversationRepository = ReturnType<typeof createConversationRepository>;

function toSet(patch: ConversationPatch): Record<string, unknown> {
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
        { $set: toSet(patch) },
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
        { $set: toSet(patch) },
        { returnDocument: 'after', runValidators: true },
      ).lean<ConversationDoc>();
      return doc === null ? null : toConversation(doc);
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

    /** Conversations in one status, those waiting longest first (the agents' queue). */
    async listByStatus(status: ConversationStatus, limit = 100): Promise<ConversationRecord[]> {
      const docs = await Conversation.find({ status })
        .sort({ updatedAt: 1, _id: 1 })
        .limit(limit)
        .lean<ConversationDoc[]>();
      return docs.map(toConversation);
    },

    /** 1-based place in the waiting queue, by escalation time; null when not waiting. */
    async queuePosition(id: string): Promise<number | null> {
      const conversation = await one({ _id: toObjectId(id, 'conversation id') });
      if (conversation === null || conversation.status !== 'waiting_agent') return null;
      const at = conversation.escalatedAt ?? conversation.updatedAt;
      const ahead = await Conversation.countDocuments({
        status: 'waiting_agent',
        $or: [{ escalatedAt: { $lt: at } }, { escalatedAt: at, _id: { $lt: toObjectId(id) } }],
      });
      return ahead + 1;
    },

    async countOpenForAgent(agentId: string): Promise<number> {
      return Conversation.countDocuments({ assignedAgent: toObjectId(agentId, 'agent id'), status: 'agent' });
    },
  };
}
