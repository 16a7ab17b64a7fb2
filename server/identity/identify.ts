import type { IdentifyPayload } from '../contracts/visitor-events.ts';
import { normaliseEmail } from '../data/normalise.ts';
import type { ContactRecord } from '../data/records.ts';
import type { Repositories } from '../data/repositories/index.ts';
import type { EventBus } from '../events/event-bus.ts';
import { AppError } from '../shared/errors.ts';
import { hashMatches } from './user-hash.ts';

export interface IdentifyDeps {
  repositories: Pick<Repositories, 'contacts' | 'conversations' | 'audit'>;
  events: EventBus;
}

export interface IdentifyOutcome {
  /** The customer's contact: the conversation belongs to it now. */
  contactId: string;
  name: string | null;
  linkedBy: 'shop_user_id' | 'email' | 'new';
  /** The visitor's anonymous contact, when it was merged into the customer's. */
  mergedContactId: string | null;
}

/**
 * The shop's backend vouches for its signed-in customer: `userHash` must be HMAC-SHA256(secret, userId),
 * checked in constant time, before anything is read. Then the visitor is linked to the customer's contact —
 * the one holding this shop user id, else the one holding the email when the shop signed it too (`emailHash`),
 * else the visitor's own contact becomes the customer's — merging the visitor's anonymous contact into it
 * (audited), so the conversation follows. An email sent without its hash is only a claim: the hash binds the
 * user id alone, and anyone can put any address next to their own valid id.
 */
export async function identifyVisitor(
  deps: IdentifyDeps,
  secret: string | undefined,
  visit: { visitorId: string; conversationId: string },
  payload: IdentifyPayload,
): Promise<IdentifyOutcome> {
  if (secret === undefined) throw new AppError('IDENTITY_NOT_CONFIGURED');
  if (!hashMatches(secret, payload.userId, payload.userHash)) throw new AppError('IDENTITY_NOT_VERIFIED');
  let verifiedEmail: string | null = null;
  if (payload.emailHash !== undefined) {
    if (payload.email === undefined || !hashMatches(secret, payload.email, payload.emailHash)) {
      throw new AppError('IDENTITY_NOT_VERIFIED');
    }
    verifiedEmail = normaliseEmail(payload.email);
  }
  try {
    return await link(deps, visit, payload, verifiedEmail);
  } catch (error) {
    // Two first identifies of one customer at once (two devices): the loser finds the winner's link.
    if (!(error instanceof AppError && error.code === 'ALREADY_EXISTS')) throw error;
    return link(deps, visit, payload, verifiedEmail);
  }
}

async function link(
  deps: IdentifyDeps,
  visit: { visitorId: string; conversationId: string },
  payload: IdentifyPayload,
  verifiedEmail: string | null,
): Promise<IdentifyOutcome> {
  const { contacts, conversations, audit } = deps.repositories;
  const conversation = await conversations.findById(visit.conversationId);
  if (!conversation) throw new AppError('NOT_FOUND', 'Conversation not found.');
  const visitorContact = await contacts.findById(conversation.contactId);
  if (!visitorContact) throw new AppError('NOT_FOUND', 'Contact not found.');

  let customer = await contacts.findByShopUserId(payload.userId);
  let linkedBy: IdentifyOutcome['linkedBy'] = 'shop_user_id';
  if (customer === null && verifiedEmail !== null) {
    const byEmail = await contacts.findByEmail(verifiedEmail);
    // A contact already linked to another shop account is that account's, whatever email it shares.
    if (byEmail !== null && byEmail.shopUserId === null) {
      customer = byEmail;
      linkedBy = 'email';
    }
  }

  let mergedContactId: string | null = null;
  if (customer === null || customer.id !== visitorContact.id) {
    // Only an anonymous contact may become, or be folded into, this customer's: a contact that is already
    // someone's (another shop account, a customer record an agent linked) stays theirs.
    if (!isAnonymous(visitorContact)) throw new AppError('IDENTITY_MISMATCH');
    if (customer === null) {
      customer = visitorContact;
      linkedBy = 'new';
    } else {
      const result = await contacts.merge(
        customer.id,
        visitorContact.id,
        { type: 'visitor', id: visit.visitorId },
        'identify',
      );
      mergedContactId = visitorContact.id;
      deps.events.emit('contacts.merged', { ...result, reason: 'identify' });
    }
  }

  const changed = await applyShopDetails(deps, customer, payload, verifiedEmail, visit.conversationId);
  await audit.record({
    actor: { type: 'visitor', id: visit.visitorId },
    action: 'contact.identified',
    target: { type: 'contact', id: customer.id },
    // Field names only: the values are on the contact, and the log stays free of personal data.
    data: { linkedBy, mergedContactId, conversationId: visit.conversationId, changed },
  });
  deps.events.emit('contact.identified', {
    contactId: customer.id,
    conversationId: visit.conversationId,
    linkedBy,
    mergedContactId,
  });
  const current = await contacts.findById(customer.id);
  return { contactId: customer.id, name: current?.name ?? null, linkedBy, mergedContactId };
}

function isAnonymous(contact: ContactRecord): boolean {
  return contact.shopUserId === null && contact.emails.length === 0 && contact.phones.length === 0;
}

/** What the shop says about its customer, onto their contact; returns the names of the fields changed. */
async function applyShopDetails(
  deps: IdentifyDeps,
  customer: ContactRecord,
  payload: IdentifyPayload,
  verifiedEmail: string | null,
  conversationId: string,
): Promise<string[]> {
  const { contacts } = deps.repositories;
  const changed: string[] = [];
  if (customer.shopUserId === null) {
    if ((await contacts.linkShopUser(customer.id, payload.userId)) === null) {
      throw new AppError('CONFLICT', 'The contact changed while it was being linked; try again.');
    }
    changed.push('shopUserId');
  }
  const name = payload.name?.trim();
  if (name && name !== customer.name) {
    await contacts.update(customer.id, { name });
    changed.push('name');
  }
  if (verifiedEmail !== null && !customer.emails.includes(verifiedEmail)) {
    try {
      await contacts.addEmail(customer.id, verifiedEmail);
      changed.push('emails');
    } catch (error) {
      // Another contact holds it (a record linked to another shop account): left for an agent to sort out.
      if (!(error instanceof AppError && error.code === 'ALREADY_EXISTS')) throw error;
      changed.push('emails:held_by_another_contact');
    }
  } else if (verifiedEmail === null && payload.email !== undefined) {
    const claimed = await contacts
      .addClaim(customer.id, { kind: 'email', value: payload.email, conversationId })
      .catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'VALIDATION_FAILED') return null;
        throw error;
      });
    if (claimed !== null) changed.push('claims.email');
  }
  return changed;
}
