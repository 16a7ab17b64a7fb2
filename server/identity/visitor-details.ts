import type { ClaimKind, ContactRecord } from '../data/records.ts';

/** How the bot may address and answer the visitor in a conversation. */
export interface VisitorDetails {
  name: string | null;
  /** Where a reply may be sent: verified, else what the visitor typed (we can write to it; it proves nothing). */
  email: string | null;
  phone: string | null;
}

/**
 * The verified customer's own details (a verified one first, then their latest claim). Anyone else gets only
 * what they typed in this conversation: a visitor token may be on a shared computer, and the contact's name,
 * emails and phones are the customer's.
 */
export function visitorDetails(
  contact: ContactRecord,
  conversationId: string,
  verified: boolean,
): VisitorDetails {
  const latestClaim = (kind: ClaimKind) =>
    contact.claims.findLast(
      (claim) => claim.kind === kind && (verified || claim.conversationId === conversationId),
    )?.value ?? null;
  if (verified) {
    return {
      name: contact.name,
      email: contact.emails[0] ?? latestClaim('email'),
      phone: contact.phones[0] ?? latestClaim('phone'),
    };
  }
  return { name: null, email: latestClaim('email'), phone: latestClaim('phone') };
}
