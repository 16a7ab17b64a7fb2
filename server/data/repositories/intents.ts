import { toIntent } from '../mappers.ts';
import type { IntentDoc } from '../models/intent.ts';
import type { Models } from '../models/index.ts';
import type { IntentRecord } from '../records.ts';
import { validationAsAppError } from '../write-errors.ts';

export interface IntentData {
  name: string;
  action: string;
  examples: string[];
  responses: string[];
}

export type IntentRepository = ReturnType<typeof createIntentRepository>;

export function createIntentRepository({ Intent }: Models) {
  return {
    async list(): Promise<IntentRecord[]> {
      const docs = await Intent.find({}).sort({ name: 1 }).lean<IntentDoc[]>();
      return docs.map(toIntent);
    },

    async findByName(name: string): Promise<IntentRecord | null> {
      const doc = await Intent.findOne({ name }).lean<IntentDoc>();
      return doc === null ? null : toIntent(doc);
    },

    /** Creates or replaces an intent's data and raises its version, so a saved model can tell it is stale. */
    async save(data: IntentData, updatedBy: string | null): Promise<IntentRecord> {
      try {
        const doc = await Intent.findOneAndUpdate(
          { name: data.name },
          {
            $set: { action: data.action, examples: data.examples, responses: data.responses, updatedBy },
            $inc: { version: 1 },
          },
          { upsert: true, returnDocument: 'after', runValidators: true },
        ).lean<IntentDoc>();
        if (doc === null) throw new Error(`intent ${data.name} was not saved`);
        return toIntent(doc);
      } catch (error) {
        return validationAsAppError(error);
      }
    },

    /** The highest version over all intents changes whenever any intent does. */
    async dataVersion(): Promise<string> {
      const docs = await Intent.find({}, { name: 1, version: 1 }).sort({ name: 1 }).lean<IntentDoc[]>();
      return docs.map((doc) => `${doc.name}@${doc.version}`).join(',');
    },
  };
}
