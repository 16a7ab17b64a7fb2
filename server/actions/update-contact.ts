import { entityText } from '../conversation/analysis.ts';
import { AppError } from '../shared/errors.ts';
import type { ActionHandler } from './types.ts';

/**
 * Takes an email and/or phone from the message. When the email already belongs to another contact, the
 * visitor is that person: the visitor's current contact is merged into the existing one, which keeps its
 * history, and the conversation follows.
 */
export const updateContact: ActionHandler = async ({
  deps,
  analysis,
  contactId: currentContactId,
  conversation,
}) => {
  const { contacts } = deps.repositories;
  const email = entityText(analysis, 'email');
  const phone = entityText(analysis, 'phone');
  if (!email && !phone) {
    return {
      text: 'Sure. What email address or phone number should we use?',
      pendingSlot: { intent: 'update_contact', slot: 'email' },
      outcome: 'asked_contact',
    };
  }

  let contactId = currentContactId;
  const fields: string[] = [];
  let merged = false;
  if (email) {
    const owner = await contacts.findByEmail(email);
    if (owner && owner.id !== contactId) {
      const result = await deps.chatData.mergeContacts(owner.id, contactId, {
        type: 'visitor',
        id: conversation.visitorId,
      });
      deps.events.emit('contacts.merged', { survivorId: owner.id, mergedId: contactId, moved: result.moved });
      contactId = owner.id;
      merged = true;
    } else if (!owner) {
      await contacts.addEmail(contactId, email);
    }
    fields.push('email');
  }
  if (phone) {
    try {
      await contacts.addPhone(contactId, phone);
      fields.push('phone');
    } catch (error) {
      // Someone else's number: keep the email change, tell the visitor the number was not saved.
      if (!(error instanceof AppError)) throw error;
      deps.events.emit('contact.updated', { contactId, fields });
      return {
        text: `I saved your email, but that phone number can't be added to your profile. Our team can help with that.`,
        pendingSlot: null,
        outcome: 'phone_refused',
      };
    }
  }
  deps.events.emit('contact.updated', { contactId, fields });
  const what = [email ? `email ${email}` : null, phone ? `phone ${phone}` : null]
    .filter(Boolean)
    .join(' and ');
  const text = merged
    ? `Thanks! I've linked this chat to your existing profile with ${what}, so your orders and tickets are all in one place.`
    : `Thanks! I've saved your ${what}.`;
  return { text, pendingSlot: null, outcome: merged ? 'merged' : 'updated' };
};
