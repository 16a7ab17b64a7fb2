import type { QueryFilter } from 'mongoose';
import { AppError } from '../../shared/errors.ts';
import { toObjectId } from '../ids.ts';
import { toContact } from '../mappers.ts';
import { byKeyList, byShopUserId, MAX_CLAIMS, type ClaimKind, type ContactDoc } from '../models/contact.ts';
import type { Models } from '../models/index.ts';
import { escapeRegExp, normaliseEmail, normaliseList, normalisePhone } from '../normalise.ts';
import type { ContactRecord, Page, PageRequest } from '../records.ts';
import { duplicateAsConflict, isDuplicateKeyError } from '../write-errors.ts';
import { mergeContacts, type MergeActor, type MergeResult } from './contact-merge.ts';

export type { MergeActor, MergeResult } from './contact-merge.ts';
import { DEFAULT_PAGE, skipOf } from './paging.ts';

export interface NewContact {
  name?: string | null;
  emails?: string[];
  phones?: string[];
  visitorIds?: string[];
  attributes?: Record<string, unknown>;
}

export interface ContactFilter {
  email?: string;
  phone?: string;
  /** Free text matched against name, emails and phones. */
  q?: string;
}

const ATTRIBUTE_KEY = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

export type ContactRepository = ReturnType<typeof createContactRepository>;

/** Canonical form of a claimed detail, or null when the text cannot be one. */
export function normaliseClaim(kind: ClaimKind, value: string): string | null {
  return kind === 'email' ? normaliseEmail(value) : normalisePhone(value);
}

