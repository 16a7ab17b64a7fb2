import type { TicketRecord } from '../data/records.ts';
import type { ActionContext } from './types.ts';

type ScopeContext = Pick<ActionContext, 'deps' | 'contactId' | 'conversation' | 'verified'>;

/**
 * Which of the contact's tickets the bot may show or add to: every one for the verified customer; otherwise
 * only those opened in this visitor's own conversations (a token alone may sit on a shared computer, and a
 * contact may hold tickets from the customer's other chats).
 */
export async function ticketScope(context: ScopeContext): Promise<(ticket: TicketRecord) => boolean> {
  const { deps, contactId, conversation, verified } = context;
  if (verified) return (ticket) => ticket.contactId === contactId;
  const own = new Set([conversation.id]);
  if (conversation.visitorId !== null) {
    for (const other of await deps.repositories.conversations.listByContact(contactId)) {
      if (other.visitorId === conversation.visitorId) own.add(other.id);
    }
  }
  return (ticket) =>
    ticket.contactId === contactId && ticket.conversationId !== null && own.has(ticket.conversationId);
}

/** The contact's open and pending tickets within the scope, newest first. */
export async function openTicketsInScope(context: ScopeContext): Promise<TicketRecord[]> {
  const inScope = await ticketScope(context);
  return (await context.deps.repositories.tickets.listOpenByContact(context.contactId)).filter(inScope);
}
