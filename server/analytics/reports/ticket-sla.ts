/** What the ticket reports read of a ticket. */
export interface RawTicket {
  id: string;
  category: string;
  status: string;
  priority: string;
  createdAt: Date;
  slaDueAt: Date | null;
  /** The first history entry written by a person (`user:<id>`) after creation: a note or a change. */
  firstResponseAt: Date | null;
}

export type SlaOutcome = 'met' | 'breached' | 'pending' | 'none';

/**
 * Zendesk's first-reply SLA: met when a person first acted on the ticket at or before its due time; breached
 * when that happened later, or when nobody has acted and the due time has passed; pending while nobody has
 * acted and it is not yet due. Tickets without a due time have no SLA.
 */
export function slaOutcome(ticket: RawTicket, now: Date): SlaOutcome {
  if (ticket.slaDueAt === null) return 'none';
  if (ticket.firstResponseAt !== null) return ticket.firstResponseAt <= ticket.slaDueAt ? 'met' : 'breached';
  return now > ticket.slaDueAt ? 'breached' : 'pending';
}

/** The first history entry by a person after the ticket was opened (its own creation does not count). */
export function firstPersonResponse(
  history: readonly { at: Date; actor: string; action: string }[],
): Date | null {
  let first: Date | null = null;
  for (const entry of history) {
    if (entry.action === 'created' || !entry.actor.startsWith('user:')) continue;
    if (first === null || entry.at < first) first = entry.at;
  }
  return first;
}
