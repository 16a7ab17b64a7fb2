import { entityText } from '../conversation/analysis.ts';
import type { TicketRecord } from '../data/records.ts';
import { openTicketsInScope, ticketScope } from './ticket-scope.ts';
import type { ActionHandler } from './types.ts';

const STATUS_WORDS: Record<TicketRecord['status'], string> = {
  open: 'is open and waiting for our team',
  pending: 'is being worked on',
  resolved: 'has been resolved',
  closed: 'is closed',
};

function describe(ticket: TicketRecord): string {
  const last = ticket.history.at(-1);
  const when = (last?.at ?? ticket.updatedAt).toISOString().slice(0, 10);
  return `Ticket ${ticket.number} (${ticket.subject}) ${STATUS_WORDS[ticket.status]}; last update on ${when}.`;
}

/**
 * Reports a ticket named in the message, or the open tickets: of the contact for a verified customer, of the
 * visitor's own conversations otherwise (ticket-scope.ts).
 */
export const ticketStatus: ActionHandler = async (context) => {
  const { deps, analysis, contactId } = context;
  const { tickets } = deps.repositories;
  const mentioned = entityText(analysis, 'ticket_number');
  if (mentioned) {
    const ticket = await tickets.findByNumber(mentioned);
    // A ticket out of scope is reported as unknown: a ticket number is easy to guess.
    if (!ticket || !(await ticketScope(context))(ticket)) {
      return {
        text: `I couldn't find ticket ${mentioned.toUpperCase()} on your account. Could you check the number?`,
        pendingSlot: { intent: 'ticket_status', slot: 'ticket_number' },
        outcome: 'not_found',
      };
    }
    return { text: describe(ticket), ticket, pendingSlot: null, outcome: 'found' };
  }
  const open = await openTicketsInScope(context);
  if (open.length === 0) {
    const inScope = await ticketScope(context);
    const latest = (await tickets.list({ contactId }, { page: 1, limit: 20 })).items.find(inScope);
    if (latest) return { text: describe(latest), ticket: latest, pendingSlot: null, outcome: 'found_latest' };
    return {
      text: "I don't see any ticket on your account. If you have a ticket number (like T-1042), send it to me.",
      pendingSlot: { intent: 'ticket_status', slot: 'ticket_number' },
      outcome: 'asked_ticket_number',
    };
  }
  const [first] = open;
  const text = open.map(describe).join(' ');
  return { text, ...(first ? { ticket: first } : {}), pendingSlot: null, outcome: 'found_open' };
};
