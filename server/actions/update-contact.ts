import { entityText } from '../conversation/analysis.ts';
import { recordClaims } from '../identity/claims.ts';
import type { ActionHandler } from './types.ts';

/**
 * Takes an email and/or phone from the message and keeps them as unverified claims on the visitor's own
 * contact: usable to answer the visitor, shown to agents as unverified. A typed email never links the chat to
 * the contact that owns it (that is `identify`'s job, or an agent's after checking), and the reply is the same
 * whether or not the detail belongs to a customer.
 */
export const updateContact: ActionHandler = async ({ deps, analysis, contactId, conversation }) => {
  const email = entityText(analysis, 'email');
  const phone = entityText(analysis, 'phone');
  if (!email && !phone) {
    return {
      text: 'Sure. What email address or phone number should we use?',
      pendingSlot: { intent: 'update_contact', slot: 'email' },
      outcome: 'asked_contact',
    };
  }
  const stored = await recordClaims(deps, {
    contactId,
    conversationId: conversation.id,
    visitorId: conversation.visitorId,
    email,
    phone,
  });
  if (stored.length === 0) {
    return {
      text: "That doesn't look like an email address or phone number I can use. Could you check it?",
      pendingSlot: { intent: 'update_contact', slot: 'email' },
      outcome: 'invalid_contact',
    };
  }
  const what = [
    stored.includes('email') ? `email ${email}` : null,
    stored.includes('phone') ? `phone ${phone}` : null,
  ]
    .filter(Boolean)
    .join(' and ');
  return { text: `Thanks! I've saved your ${what}.`, pendingSlot: null, outcome: 'claimed' };
};
