import type { QueryFilter } from 'mongoose';
import { toObjectId } from '../ids.ts';
import { toTicket } from '../mappers.ts';
import type { Models } from '../models/index.ts';
import type { TicketDoc, TicketHistoryEntry, TicketPriority, TicketStatus } from '../models/ticket.ts';
import { escapeRegExp } from '../normalise.ts';
import type { Page, PageRequest, TicketRecord } from '../records.ts';
import { validationAsAppError } from '../write-errors.ts';
import type { CounterRepository } from './counters.ts';
import { DEFAULT_PAGE, skipOf } from './paging.ts';

/** Ticket numbers start after this, so the first ticket is T-1001 and numbers look lived-in. */
const FIRST_TICKET_NUMBER = 1000;

/** Hours until a first answer is due, by priority. */
export const SLA_HOURS: Record<TicketPriority, number> = { urgent: 4, high: 8, normal: 24, low: 72 };

export interface NewTicket {
  contactId: string;
  conversationId?: string | null;
  category: string;
  subject: string;
  description?: string | null;
  priority?: TicketPriority;
  /** Defaults to now + SLA_HOURS[priority]. */
  slaDueAt?: Date | null;
  /** Who opened it, for the history: `user:<id>`, `visitor:<id>`, `bot`, `system`. */
  actor: string;
}

export interface TicketFilter {
  status?: TicketStatus;
  contactId?: string;
  /** Free text matched against number, subject and category. */
  q?: string;
}

export interface TicketChanges {
  status?: TicketStatus;
  priority?: TicketPriority;
  category?: string;
  subject?: string;
  slaDueAt?: Date | null;
  /** A user id, or null to unassign. */
  assigneeId?: string | null;
}

export type TicketRepository = ReturnType<typeof createTicketRepository>;

export function createTicketRepository({ Ticket }: Models, counters: CounterRepository) {
  const one = async (filter: QueryFilter<TicketDoc>) => {
    const doc = await Ticket.findOne(filter).lean<TicketDoc>();
    return doc === null ? null : toTicket(doc);
  };

  return {
    async create(input: NewTicket, now: Date = new Date()): Promise<TicketRecord> {
      const priority = input.priority ?? 'normal';
      const number = `T-${await counters.next('ticket', FIRST_TICKET_NUMBER)}`;
      try {
        const doc = await Ticket.create({
          number,
          contact: toObjectId(input.contactId, 'contact id'),
          conversation:
            input.conversationId == null ? null : toObjectId(input.conversationId, 'conversation id'),
          category: input.category,
          subject: input.subject,
          description: input.description ?? null,
          priority,
          slaDueAt:
            input.slaDueAt === undefined
              ? new Date(now.getTime() + SLA_HOURS[priority] * 3600_000)
              : input.slaDueAt,
          history: [
            { at: now, actor: input.actor, action: 'created', field: null, from: null, to: null, note: null },
          ],
        });
        return toTicket(doc.toObject());
      } catch (error) {
        return validationAsAppError(error);
      }
    },

    findById(id: string): Promise<TicketRecord | null> {
      return one({ _id: toObjectId(id, 'ticket id') });
    },

    findByNumber(number: string): Promise<TicketRecord | null> {
      return one({ number: number.trim().toUpperCase() });
    },

    /** Newest first. */
    async list(filter: TicketFilter = {}, page: PageRequest = DEFAULT_PAGE): Promise<Page<TicketRecord>> {
      const query: QueryFilter<TicketDoc> = {};
      if (filter.status !== undefined) query.status = filter.status;
      if (filter.contactId !== undefined) query.contact = toObjectId(filter.contactId, 'contact id');
      if (filter.q !== undefined && filter.q.trim() !== '') {
        const pattern = new RegExp(escapeRegExp(filter.q.trim()), 'i');
        query.$or = [{ number: pattern }, { subject: pattern }, { category: pattern }];
      }
      const [docs, total] = await Promise.all([
        Ticket.find(query)
          .sort({ createdAt: -1, _id: -1 })
          .skip(skipOf(page))
          .limit(page.limit)
          .lean<TicketDoc[]>(),
        Ticket.countDocuments(query),
      ]);
      return { items: docs.map(toTicket), page: page.page, limit: page.limit, total };
    },

    /** Open and pending tickets of a contact, newest first: where a new complaint is appended. */
    async listOpenByContact(contactId: string): Promise<TicketRecord[]> {
      const docs = await Ticket.find({
        contact: toObjectId(contactId, 'contact id'),
        status: { $in: ['open', 'pending'] },
      })
        .sort({ createdAt: -1 })
        .lean<TicketDoc[]>();
      return docs.map(toTicket);
    },

    /**
     * Appends a note to the history in one write (no read first: a note changes no field, so there is nothing
     * to compare). Null when no ticket has that id; an empty note changes nothing and answers the ticket as is.
     */
    async addNote(
      id: string,
      actor: string,
      note: string,
      now: Date = new Date(),
    ): Promise<TicketRecord | null> {
      const _id = toObjectId(id, 'ticket id');
      if (note.trim() === '') return one({ _id });
      const entry: TicketHistoryEntry = {
        at: now,
        actor,
        action: 'note',
        field: null,
        from: null,
        to: null,
        note,
      };
      try {
        const doc = await Ticket.findOneAndUpdate(
          { _id },
          { $push: { history: entry } },
          { returnDocument: 'after', runValidators: true },
        ).lean<TicketDoc>();
        return doc === null ? null : toTicket(doc);
      } catch (error) {
        return validationAsAppError(error);
      }
    },

    /** Applies the changes that differ from the current values and records each in the history. */
    async update(
      id: string,
      changes: TicketChanges,
      actor: string,
      note?: string,
      now: Date = new Date(),
    ): Promise<TicketRecord | null> {
      const current = await one({ _id: toObjectId(id, 'ticket id') });
      if (current === null) return null;
      const set: Record<string, unknown> = {};
      const history: TicketHistoryEntry[] = [];
      for (const [field, to] of Object.entries(changes) as [keyof TicketChanges, unknown][]) {
        if (to === undefined) continue;
        const from = current[field];
        if (from instanceof Date && to instanceof Date ? from.getTime() === to.getTime() : from === to)
          continue;
        // The record's `assigneeId` is stored as the ObjectId `assignee`.
        if (field === 'assigneeId') set.assignee = to === null ? null : toObjectId(String(to), 'user id');
        else set[field] = to;
        history.push({ at: now, actor, action: 'changed', field, from, to, note: null });
      }
      if (note !== undefined && note.trim() !== '') {
        history.push({ at: now, actor, action: 'note', field: null, from: null, to: null, note });
      }
      if (history.length === 0) return current;
      try {
        const doc = await Ticket.findOneAndUpdate(
          { _id: current.id },
          { $set: set, $push: { history: { $each: history } } },
          { returnDocument: 'after', runValidators: true },
        ).lean<TicketDoc>();
        return doc === null ? null : toTicket(doc);
      } catch (error) {
        return validationAsAppError(error);
      }
    },
  };
}
