import type { QueryFilter } from 'mongoose';
import { toObjectId } from '../ids.ts';
import { toUser } from '../mappers.ts';
import type { Models } from '../models/index.ts';
import type { Presence, UserDoc, UserRole } from '../models/user.ts';
import type { Page, PageRequest, UserRecord } from '../records.ts';
import { duplicateAsConflict, validationAsAppError } from '../write-errors.ts';
import { DEFAULT_PAGE, skipOf } from './paging.ts';

export interface NewUser {
  email: string;
  name: string;
  /** Already hashed (server/auth/password.ts): the data layer never sees a password. */
  passwordHash: string;
  role: UserRole;
  capacity?: number;
}

export type UserRepository = ReturnType<typeof createUserRepository>;

export function createUserRepository({ User }: Models) {
  const one = async (filter: QueryFilter<UserDoc>) => {
    const doc = await User.findOne(filter).lean<UserDoc>();
    return doc === null ? null : toUser(doc);
  };

  return {
    async create(input: NewUser): Promise<UserRecord> {
      try {
        const doc = await User.create({ ...input, email: input.email.trim().toLowerCase() });
        return toUser(doc.toObject());
      } catch (error) {
        duplicateAsConflict(error, 'A user with this email already exists.');
        return validationAsAppError(error);
      }
    },

    findById(id: string): Promise<UserRecord | null> {
      return one({ _id: toObjectId(id, 'user id') });
    },

    findByEmail(email: string): Promise<UserRecord | null> {
      return one({ email: email.trim().toLowerCase() });
    },

    /** The one read that returns the password hash, for the login check only. */
    async findCredentials(email: string): Promise<{ user: UserRecord; passwordHash: string } | null> {
      const doc = await User.findOne({ email: email.trim().toLowerCase() }).lean<UserDoc>();
      return doc === null ? null : { user: toUser(doc), passwordHash: doc.passwordHash };
    },

    async list(
      filter: { role?: UserRole } = {},
      page: PageRequest = DEFAULT_PAGE,
    ): Promise<Page<UserRecord>> {
      const query: QueryFilter<UserDoc> = filter.role === undefined ? {} : { role: filter.role };
      const [docs, total] = await Promise.all([
        User.find(query).sort({ email: 1 }).skip(skipOf(page)).limit(page.limit).lean<UserDoc[]>(),
        User.countDocuments(query),
      ]);
      return { items: docs.map(toUser), page: page.page, limit: page.limit, total };
    },

    /** Agents and admins who are online and take conversations, in a stable order. */
    async listOnlineAgents(): Promise<UserRecord[]> {
      const docs = await User.find({ presence: 'online', capacity: { $gt: 0 }, active: { $ne: false } })
        .sort({ lastLoginAt: 1, _id: 1 })
        .lean<UserDoc[]>();
      return docs.map(toUser);
    },

    async setPresence(id: string, presence: Presence, at: Date = new Date()): Promise<UserRecord | null> {
      const doc = await User.findOneAndUpdate(
        { _id: toObjectId(id, 'user id') },
        { $set: { presence, presenceSeenAt: at } },
        { returnDocument: 'after', runValidators: true },
      ).lean<UserDoc>();
      return doc === null ? null : toUser(doc);
    },

    /** An admin sets how many conversations the agent takes at once. */
    async setCapacity(id: string, capacity: number): Promise<UserRecord | null> {
      const doc = await User.findOneAndUpdate(
        { _id: toObjectId(id, 'user id') },
        { $set: { capacity } },
        { returnDocument: 'after', runValidators: true },
      ).lean<UserDoc>();
      return doc === null ? null : toUser(doc);
    },

    /** The agents with a socket on this node are alive: one write for all of them. */
    async touchPresence(ids: readonly string[], at: Date = new Date()): Promise<void> {
      if (ids.length === 0) return;
      await User.updateMany(
        { _id: { $in: ids.map((id) => toObjectId(id, 'user id')) } },
        { $set: { presenceSeenAt: at } },
      );
    },

    /**
     * Agents marked online or away whose sockets have not been seen since `before` (on any node) become
     * offline. Returns their ids. Conditional on the same staleness, so a heartbeat in between keeps them.
     */
    async lapsePresence(before: Date): Promise<string[]> {
      const stale = { presence: { $ne: 'offline' as const }, presenceSeenAt: { $lt: before } };
      const docs = await User.find(stale, { _id: 1 }).lean<Pick<UserDoc, '_id'>[]>();
      if (docs.length === 0) return [];
      const ids = docs.map((doc) => doc._id);
      await User.updateMany({ ...stale, _id: { $in: ids } }, { $set: { presence: 'offline' } });
      return ids.map((id) => id.toHexString());
    },

    /**
     * Who gets the next conversation: online staff with a free slot, most free slots first, then the one idle
     * longest (never assigned first). Ordered in memory: the staff list is short and free capacity is a
     * difference of two fields.
     */
    async listRoutable(): Promise<UserRecord[]> {
      const docs = await User.find({
        presence: 'online',
        active: { $ne: false },
        $expr: { $lt: [{ $ifNull: ['$activeCount', 0] }, '$capacity'] },
      }).lean<UserDoc[]>();
      const free = (d: UserDoc) => d.capacity - (d.activeCount ?? 0);
      const idle = (d: UserDoc) => d.lastAssignedAt?.getTime() ?? 0;
      docs.sort((a, b) => free(b) - free(a) || idle(a) - idle(b) || (a._id < b._id ? -1 : 1));
      return docs.map(toUser);
    },

    /**
     * Takes one of the agent's slots if the agent is online (unless `anyPresence`) and below capacity: the
     * condition and the increment are one write, so two nodes routing at once never overfill an agent.
     */
    async reserveSlot(id: string, options: { anyPresence?: boolean; at?: Date } = {}): Promise<boolean> {
      const filter: QueryFilter<UserDoc> = {
        _id: toObjectId(id, 'user id'),
        active: { $ne: false },
        $expr: { $lt: [{ $ifNull: ['$activeCount', 0] }, '$capacity'] },
      };
      if (!options.anyPresence) filter.presence = 'online';
      const result = await User.updateOne(filter, {
        $inc: { activeCount: 1 },
        $set: { lastAssignedAt: options.at ?? new Date() },
      });
      return result.modifiedCount === 1;
    },

    /** Gives a slot back (never below zero). */
    async releaseSlot(id: string): Promise<void> {
      await User.updateOne(
        { _id: toObjectId(id, 'user id'), activeCount: { $gt: 0 } },
        { $inc: { activeCount: -1 } },
      );
    },

    /** Sets the count from the conversations the agent owns, mending any drift (e.g. after a crash). */
    async setActiveCount(id: string, activeCount: number): Promise<void> {
      await User.updateOne({ _id: toObjectId(id, 'user id') }, { $set: { activeCount } });
    },

    /** Deactivating ends every session of the user at the next request (server/auth keeps no token list). */
    async setActive(id: string, active: boolean): Promise<UserRecord | null> {
      const doc = await User.findOneAndUpdate(
        { _id: toObjectId(id, 'user id') },
        { $set: { active } },
        { returnDocument: 'after' },
      ).lean<UserDoc>();
      return doc === null ? null : toUser(doc);
    },

    async setRole(id: string, role: UserRole): Promise<UserRecord | null> {
      const doc = await User.findOneAndUpdate(
        { _id: toObjectId(id, 'user id') },
        { $set: { role } },
        { returnDocument: 'after', runValidators: true },
      ).lean<UserDoc>();
      return doc === null ? null : toUser(doc);
    },

    /** An admin's edit of a staff account (the Team page): only the fields given change. */
    async update(
      id: string,
      changes: { name?: string; role?: UserRole; capacity?: number; active?: boolean },
    ): Promise<UserRecord | null> {
      const doc = await User.findOneAndUpdate(
        { _id: toObjectId(id, 'user id') },
        { $set: changes },
        { returnDocument: 'after', runValidators: true },
      ).lean<UserDoc>();
      return doc === null ? null : toUser(doc);
    },

    /** The one write of a password hash after creation (already hashed: the data layer never sees a password). */
    async setPasswordHash(id: string, passwordHash: string): Promise<boolean> {
      const result = await User.updateOne({ _id: toObjectId(id, 'user id') }, { $set: { passwordHash } });
      return result.matchedCount === 1;
    },

    /** The password hash of one user, for checking their current password before they change it. */
    async findPasswordHash(id: string): Promise<string | null> {
      const doc = await User.findOne({ _id: toObjectId(id, 'user id') }, { passwordHash: 1 }).lean<
        Pick<UserDoc, 'passwordHash'>
      >();
      return doc?.passwordHash ?? null;
    },

    /** True when a user was removed. */
    async remove(id: string): Promise<boolean> {
      const result = await User.deleteOne({ _id: toObjectId(id, 'user id') });
      return result.deletedCount === 1;
    },

    async recordLogin(id: string, at: Date = new Date()): Promise<void> {
      await User.updateOne({ _id: toObjectId(id, 'user id') }, { $set: { lastLoginAt: at } });
    },

    count(): Promise<number> {
      return User.countDocuments({});
    },
  };
}
