import { Schema, type Types } from 'mongoose';
import { normaliseEmail, normaliseList, normalisePhone } from '../normalise.ts';

export const CLAIM_KINDS = ['email', 'phone'] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];

/**
 * An email or phone a visitor typed in the chat: unverified, so it lives apart from the unique `emails` and
 * `phones` (which hold only verified details: the shop's customer records, `identify`, an agent's merge).
 */
export interface ContactClaim {
  kind: ClaimKind;
  /** Normalised as the verified details are, so a claim can be compared with them. */
  value: string;
  at: Date;
  conversationId: Types.ObjectId | null;
}

/** Claims kept per contact, newest last: enough to answer the visitor and for an agent's check. */
export const MAX_CLAIMS = 20;

export interface ContactDoc {
  _id: Types.ObjectId;
  name: string | null;
  emails: string[];
  phones: string[];
  visitorIds: string[];
  /** The shop's own id for this customer, set only by a verified `identify` (or carried by a merge). */
  shopUserId: string | null;
  claims: ContactClaim[];
  attributes: Record<string, unknown>;
  lastSeenAt: Date | null;
  /** Set on the contact that was absorbed by a merge; it then holds no emails, phones or visitor ids. */
  mergedInto: Types.ObjectId | null;
  /** Set when a privacy request erased the contact (docs/privacy.md): its personal fields are empty. */
  erasedAt?: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const claimSchema = new Schema<ContactClaim>(
  {
    kind: { type: String, enum: CLAIM_KINDS, required: true },
    value: { type: String, required: true, maxlength: 254 },
    at: { type: Date, required: true },
    conversationId: { type: Schema.Types.ObjectId, ref: 'Conversation', default: null },
  },
  { _id: false },
);

export const contactSchema = new Schema<ContactDoc>(
  {
    name: { type: String, default: null, trim: true, maxlength: 200 },
    emails: { type: [String], default: [] },
    phones: { type: [String], default: [] },
    visitorIds: { type: [String], default: [] },
    shopUserId: { type: String, default: null, maxlength: 200 },
    claims: { type: [claimSchema], default: [] },
    attributes: { type: Schema.Types.Mixed, default: () => ({}) },
    lastSeenAt: { type: Date, default: null },
    mergedInto: { type: Schema.Types.ObjectId, ref: 'Contact', default: null },
    erasedAt: { type: Date, default: null },
  },
  { timestamps: true, minimize: false },
);

contactSchema.pre('validate', function normaliseContactDetails() {
  this.emails = normaliseList(this.emails, normaliseEmail);
  this.phones = normaliseList(this.phones, normalisePhone);
  this.visitorIds = [...new Set(this.visitorIds)];
});

/*
 * Unique multikey indexes: an array field with no elements is indexed as if it were missing, so without a
 * partial filter every second contact without an email would collide. `'<field>.0': { $exists: true }`
 * selects exactly the contacts whose array has an element, whatever the element's type.
 * Uniqueness holds across contacts; within one contact the pre-validate hook and $addToSet remove duplicates.
 */
type KeyList = 'emails' | 'phones' | 'visitorIds';
const nonEmptyFilter = (field: KeyList) => ({ [`${field}.0`]: { $exists: true } });
const nonEmpty = (field: KeyList) => ({ unique: true, partialFilterExpression: nonEmptyFilter(field) });
contactSchema.index({ emails: 1 }, nonEmpty('emails'));
contactSchema.index({ phones: 1 }, nonEmpty('phones'));
contactSchema.index({ visitorIds: 1 }, nonEmpty('visitorIds'));
// One contact per shop customer; contacts without one (anonymous visitors, imported records) hold null.
const SHOP_USER_FILTER = { shopUserId: { $type: 'string' as const } };
contactSchema.index({ shopUserId: 1 }, { unique: true, partialFilterExpression: SHOP_USER_FILTER });

/*
 * Lookups by a verified key. A partial index serves only a query that states its filter expression (MongoDB's
 * rule, and the embedded engine's), so these repeat it: `{ emails: x }` alone scans every contact.
 */

/** Contacts holding this value (or one of these values) in `emails`, `phones` or `visitorIds`, from the index. */
export function byKeyList(field: KeyList, condition: string | { $in: string[] }) {
  return { [field]: condition, ...nonEmptyFilter(field) };
}

/** The contact linked to this shop customer, from the index. */
export function byShopUserId(shopUserId: string) {
  return { $and: [{ shopUserId }, SHOP_USER_FILTER] };
}
// Who claims to be the owner of a verified detail (the agent's "claimed by" view).
contactSchema.index({ 'claims.value': 1 });
contactSchema.index({ createdAt: -1 });
contactSchema.index({ mergedInto: 1 });
