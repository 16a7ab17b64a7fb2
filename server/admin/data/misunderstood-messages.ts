import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { toObjectId } from '../../data/ids.ts';
import { isDuplicateKeyError } from '../../data/write-errors.ts';

/**
 * The misunderstood inbox's one collection, `misunderstood_messages`: the model, its indexes and every read and
 * write of it live in this module, so a retention policy (or an export) has one place to cover. A document is a
 * visitor message the bot did not understand, its text already masked (server/admin/pii-mask.ts): the raw
 * message stays in `messages`, under that collection's own retention.
 */

/** Why a message is in the inbox; one message can have several (low confidence and then a fallback). */
export const MISUNDERSTOOD_SOURCES = ['low_confidence', 'out_of_scope', 'fallback', 'correction'] as const;
export type MisunderstoodSource = (typeof MISUNDERSTOOD_SOURCES)[number];

export const MISUNDERSTOOD_STATES = ['open', 'added', 'dismissed'] as const;
export type MisunderstoodState = (typeof MISUNDERSTOOD_STATES)[number];

export interface MisunderstoodResolution {
  kind: 'intent' | 'knowledge' | 'dismissed';
  /** The intent name or the knowledge article id; null for a dismissal. */
  target: string | null;
  by: string | null;
  at: Date;
}

