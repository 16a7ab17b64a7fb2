import type { Types } from 'mongoose';
import { AppError } from '../../shared/errors.ts';
import { toObjectId } from '../ids.ts';
import { MAX_CLAIMS, type ContactDoc } from '../models/contact.ts';
import type { Models } from '../models/index.ts';

export interface MergeResult {
  survivorId: string;
  mergedId: string;
  moved: {
    conversations: number;
    tickets: number;
    orders: number;
    emails: number;
    phones: number;
    visitorIds: number;
    claims: number;
  };
}

/** Who asked for the merge: `{ type: 'user', id }` for staff, `{ type: 'visitor', id }` for a verified identify. */
export interface MergeActor {
  type: string;
  id: string | null;
}

/**
 * Folds contact `mergedId` into `survivorId`: conversations, tickets and orders are re-pointed; verified
 * emails, phones, visitor ids, the shop user id and the claims move over; the merged contact keeps only
 * `mergedInto`. Callers decide whether a merge is allowed (a staff check, a verified identify): this never
 * runs on a claim. The engine has no multi-document transactions, so the audit event is written first and
 * holds everything needed to undo the merge or finish it by hand after a crash midway: every identity that
 * moves and the ids of the re-pointed records.
 */
export async function mergeContacts(
  models: Models,
  survivorId: string,
  mergedId: string,
  actor: MergeActor,
  reason: string,
): Promise<MergeResult> {
  const { Contact, Conversation, Ticket, Order, AuditEvent } = models;
  if (survivorId === mergedId) throw new AppError('CONFLICT', 'A contact cannot be merged into itself.');
  const survivorOid = toObjectId(survivorId, 'contact id');
  const mergedOid = toObjectId(mergedId, 'contact id');
  const [survivor, merged] = await Promise.all([
    Contact.findOne({ _id: survivorOid }).lean<ContactDoc>(),
    Contact.findOne({ _id: mergedOid }).lean<ContactDoc>(),
  ]);
  if (!survivor || !merged) throw new AppError('NOT_FOUND', 'Contact not found.');
  if (survivor.mergedInto || merged.mergedInto) {
    throw new AppError('CONFLICT', 'One of these contacts was already merged into another.');
  }
  if (survivor.shopUserId && merged.shopUserId && survivor.shopUserId !== merged.shopUserId) {
    throw new AppError('CONFLICT', 'These contacts are two different signed-in shop customers.');
  }

  // Ids of the records that move, for the audit event (kept apart from the moves: a record created in
  // between still moves, it is only missing from the list).
  type WithId = { _id: Types.ObjectId }[];
  const hex = (docs: WithId) => docs.map((doc) => doc._id.toHexString());
  const [conversationIds, ticketIds, orderIds] = await Promise.all([
    Conversation.find({ contact: mergedOid }, { _id: 1 }).lean<WithId>().then(hex),
    Ticket.find({ contact: mergedOid }, { _id: 1 }).lean<WithId>().then(hex),
    Order.find({ contact: mergedOid }, { _id: 1 }).lean<WithId>().then(hex),
  ]);
  const claims = merged.claims ?? [];
  await AuditEvent.create({
    actor,
    action: 'contacts.merged',
    target: { type: 'contact', id: survivorId },
    data: {
      reason,
      mergedId,
      emails: merged.emails,
      phones: merged.phones,
      visitorIds: merged.visitorIds,
      shopUserId: merged.shopUserId ?? null,
      claims,
      name: merged.name,
      conversationIds,
      ticketIds,
      orderIds,
    },
    at: new Date(),
  });

  const [conversations, tickets, orders] = await Promise.all([
    Conversation.updateMany({ contact: mergedOid }, { $set: { contact: survivorOid } }),
    Ticket.updateMany({ contact: mergedOid }, { $set: { contact: survivorOid } }),
    Order.updateMany({ contact: mergedOid }, { $set: { contact: survivorOid } }),
  ]);

  // The identities are unique across contacts: release them from the merged contact before adding them to
  // the survivor, or the unique indexes would refuse the survivor's update.
  await Contact.updateOne(
    { _id: mergedOid },
    {
      $set: { emails: [], phones: [], visitorIds: [], shopUserId: null, claims: [], mergedInto: survivorOid },
    },
  );
  const fill: Record<string, unknown> = {};
  if (!survivor.name && merged.name) fill.name = merged.name;
  if (!survivor.shopUserId && merged.shopUserId) fill.shopUserId = merged.shopUserId;
  for (const [key, value] of Object.entries(merged.attributes ?? {})) {
    if (!(key in (survivor.attributes ?? {}))) fill[`attributes.${key}`] = value;
  }
  await Contact.updateOne(
    { _id: survivorOid },
    {
      $addToSet: {
        emails: { $each: merged.emails },
        phones: { $each: merged.phones },
        visitorIds: { $each: merged.visitorIds },
      },
      ...(claims.length > 0 ? { $push: { claims: { $each: claims, $slice: -MAX_CLAIMS } } } : {}),
      ...(Object.keys(fill).length > 0 ? { $set: fill } : {}),
    },
  );

  return {
    survivorId,
    mergedId,
    moved: {
      conversations: conversations.modifiedCount,
      tickets: tickets.modifiedCount,
      orders: orders.modifiedCount,
      emails: merged.emails.length,
      phones: merged.phones.length,
      visitorIds: merged.visitorIds.length,
      claims: claims.length,
    },
  };
}
