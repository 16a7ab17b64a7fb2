import { Router } from 'express';
import { z } from 'zod';
import type { AuthService } from '../../auth/auth-service.ts';
import { isObjectIdString } from '../../data/ids.ts';
import { TICKET_STATUSES } from '../../data/records.ts';
import type { Repositories } from '../../data/repositories/index.ts';
import { createTicket, updateTicket } from '../../crm/ticket-writes.ts';
import type { EventBus } from '../../events/event-bus.ts';
import { AppError } from '../../shared/errors.ts';
import { requireRole, STAFF } from '../guards.ts';
import { idempotent } from '../idempotency.ts';
import { ticketCreateBody, ticketUpdateBody } from '../schemas/crm.ts';
import { pageQuery, searchText } from '../paging.ts';
import { parseIdParam, parseInput } from '../validation.ts';

export const ticketQuery = pageQuery.extend({
  status: z.enum(TICKET_STATUSES).optional(),
  contact: z
    .string()
    .refine(isObjectIdString, 'expected a contact id (24 hexadecimal characters)')
    .optional(),
  q: searchText.optional(),
});

export function ticketsRouter(auth: AuthService, repositories: Repositories, events?: EventBus): Router {
  const router = Router();
  router.use(requireRole(auth, STAFF));

  router.get('/', async (req, res) => {
    const { page, limit, status, contact, q } = parseInput(ticketQuery, req.query);
    res.json(await repositories.tickets.list({ status, contactId: contact, q }, { page, limit }));
  });

  router.post('/', idempotent(repositories.idempotency), async (req, res) => {
    const input = parseInput(ticketCreateBody, req.body ?? {});
    const ticket = await createTicket({ repositories, events }, req.staff!.userId, input);
    res.status(201).location(`${req.baseUrl}/${ticket.id}`).json(ticket);
  });

  router.patch('/:id', async (req, res) => {
    const id = parseIdParam(req.params.id, 'ticket id');
    const input = parseInput(ticketUpdateBody, req.body ?? {});
    const ticket = await updateTicket({ repositories, events }, req.staff!.userId, id, input);
    if (ticket === null) throw new AppError('NOT_FOUND', 'No such ticket.');
    res.json(ticket);
  });

  router.get('/:id', async (req, res) => {
    const ticket = await repositories.tickets.findById(parseIdParam(req.params.id, 'ticket id'));
    if (ticket === null) throw new AppError('NOT_FOUND', 'No such ticket.');
    res.json(ticket);
  });

  return router;
}
