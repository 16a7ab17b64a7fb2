import type { Collection, Document, OptionalUnlessRequiredId } from 'mongodb';

export type BatchedInsert<T> = (doc: T) => Promise<void>;

/**
 * Inserts requested during one turn of the event loop go out as one `insertMany` (unordered), so under load
 * many conversations share a round trip. A document the unique index refuses fails alone, with its own error.
 */
export function batchedInsert<T extends Document>(collection: Collection<T>): BatchedInsert<T> {
  let pending: Array<{ doc: T; resolve: () => void; reject: (error: unknown) => void }> = [];
  const flush = () => {
    const batch = pending;
    pending = [];
    if (batch.length === 1) {
      const [only] = batch as [(typeof batch)[number]];
      collection.insertOne(only.doc as OptionalUnlessRequiredId<T>).then(() => only.resolve(), only.reject);
      return;
    }
    collection
      .insertMany(
        batch.map((b) => b.doc as OptionalUnlessRequiredId<T>),
        { ordered: false },
      )
      .then(
        () => batch.forEach((b) => b.resolve()),
        (error: unknown) => {
          const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
          const list = (
            Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : []
          ) as Array<{
            index: number;
            code?: number;
          }>;
          if (list.length === 0) {
            batch.forEach((b) => b.reject(error));
            return;
          }
          const failed = new Map(list.map((e) => [e.index, e]));
          batch.forEach((b, index) => {
            const own = failed.get(index);
            if (own) b.reject(own);
            else b.resolve();
          });
        },
      );
  };
  return (doc) =>
    new Promise<void>((resolve, reject) => {
      pending.push({ doc, resolve, reject });
      if (pending.length === 1) setImmediate(flush);
    });
}
