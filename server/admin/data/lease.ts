import type { AdminModels } from './models.ts';

/**
 * A lease in the database, so one node at a time holds it across all nodes: taken by inserting its document
 * (a second insert fails on the `_id`), renewed by its owner, and taken over only once it has expired (its
 * owner died without releasing it).
 */
export function createLeases({ Lock }: AdminModels, now: () => Date = () => new Date()) {
  return {
    async acquire(name: string, owner: string, ttlMs: number): Promise<boolean> {
      const expiresAt = new Date(now().getTime() + ttlMs);
      try {
        await Lock.create({ _id: name, owner, expiresAt });
        return true;
      } catch (error) {
        if ((error as { code?: number }).code !== 11000) throw error;
      }
      const taken = await Lock.findOneAndUpdate(
        { _id: name, expiresAt: { $lt: now() } },
        { $set: { owner, expiresAt } },
        { returnDocument: 'after' },
      ).lean();
      return taken !== null && taken.owner === owner;
    },
    /** False when the lease was lost (expired and taken by another node). */
    async renew(name: string, owner: string, ttlMs: number): Promise<boolean> {
      const result = await Lock.updateOne(
        { _id: name, owner },
        { $set: { expiresAt: new Date(now().getTime() + ttlMs) } },
      );
      return result.matchedCount === 1;
    },
    /** Who holds the lease and until when (an expired one may still be listed), or null. */
    async holder(name: string): Promise<{ owner: string; expiresAt: Date } | null> {
      const lock = await Lock.findOne({ _id: name }).lean();
      return lock === null ? null : { owner: lock.owner, expiresAt: lock.expiresAt };
    },
    async release(name: string, owner: string): Promise<void> {
      await Lock.deleteOne({ _id: name, owner });
    },
  };
}

export type Leases = ReturnType<typeof createLeases>;