export function createContactRepository(models: Models) {
  const { Contact } = models;
  const byFilter = async (filter: QueryFilter<ContactDoc>) => {
    const doc = await Contact.findOne(filter).lean<ContactDoc>();
    return doc === null ? null : toContact(doc);
  };

  return {
    async create(input: NewContact = {}): Promise<ContactRecord> {
      try {
        const doc = await Contact.create({
          name: input.name ?? null,
          emails: input.emails ?? [],
          phones: input.phones ?? [],
          visitorIds: input.visitorIds ?? [],
          attributes: input.attributes ?? {},
        });
        return toContact(doc.toObject());
      } catch (error) {
        return duplicateAsConflict(error, 'A contact with this email, phone or visitor id already exists.');
      }
    },

    /** Bulk creation for imports and the demo seed; runs the same normalisation as `create`. */
    async insertMany(contacts: readonly NewContact[]): Promise<ContactRecord[]> {
      try {
        const docs = await Contact.insertMany(
          contacts.map((contact) => ({
            name: contact.name ?? null,
            emails: normaliseList(contact.emails ?? [], normaliseEmail),
            phones: normaliseList(contact.phones ?? [], normalisePhone),
            visitorIds: [...new Set(contact.visitorIds ?? [])],
            attributes: contact.attributes ?? {},
          })),
          { ordered: true },
        );
        return docs.map((doc) => toContact(doc.toObject()));
      } catch (error) {
        return duplicateAsConflict(error, 'A contact with this email, phone or visitor id already exists.');
      }
    },

    findById(id: string): Promise<ContactRecord | null> {
      return byFilter({ _id: toObjectId(id, 'contact id') });
    },

    /** Null for text that is not an email address, as for an unknown one. */
    findByEmail(email: string): Promise<ContactRecord | null> {
      const normalised = normaliseEmail(email);
      return normalised === null ? Promise.resolve(null) : byFilter(byKeyList('emails', normalised));
    },

    findByPhone(phone: string): Promise<ContactRecord | null> {
      const normalised = normalisePhone(phone);
      return normalised === null ? Promise.resolve(null) : byFilter(byKeyList('phones', normalised));
    },

    /** The contact the shop's customer was linked to by a verified `identify`. */
    findByShopUserId(shopUserId: string): Promise<ContactRecord | null> {
      return byFilter(byShopUserId(shopUserId));
    },

    findByVisitorId(visitorId: string): Promise<ContactRecord | null> {
      return byFilter(byKeyList('visitorIds', visitorId));
    },

    /** The visitor's contact, created on first contact; safe when two tabs connect at once. */
    async findOrCreateByVisitorId(visitorId: string): Promise<ContactRecord> {
      const existing = await byFilter(byKeyList('visitorIds', visitorId));
      if (existing !== null) return existing;
      try {
        const doc = await Contact.create({ visitorIds: [visitorId] });
        return toContact(doc.toObject());
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        const winner = await byFilter(byKeyList('visitorIds', visitorId));
        if (winner === null) throw error;
        return winner;
      }
    },

    /** Newest first; merged-away contacts are left out. Filters combine with AND. */
    async list(filter: ContactFilter = {}, page: PageRequest = DEFAULT_PAGE): Promise<Page<ContactRecord>> {
      const query: QueryFilter<ContactDoc> = { mergedInto: null };
      const and: QueryFilter<ContactDoc>[] = [];
      // Stated as the index's filter too, so the unique index answers (see byKeyList).
      if (filter.email !== undefined)
        Object.assign(
          query,
          byKeyList('emails', normaliseEmail(filter.email) ?? filter.email.trim().toLowerCase()),
        );
      if (filter.phone !== undefined)
        Object.assign(query, byKeyList('phones', normalisePhone(filter.phone) ?? filter.phone.trim()));
      if (filter.q !== undefined && filter.q.trim() !== '') {
        const pattern = new RegExp(escapeRegExp(filter.q.trim()), 'i');
        and.push({ $or: [{ name: pattern }, { emails: pattern }, { phones: pattern }] });
      }
      if (and.length > 0) query.$and = and;
      const [docs, total] = await Promise.all([
        Contact.find(query)
          .sort({ createdAt: -1, _id: -1 })
          .skip(skipOf(page))
          .limit(page.limit)
          .lean<ContactDoc[]>(),
        Contact.countDocuments(query),
      ]);
      return { items: docs.map(toContact), page: page.page, limit: page.limit, total };
    },

    async update(
      id: string,
      patch: { name?: string | null; attributes?: Record<string, unknown> },
    ): Promise<ContactRecord | null> {
      const set: Record<string, unknown> = {};
      if (patch.name !== undefined) set.name = patch.name;
      for (const [key, value] of Object.entries(patch.attributes ?? {})) {
        // Keys become field paths: a dot or a leading $ would write somewhere else.
        if (!ATTRIBUTE_KEY.test(key))
          throw new AppError('VALIDATION_FAILED', `Attribute name "${key}" is not allowed.`);
        set[`attributes.${key}`] = value;
      }
      const doc = await Contact.findOneAndUpdate(
        { _id: toObjectId(id, 'contact id') },
        { $set: set },
        { returnDocument: 'after' },
      ).lean<ContactDoc>();
      return doc === null ? null : toContact(doc);
    },

    addEmail(id: string, email: string): Promise<ContactRecord | null> {
      return addToSet(id, 'emails', normaliseList([email], normaliseEmail), 'email address');
    },

    addPhone(id: string, phone: string): Promise<ContactRecord | null> {
      return addToSet(id, 'phones', normaliseList([phone], normalisePhone), 'phone number');
    },

    addVisitorId(id: string, visitorId: string): Promise<ContactRecord | null> {
      return addToSet(id, 'visitorIds', [visitorId], 'visitor id');
    },

    /**
     * Records an unverified email or phone on this contact only (never on the contact that owns it). Claiming
     * the same detail again refreshes its time and conversation; the oldest claims fall off past MAX_CLAIMS.
     */
    async addClaim(
      id: string,
      claim: { kind: ClaimKind; value: string; conversationId: string | null },
      at: Date = new Date(),
    ): Promise<ContactRecord | null> {
      const value = normaliseClaim(claim.kind, claim.value);
      if (value === null) throw new AppError('VALIDATION_FAILED', `That is not a valid ${claim.kind}.`);
      const _id = toObjectId(id, 'contact id');
      const conversationId =
        claim.conversationId === null ? null : toObjectId(claim.conversationId, 'conversation id');
      const same = { $elemMatch: { kind: claim.kind, value } };
      const refreshed = await Contact.findOneAndUpdate(
        { _id, claims: same },
        // The whole element, not two fields under `claims.$`: the embedded engine (mingo) refuses sibling
        // positional paths that MongoDB accepts.
        { $set: { 'claims.$': { kind: claim.kind, value, at, conversationId } } },
        { returnDocument: 'after' },
      ).lean<ContactDoc>();
      if (refreshed !== null) return toContact(refreshed);
      const doc = await Contact.findOneAndUpdate(
        { _id, claims: { $not: same } },
        {
          $push: {
            claims: { $each: [{ kind: claim.kind, value, at, conversationId }], $slice: -MAX_CLAIMS },
          },
        },
        { returnDocument: 'after' },
      ).lean<ContactDoc>();
      // Null here is an unknown contact, or a concurrent identical claim that already landed.
      return doc === null ? byFilter({ _id }) : toContact(doc);
    },

    /**
     * Links a contact to the shop's customer id after a verified `identify`. Only a contact without one is
     * linked (null otherwise); ALREADY_EXISTS when another contact holds that id.
     */
    async linkShopUser(id: string, shopUserId: string): Promise<ContactRecord | null> {
      try {
        const doc = await Contact.findOneAndUpdate(
          { _id: toObjectId(id, 'contact id'), shopUserId: null, mergedInto: null },
          { $set: { shopUserId } },
          { returnDocument: 'after' },
        ).lean<ContactDoc>();
        return doc === null ? null : toContact(doc);
      } catch (error) {
        return duplicateAsConflict(error, 'Another contact is already linked to this shop customer.');
      }
    },

    /** Contacts (other than `exceptId`) with a claim on one of these normalised details, newest first. */
    async findClaimants(values: readonly string[], exceptId: string, limit = 20): Promise<ContactRecord[]> {
      if (values.length === 0) return [];
      const docs = await Contact.find({
        'claims.value': { $in: [...values] },
        _id: { $ne: toObjectId(exceptId, 'contact id') },
        mergedInto: null,
      })
        .sort({ updatedAt: -1 })
        .limit(limit)
        .lean<ContactDoc[]>();
      return docs.map(toContact);
    },

    /** See contact-merge.ts: only for verified links (identify) and staff after checking. */
    merge(survivorId: string, mergedId: string, actor: MergeActor, reason: string): Promise<MergeResult> {
      return mergeContacts(models, survivorId, mergedId, actor, reason);
    },

    async touch(id: string, at: Date = new Date()): Promise<void> {
      await Contact.updateOne({ _id: toObjectId(id, 'contact id') }, { $set: { lastSeenAt: at } });
    },
  };

  async function addToSet(
    id: string,
    field: 'emails' | 'phones' | 'visitorIds',
    values: string[],
    what: string,
  ): Promise<ContactRecord | null> {
    const [value] = values;
    if (value === undefined) throw new AppError('VALIDATION_FAILED', `That is not a valid ${what}.`);
    try {
      const doc = await Contact.findOneAndUpdate(
        { _id: toObjectId(id, 'contact id') },
        { $addToSet: { [field]: value } },
        { returnDocument: 'after' },
      ).lean<ContactDoc>();
      return doc === null ? null : toContact(doc);
    } catch (error) {
      return duplicateAsConflict(error, `Another contact already has this ${what}.`);
    }
  }
}
