import type { Models } from '../models/index.ts';
import { isDuplicateKeyError } from '../write-errors.ts';

export type MetaRepository = ReturnType<typeof createMetaRepository>;

export function createMetaRepository({ Meta }: Models) {
  return {
    async get(key: string): Promise<unknown> {
      const doc = await Meta.findOne({ _id: key }).lean();
      return doc === null ? undefined : doc.value;
    },

    async set(key: string, value: unknown): Promise<void> {
      await Meta.updateOne({ _id: key }, { $set: { value, updatedAt: new Date() } }, { upsert: true });
    },

    /** Inserts the key only if absent: true for the one caller that created it (a cross-node "first"). */
    async claim(key: string, value: unknown): Promise<boolean> {
      try {
        await Meta.create({ _id: key, value, updatedAt: new Date() });
        return true;
      } catch (error) {
        if (isDuplicateKeyError(error)) return false;
        throw error;
      }
    },
  };
}
