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

    async setPresence(id: string, presence: Presence): Promise<UserRecord | null> {
      const doc = await User.findOneAndUpdate(
        { _id: toObjectId(id, 'user id') },
        { $set: { presence } },
        { returnDocument: 'after', runValidators: true },
      ).lean<UserDoc>();
      return doc === null ? null : toUser(doc);
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
