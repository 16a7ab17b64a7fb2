import type { ContactRecord } from '../data/records.ts';
import type { Repositories } from '../data/repositories/index.ts';
import type { EventBus } from '../events/event-bus.ts';
import { AppError } from '../shared/errors.ts';

export interface ContactInput {
  name?: string | null;
  emails?: string[];
  phones?: string[];
  shopUserId?: string;
  attributes?: Record<string, unknown>;
}

type Deps = { repositories: Pick<Repositories, 'contacts'>; events?: EventBus };

/**
 * The existing contacts holding one of these verified keys (email, phone, shop user id), without repeats.
 * Claims (details typed in a chat) are never looked at: a claim proves nothing and never links records.
 */
export async function contactsHoldingKeys(
  repositories: Pick<Repositories, 'contacts'>,
  input: Pick<ContactInput, 'emails' | 'phones' | 'shopUserId'>,
): Promise<ContactRecord[]> {
  const { contacts } = repositories;
  const found = await Promise.all([
    ...(input.emails ?? []).map((email) => contacts.findByEmail(email)),
    ...(input.phones ?? []).map((phone) => contacts.findByPhone(phone)),
    input.shopUserId === undefined ? null : contacts.findByShopUserId(input.shopUserId),
  ]);
  const byId = new Map<string, ContactRecord>();
  for (const contact of found) if (contact !== null) byId.set(contact.id, contact);
  return [...byId.values()];
}

/**
 * A contact from the shop's records. Its emails and phones are verified keys, so a contact already holding
 * one is the same person: ALREADY_EXISTS names it (`details.contactId`) for the caller to update instead.
 */
export async function createContact(deps: Deps, input: ContactInput): Promise<ContactRecord> {
  const existing = await contactsHoldingKeys(deps.repositories, input);
  if (existing.length > 0) {
    throw new AppError('ALREADY_EXISTS', 'A contact with this email, phone or shop user id already exists.', {
      details: { contactId: existing[0]!.id },
    });
  }
  let contact = await deps.repositories.contacts.create({
    name: input.name ?? null,
    emails: input.emails,
    phones: input.phones,
    attributes: input.attributes,
  });
  if (input.shopUserId !== undefined) {
    contact = (await deps.repositories.contacts.linkShopUser(contact.id, input.shopUserId)) ?? contact;
  }
  deps.events?.emit('contact.created', { contactId: contact.id, source: 'api' });
  return contact;
}

export interface ContactChanges {
  name?: string | null;
  addEmails?: string[];
  addPhones?: string[];
  attributes?: Record<string, unknown>;
}

/** Null when there is no such contact; ALREADY_EXISTS when another contact holds an added email or phone. */
export async function updateContact(
  deps: Deps,
  id: string,
  changes: ContactChanges,
): Promise<ContactRecord | null> {
  const { contacts } = deps.repositories;
  const current = await contacts.findById(id);
  if (current === null || current.mergedInto !== null) return null;
  let contact: ContactRecord | null = current;
  if (changes.name !== undefined || changes.attributes !== undefined) {
    contact = await contacts.update(id, { name: changes.name, attributes: changes.attributes });
  }
  for (const email of changes.addEmails ?? []) contact = await contacts.addEmail(id, email);
  for (const phone of changes.addPhones ?? []) contact = await contacts.addPhone(id, phone);
  const fields = Object.keys(changes).map((key) =>
    key.replace(/^add(\w)/, (_, c: string) => c.toLowerCase()),
  );
  deps.events?.emit('contact.updated', { contactId: id, fields });
  return contact;
}
