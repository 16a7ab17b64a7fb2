import { toObjectId } from '../ids.ts';
import { toIntent } from '../mappers.ts';
import type { IntentDoc, IntentRevisionDoc } from '../models/intent.ts';
import type { Models } from '../models/index.ts';
import type { IntentContent, IntentRecord, IntentRevisionRecord } from '../records.ts';
import { AppError } from '../../shared/errors.ts';
import { duplicateAsConflict, isDuplicateKeyError, validationAsAppError } from '../write-errors.ts';

export type IntentKind = IntentRecord['kind'];
export type NewIntent = IntentContent & { kind?: IntentKind };

export type IntentRepository = ReturnType<typeof createIntentRepository>;

const CONTENT_FIELDS = ['name', 'action', 'description', 'examples', 'responses', 'entities'] as const;

export function contentOfIntent(intent: IntentContent): IntentContent {
  const { name, action, description, examples, responses, entities } = intent;
  return { name, action, description, examples, responses, entities };
}

function toRevision(doc: IntentRevisionDoc): IntentRevisionRecord {
  return {
    intentId: doc.intent.toHexString(),
    name: doc.name,
    version: doc.version,
    snapshot: (doc.snapshot as IntentContent | null) ?? null,
    actor: doc.actor ?? null,
    at: doc.at,
  };
}

/**
 * The intent store with optimistic concurrency: every write names the version it was based on and fails with
 * VERSION_CONFLICT (409, `details.currentVersion`) when someone saved in between, so no edit is lost. Each
 * write also keeps the resulting version in `intent_revisions` (written after the intent: without
 * multi-document transactions a crash between the two loses one history entry, never the intent).
 */
export function createIntentRepository({ Intent, IntentRevision }: Models) {
  const record = async (intent: IntentRecord, actor: string | null, deleted = false) => {
    try {
      await IntentRevision.create({
        intent: toObjectId(intent.id, 'intent id'),
        name: intent.name,
        version: intent.version,
        snapshot: deleted ? null : { ...contentOfIntent(intent) },
        actor,
        at: intent.updatedAt,
      });
    } catch (error) {
      // A retried write of the same version already has its entry.
      if (!isDuplicateKeyError(error)) throw error;
    }
  };

  const conflict = async (id: string, expectedVersion: number): Promise<never> => {
    const current = await Intent.findOne({ _id: toObjectId(id, 'intent id') }, { version: 1 }).lean();
    if (current === null) throw new AppError('NOT_FOUND', 'Intent not found.');
    throw new AppError('VERSION_CONFLICT', undefined, {
      details: { currentVersion: current.version, expectedVersion },
    });
  };

  return {
    /** Every intent and the out-of-scope document, by name. */
    async list(): Promise<IntentRecord[]> {
      const docs = await Intent.find({}).sort({ name: 1 }).lean<IntentDoc[]>();
      return docs.map(toIntent);
    },

    async findById(id: string): Promise<IntentRecord | null> {
      const doc = await Intent.findOne({ _id: toObjectId(id, 'intent id') }).lean<IntentDoc>();
      return doc === null ? null : toIntent(doc);
    },

    async findByName(name: string): Promise<IntentRecord | null> {
      const doc = await Intent.findOne({ name }).lean<IntentDoc>();
      return doc === null ? null : toIntent(doc);
    },

    count(): Promise<number> {
      return Intent.countDocuments({});
    },

    async create(input: NewIntent, actor: string | null): Promise<IntentRecord> {
      let intent: IntentRecord;
      try {
        const doc = await Intent.create({ ...input, version: 1, updatedBy: actor });
        intent = toIntent(doc.toObject());
      } catch (error) {
        if (isDuplicateKeyError(error))
          duplicateAsConflict(error, `An intent named "${input.name}" already exists.`);
        return validationAsAppError(error);
      }
      await record(intent, actor);
      return intent;
    },

    /** Applies the changes only if the intent is still at `expectedVersion`; the version then rises by one. */
    async update(
      id: string,
      expectedVersion: number,
      changes: Partial<IntentContent>,
      actor: string | null,
    ): Promise<IntentRecord> {
      const set: Record<string, unknown> = { updatedBy: actor };
      for (const field of CONTENT_FIELDS) if (changes[field] !== undefined) set[field] = changes[field];
      let doc: IntentDoc | null;
      try {
        doc = await Intent.findOneAndUpdate(
          { _id: toObjectId(id, 'intent id'), version: expectedVersion },
          { $set: set, $inc: { version: 1 } },
          { returnDocument: 'after', runValidators: true },
        ).lean<IntentDoc>();
      } catch (error) {
        if (isDuplicateKeyError(error))
          duplicateAsConflict(error, `An intent named "${String(changes.name)}" already exists.`);
        return validationAsAppError(error);
      }
      if (doc === null) return conflict(id, expectedVersion);
      const intent = toIntent(doc);
      await record(intent, actor);
      return intent;
    },

    /** Deletes the intent if it is still at `expectedVersion`; its history stays, ending with a deletion. */
    async remove(id: string, expectedVersion: number, actor: string | null): Promise<void> {
      const doc = await Intent.findOneAndDelete({
        _id: toObjectId(id, 'intent id'),
        version: expectedVersion,
      }).lean<IntentDoc>();
      if (doc === null) return conflict(id, expectedVersion);
      await record({ ...toIntent(doc), version: doc.version + 1, updatedAt: new Date() }, actor, true);
    },

    /** Every saved version, newest first. */
    async history(id: string): Promise<IntentRevisionRecord[]> {
      const docs = await IntentRevision.find({ intent: toObjectId(id, 'intent id') })
        .sort({ version: -1 })
        .lean<IntentRevisionDoc[]>();
      return docs.map(toRevision);
    },

    async revision(id: string, version: number): Promise<IntentRevisionRecord | null> {
      const doc = await IntentRevision.findOne({
        intent: toObjectId(id, 'intent id'),
        version,
      }).lean<IntentRevisionDoc>();
      return doc === null ? null : toRevision(doc);
    },

    /** Changes whenever any intent does. */
    async dataVersion(): Promise<string> {
      const docs = await Intent.find({}, { name: 1, version: 1 }).sort({ name: 1 }).lean<IntentDoc[]>();
      return docs.map((doc) => `${doc.name}@${doc.version}`).join(',');
    },
  };
}
