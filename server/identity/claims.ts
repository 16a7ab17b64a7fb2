import type { ClaimKind } from '../data/records.ts';
import { normaliseClaim } from '../data/repositories/contacts.ts';
import type { Repositories } from '../data/repositories/index.ts';
import type { EventBus } from '../events/event-bus.ts';

export interface ClaimInput {
  /** The visitor's own contact (the conversation's): the only contact a claim is ever written to. */
  contactId: string;
  conversationId: string;
  visitorId: string | null;
  email?: string | undefined;
  phone?: string | undefined;
}

/**
 * Stores an email and/or phone the visitor typed as unverified claims on their own contact, audited. A
 * typed detail proves nothing, so it never links, merges or unlocks anything: whether it matches another
 * contact is shown to staff (contact-view.ts), never acted on here, and never told to the visitor (that
 * would let anyone test which addresses are customers). Returns the kinds that were valid and stored.
 */
export async function recordClaims(
  deps: { repositories: Pick<Repositories, 'contacts' | 'audit'>; events: EventBus },
  input: ClaimInput,
): Promise<ClaimKind[]> {
  const { contacts, audit } = deps.repositories;
  const stored: ClaimKind[] = [];
  for (const [kind, value] of [
    ['email', input.email],
    ['phone', input.phone],
  ] as const) {
    if (value === undefined || normaliseClaim(kind, value) === null) continue;
    await contacts.addClaim(input.contactId, { kind, value, conversationId: input.conversationId });
    stored.push(kind);
  }
  if (stored.length === 0) return stored;
  await audit.record({
    actor: { type: 'visitor', id: input.visitorId },
    action: 'contact.claim_added',
    target: { type: 'contact', id: input.contactId },
    // What changed, not the detail itself: the claim is on the contact, the audit log stays free of PII.
    data: { fields: stored.map((kind) => `claims.${kind}`), conversationId: input.conversationId },
  });
  deps.events.emit('contact.claimed', {
    contactId: input.contactId,
    conversationId: input.conversationId,
    kinds: stored,
  });
  return stored;
}
