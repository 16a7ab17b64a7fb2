import { Schema, type Types } from 'mongoose';
import { normaliseEmail, normaliseList, normalisePhone } from '../normalise.ts';

export interface ContactDoc {
  _id: Types.ObjectId;
  name: string | null;
  emails: string[];
  phones: string[];
  visitorIds: string[];
  attributes: Record<string, unknown>;
  lastSeenAt: Date | null;
  /** Set on the contact that was absorbed by a merge; it then holds no emails, phones or visitor ids. */
  mergedInto: Types.ObjectId | null;
  createdAt: Date;
  updatedAt: Date;
}

export const contactSchema = new Schema<ContactDoc>(
  {
    name: { type: String, default: null, trim: true, maxlength: 200 },
    emails: { type: [String], default: [] },
    phones: { type: [String], default: [] },
    visitorIds: { type: [String], default: [] },
    attributes: { type: Schema.Types.Mixed, default: () => ({}) },
    lastSeenAt: { type: Date, default: null },
    mergedInto: { type: Schema.Types.ObjectId, ref: 'Contact', default: null },
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
const nonEmpty = (field: string) => ({
  unique: true,
  partialFilterExpression: { [`${field}.0`]: { $exists: true } },
});
contactSchema.index({ emails: 1 }, nonEmpty('emails'));
contactSchema.index({ phones: 1 }, nonEmpty('phones'));
contactSchema.index({ visitorIds: 1 }, nonEmpty('visitorIds'));
contactSchema.index({ createdAt: -1 });
contactSchema.index({ mergedInto: 1 });
