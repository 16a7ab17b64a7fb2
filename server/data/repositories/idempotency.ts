import type { IdempotencyKeyDoc } from '../models/idempotency-key.ts';
import type { Models } from '../models/index.ts';
import { isDuplicateKeyError } from '../write-errors.ts';

export type IdempotencyRepository = ReturnType<typeof createIdempotencyRepository>;

export type IdempotencyClaim =
  | { state: 'new' }
  | { state: 'done'; bodyHash: string; status: number; response: unknown }
  | { state: 'in_progress'; bodyHash: string };

export function createIdempotencyRepository({ IdempotencyKey }: Models) {
  return {
    /**
     * Takes the key for this request, or reports what an earlier request with it did. The unique index on
     * (scope, key) makes two concurrent first requests see one `new` and one `in_progress`.
     */
    async claim(scope: string, key: string, bodyHash: string): Promise<IdempotencyClaim> {
      try {
        await IdempotencyKey.create({ scope, key, bodyHash, status: null, response: null });
        return { state: 'new' };
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      const doc = await IdempotencyKey.findOne({ scope, key }).lean<IdempotencyKeyDoc>();
      // Expired (TTL) between the insert and the read: this request may go ahead.
      if (doc === null) return this.claim(scope, key, bodyHash);
      return doc.status === null
        ? { state: 'in_progress', bodyHash: doc.bodyHash }
        : { state: 'done', bodyHash: doc.bodyHash, status: doc.status, response: doc.response };
    },

    async complete(scope: string, key: string, status: number, response: unknown): Promise<void> {
      await IdempotencyKey.updateOne({ scope, key }, { $set: { status, response } });
    },

    /** The request failed before creating anything: the client may retry with the same key. */
    async release(scope: string, key: string): Promise<void> {
      await IdempotencyKey.deleteOne({ scope, key, status: null });
    },
  };
}
