import type { ClaimKind, ContactRecord } from '../data/records.ts';
import type { ContactRepository } from '../data/repositories/contacts.ts';

export interface ClaimView {
  kind: ClaimKind;
  value: string;
  at: Date;
  conversationId: string | null;
  /** Always false: a detail typed in the chat proves nothing. */
  verified: false;
  /** The contact that holds this detail as verified: the visitor "claims to be" them (unverified). */
  claimsToBe: { contactId: string; name: string | null } | null;
}

export interface ClaimantView {
  contactId: string;
  kind: ClaimKind;
  value: string;
  at: Date;
  conversationId: string | null;
}

/** A contact as staff see it: each claim marked unverified, with whom it matches and who claims this one. */
export interface ContactView extends Omit<ContactRecord, 'claims'> {
  claims: ClaimView[];
  /** Other contacts (visitors) that typed one of this contact's verified emails or phones. */
  claimedBy: ClaimantView[];
}

export async function contactView(contacts: ContactRepository, contact: ContactRecord): Promise<ContactView> {
  const claims = await Promise.all(
    contact.claims.map(async (claim): Promise<ClaimView> => {
      const owner =
        claim.kind === 'email'
          ? await contacts.findByEmail(claim.value)
          : await contacts.findByPhone(claim.value);
      return {
        ...claim,
        verified: false,
        claimsToBe:
          owner !== null && owner.id !== contact.id ? { contactId: owner.id, name: owner.name } : null,
      };
    }),
  );
  const mine = new Set([...contact.emails, ...contact.phones]);
  const claimants = await contacts.findClaimants([...mine], contact.id);
  const claimedBy = claimants.flatMap((claimant) =>
    claimant.claims
      .filter((claim) => mine.has(claim.value))
      .map((claim) => ({ contactId: claimant.id, ...claim })),
  );
  return { ...contact, claims, claimedBy };
}
