import type { TicketPriority, TicketRecord, TicketStatus } from '../data/records.ts';
import type { Repositories } from '../data/repositories/index.ts';
import type { EventBus } from '../events/event-bus.ts';
import { AppError } from '../shared/errors.ts';

type Deps = {
  repositories: Pick<Repositories, 'contacts' | 'tickets' | 'users' | 'conversations'>;
  events?: EventBus;
};

export interface TicketInput {
  contactId: string;
  conversationId?: string | null;
  category: string;
  subject: string;
  description?: string | null;
  priority?: TicketPriority;
}

const invalid = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', undefined, { details: { issues: [{ field, message }] } });

/** A ticket opened by staff (or the shop's backend) for a contact; `userId` is recorded as its creator. */
export async function createTicket(deps: Deps, userId: string, input: TicketInput): Promise<TicketRecord> {
  const contact = await deps.repositories.contacts.findById(input.contactId);
  if (contact === null || contact.mergedInto !== null) throw invalid('contactId', 'no such contact');
  if (input.conversationId != null) {
    const conversation = await deps.repositories.conversations.findById(input.conversationId);
    if (conversation === null || conversation.contactId !== contact.id) {
      throw invalid('conversationId', 'no such conversation for this contact');
    }
  }
  const ticket = await deps.repositories.tickets.create({ ...input, actor: `user:${userId}` });
  deps.events?.emit('ticket.created', {
    ticketId: ticket.id,
    number: ticket.number,
    contactId: ticket.contactId,
    ...(ticket.conversationId === null ? {} : { conversationId: ticket.conversationId }),
    category: ticket.category,
    priority: ticket.priority,
  });
  return ticket;
}

export interface TicketUpdateInput {
  status?: TicketStatus;
  priority?: TicketPriority;
  category?: string;
  subject?: string;
  assigneeId?: string | null;
  note?: string;
}

/** Null when there is no such ticket. Each change and the note land in the ticket's history. */
export async function updateTicket(
  deps: Deps,
  userId: string,
  id: string,
  input: TicketUpdateInput,
): Promise<TicketRecord | null> {
  const { note, ...changes } = input;
  if (changes.assigneeId != null) {
    const assignee = await deps.repositories.users.findById(changes.assigneeId);
    if (assignee === null || !assignee.active) throw invalid('assigneeId', 'no such active agent or admin');
  }
  const before = await deps.repositories.tickets.findById(id);
  if (before === null) return null;
  const ticket = await deps.repositories.tickets.update(id, changes, `user:${userId}`, note);
  if (ticket === null) return null;
  const changed = (Object.keys(changes) as (keyof typeof changes)[]).filter(
    (field) => changes[field] !== undefined && before[field] !== ticket[field],
  );
  if (note !== undefined) changed.push('note' as never);
  if (changed.length > 0) {
    const only = changed.length === 1 ? changed[0] : undefined;
    deps.events?.emit('ticket.updated', {
      ticketId: ticket.id,
      number: ticket.number,
      change:
        only === 'status'
          ? 'status_changed'
          : only === 'assigneeId'
            ? 'assigned'
            : (only as string) === 'note'
              ? 'note_added'
              : 'fields_changed',
      fields: changed,
      priority: ticket.priority,
      status: ticket.status,
    });
  }
  return ticket;
}
