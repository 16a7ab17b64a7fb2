import { escalateConversation } from '../conversation/handoff.ts';
import { visitorDetails } from '../identity/visitor-details.ts';
import type { ActionHandler, EscalationReason } from './types.ts';

/** The intent's own action (the visitor asked for a person); the policy's other reasons reach it too. */
export function escalateFor(reason: EscalationReason): ActionHandler {
  return async ({ deps, conversation, loadContact, verified }) => {
    const contact = await loadContact();
    const { email } = visitorDetails(contact, conversation.id, verified);
    const outcome = await escalateConversation(deps, conversation, contact, reason, email);
    return {
      text: outcome.text,
      ...(outcome.ticket ? { ticket: outcome.ticket } : {}),
      pendingSlot: outcome.askEmail ? { intent: 'update_contact', slot: 'email' } : null,
      outcome: outcome.queued ? `queued_${reason}` : `no_agent_${reason}`,
    };
  };
}

export const escalate: ActionHandler = escalateFor('requested_human');
