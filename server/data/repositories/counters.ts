import type { Models } from '../models/index.ts';
import { isDuplicateKeyError } from '../write-errors.ts';

export type CounterRepository = ReturnType<typeof createCounterRepository>;

export function createCounterRepository({ Counter }: Models) {
  const started = new Set<string>();
  return {
    /**
     * The next number of a named sequence, `start + 1` the first time. The increment is one atomic $inc, so
     * two nodes never hand out the same number. Creating the counter is a separate upsert because $inc and
     * $setOnInsert cannot both touch `seq`; only plain update operators are used so any MongoDB-compatible
     * server (including the embedded engine) can run it.
     */
    async next(name: string, start = 0): Promise<number> {
      if (!started.has(name)) {
        try {
          await Counter.updateOne({ _id: name }, { $setOnInsert: { seq: start } }, { upsert: true });
        } catch (error) {
          if (!isDuplicateKeyError(error)) throw error;
        }
        started.add(name);
      }
      const doc = await Counter.findOneAndUpdate(
        { _id: name },
        { $inc: { seq: 1 } },
        { returnDocument: 'after' },
      ).lean();
      if (doc === null) throw new Error(`counter ${name} disappeared`);
      return doc.seq;
    },
  };
}