export interface MisunderstoodMessageDoc {
  _id: Types.ObjectId;
  /** The visitor message in `messages` (unique: one inbox entry per message). */
  messageId: Types.ObjectId;
  conversationId: Types.ObjectId;
  /** Masked text: emails, phones, order and ticket numbers are placeholders. Never the raw message. */
  text: string;
  sources: MisunderstoodSource[];
  /** What the model said when the message came in. */
  predicted: { intent: string; confidence: number };
  /** The intent an agent said it should have been (a correction), the default target of "add to intent". */
  suggestedIntent: string | null;
  correctedBy: string | null;
  state: MisunderstoodState;
  resolution: MisunderstoodResolution | null;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<MisunderstoodMessageDoc>(
  {
    messageId: { type: Schema.Types.ObjectId, required: true },
    conversationId: { type: Schema.Types.ObjectId, required: true },
    text: { type: String, required: true, maxlength: 2000 },
    sources: { type: [String], enum: MISUNDERSTOOD_SOURCES, default: [] },
    predicted: {
      intent: { type: String, required: true },
      confidence: { type: Number, required: true },
    },
    suggestedIntent: { type: String, default: null },
    correctedBy: { type: String, default: null },
    state: { type: String, enum: MISUNDERSTOOD_STATES, default: 'open' },
    resolution: { type: Schema.Types.Mixed, default: null },
  },
  { timestamps: true, minimize: false },
);
schema.index({ messageId: 1 }, { unique: true });
schema.index({ state: 1, createdAt: -1 });

export interface MisunderstoodMessage {
  id: string;
  messageId: string;
  conversationId: string;
  text: string;
  sources: MisunderstoodSource[];
  predicted: { intent: string; confidence: number };
  suggestedIntent: string | null;
  state: MisunderstoodState;
  resolution: MisunderstoodResolution | null;
  createdAt: Date;
}

export interface NewMisunderstood {
  messageId: string;
  conversationId: string;
  /** Already masked. */
  text: string;
  source: MisunderstoodSource;
  predicted: { intent: string; confidence: number };
  suggestedIntent?: string;
  correctedBy?: string;
}

export const MISUNDERSTOOD_COLLECTION = 'misunderstood_messages';

const cache = new WeakMap<Connection, Model<MisunderstoodMessageDoc>>();

function modelOf(connection: Connection): Model<MisunderstoodMessageDoc> {
  let model = cache.get(connection);
  if (!model) {
    model = connection.model<MisunderstoodMessageDoc>(
      'MisunderstoodMessage',
      schema,
      MISUNDERSTOOD_COLLECTION,
    );
    cache.set(connection, model);
  }
  return model;
}

const toRecord = (doc: MisunderstoodMessageDoc): MisunderstoodMessage => ({
  id: doc._id.toHexString(),
  messageId: doc.messageId.toHexString(),
  conversationId: doc.conversationId.toHexString(),
  text: doc.text,
  sources: doc.sources,
  predicted: doc.predicted,
  suggestedIntent: doc.suggestedIntent,
  state: doc.state,
  resolution: doc.resolution,
  createdAt: doc.createdAt,
});

export type MisunderstoodMessages = ReturnType<typeof createMisunderstoodMessages>;

export function createMisunderstoodMessages(connection: Connection) {
  const Misunderstood = modelOf(connection);

  /** Adds the source to the message's entry, creating it on the first report (reopening it for a correction). */
  const upsert = async (input: NewMisunderstood) => {
    const set: Partial<MisunderstoodMessageDoc> = {};
    if (input.suggestedIntent !== undefined) {
      set.suggestedIntent = input.suggestedIntent;
      set.correctedBy = input.correctedBy ?? null;
      // An agent's correction is new information: a dismissed entry comes back.
      set.state = 'open';
      set.resolution = null;
    }
    const doc = await Misunderstood.findOneAndUpdate(
      { messageId: toObjectId(input.messageId, 'message id') },
      {
        $addToSet: { sources: input.source },
        $set: set,
        $setOnInsert: {
          conversationId: toObjectId(input.conversationId, 'conversation id'),
          text: input.text,
          predicted: input.predicted,
          ...(input.suggestedIntent === undefined
            ? { suggestedIntent: null, correctedBy: null, state: 'open', resolution: null }
            : {}),
        },
      },
      { upsert: true, returnDocument: 'after' },
    ).lean<MisunderstoodMessageDoc>();
    return toRecord(doc!);
  };

  return {
    async ensureIndexes(): Promise<void> {
      await Misunderstood.createIndexes();
    },

    async record(input: NewMisunderstood): Promise<MisunderstoodMessage> {
      try {
        return await upsert(input);
      } catch (error) {
        // Two reports of one message at once (low confidence and its fallback): the loser of the insert
        // race finds the winner's document on the second try.
        if (!isDuplicateKeyError(error)) throw error;
        return upsert(input);
      }
    },

    /** Open entries, newest first: what the inbox groups. */
    async listOpen(limit: number): Promise<MisunderstoodMessage[]> {
      const docs = await Misunderstood.find({ state: 'open' })
        .sort({ createdAt: -1, _id: -1 })
        .limit(limit)
        .lean<MisunderstoodMessageDoc[]>();
      return docs.map(toRecord);
    },

    async countOpen(): Promise<number> {
      return Misunderstood.countDocuments({ state: 'open' });
    },

    async findOpenByIds(ids: readonly string[]): Promise<MisunderstoodMessage[]> {
      const docs = await Misunderstood.find({
        _id: { $in: ids.map((id) => toObjectId(id, 'inbox entry id')) },
        state: 'open',
      }).lean<MisunderstoodMessageDoc[]>();
      return docs.map(toRecord);
    },

    async findByMessageId(messageId: string): Promise<MisunderstoodMessage | null> {
      const doc = await Misunderstood.findOne({
        messageId: toObjectId(messageId, 'message id'),
      }).lean<MisunderstoodMessageDoc>();
      return doc === null ? null : toRecord(doc);
    },

    /** Closes open entries (only open ones, so two admins acting at once close each entry once). */
    async resolve(ids: readonly string[], resolution: MisunderstoodResolution): Promise<number> {
      const result = await Misunderstood.updateMany(
        { _id: { $in: ids.map((id) => toObjectId(id, 'inbox entry id')) }, state: 'open' },
        { $set: { state: resolution.kind === 'dismissed' ? 'dismissed' : 'added', resolution } },
      );
      return result.modifiedCount;
    },

    /** For privacy requests: the entries of these conversations (a contact's export). */
    async listForConversations(conversationIds: readonly Types.ObjectId[]): Promise<MisunderstoodMessage[]> {
      const docs = await Misunderstood.find({ conversationId: { $in: conversationIds } })
        .sort({ createdAt: 1 })
        .lean<MisunderstoodMessageDoc[]>();
      return docs.map(toRecord);
    },

    /** For privacy requests: removes the entries of these conversations (a contact's erasure). */
    async removeForConversations(conversationIds: readonly Types.ObjectId[]): Promise<number> {
      const result = await Misunderstood.deleteMany({ conversationId: { $in: conversationIds } });
      return result.deletedCount;
    },

    /** For a retention policy: removes entries created before `before`; returns how many. */
    async removeOlderThan(before: Date): Promise<number> {
      const result = await Misunderstood.deleteMany({ createdAt: { $lt: before } });
      return result.deletedCount;
    },
  };
}
