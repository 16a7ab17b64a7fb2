import { AppError } from '../../shared/errors.ts';
import { toObjectId } from '../ids.ts';
import type { ContactDoc } from '../models/contact.ts';
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
  };
}

export interface MergeActor {
  type: string;
  id: string | null;
}

/**
 * Folds contact `mergedId` into `survivorId`: conversations, tickets and orders are re-pointed, emails, phones
 * and visitor ids move over, and the merged contact keeps only `mergedInto`. The engine has no multi-document
 * transactions, so the audit event (with every identity that moves) is written first: after a crash midway,
 * it holds what is needed to finish the merge by hand.
 */
export async function mergeContacts(
  models: Models,
  survivorId: string,
  mergedId: string,
  actor: MergeActor,
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

  await AuditEvent.create({
    actor,
    action: 'contacts.merged',
    target: { type: 'contact', id: survivorId },
    data: {
      mergedId,
      emails: merged.emails,
      phones: merged.phones,
      visitorIds: merged.visitorIds,
      name: merged.name,
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
    { $set: { emails: [], phones: [], visitorIds: [], mergedInto: survivorOid } },
  );
  const fill: Record<string, unknown> = {};
  if (!survivor.name && merged.name) fill.name = merged.name;
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
    },
  };
}
