import { Router, type Request } from 'express';
import { z } from 'zod';
import type { HttpRegistration } from '../../app.ts';
import {
  addNote,
  cannedReplies,
  conversationDetail,
  handBack,
  inboxPage,
  listAgents,
  replyAsAgent,
  resolve,
  setPresence,
  takeOver,
  transfer,
  type DeskDeps,
  type Staff,
} from '../../agent/actions.ts';
import { isObjectIdString } from '../../data/ids.ts';
import { TICKET_PRIORITIES } from '../../data/records.ts';
import { AppError } from '../../shared/errors.ts';
import { ADMINS, requireRole, STAFF } from '../guards.ts';
import { parseIdParam, parseInput } from '../validation.ts';

const objectId = z.string().refine(isObjectIdString, 'expected an id (24 hexadecimal characters)');
export const replyBody = z.object({
  text: z.string().max(200_000),
  clientMessageId: z.string().trim().min(1).max(100).optional(),
});
export const noteBody = z.object({ text: z.string().max(200_000) });
export const transferBody = z.object({ agentId: objectId, note: z.string().max(200_000).optional() });
export const presenceBody = z.object({ presence: z.enum(['online', 'away', 'offline']) });
export const capacityBody = z.object({ capacity: z.number().int().min(0).max(100) }).strict();
export const inboxQuery = z.object({
  view: z.enum(['queue', 'mine', 'live', 'resolved']).default('queue'),
  q: z.string().max(200).optional(),
  priority: z.enum(TICKET_PRIORITIES).optional(),
  reason: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
export const cannedQuery = z.object({ conversationId: objectId.optional() });
export const cannedBody = z
  .object({
    shortcut: z
      .string()
      .trim()
      .regex(/^[a-z0-9_-]{1,40}$/i, 'letters, digits, "_" or "-" (at most 40)'),
    title: z.string().trim().min(1).max(200),
    template: z.string().min(1).max(5000),
  })
  .strict();
function staffOf(req: Request): Staff {
  const identity = req.staff!;
  return { userId: identity.userId, role: identity.role };
}

/**
 * The agent actions over REST, each calling the same domain function as the /agent socket event (see
 * docs/api.md). `deps` is read per request: the chat's wiring exists once the gateways are registered.
 */
export function agentDeskRoutes(deps: () => DeskDeps): HttpRegistration {
  return (app, context) => {
    const { auth } = context;
    const staffOnly = requireRole(auth, STAFF);
    const adminsOnly = requireRole(auth, ADMINS);
    const router = Router();
    const id = (req: Request) => parseIdParam(req.params.id, 'conversation id');

    router.get('/inbox', staffOnly, async (req, res) => {
      res.json(await inboxPage(deps(), staffOf(req).userId, parseInput(inboxQuery, req.query)));
    });
    router.get('/conversations/:id', staffOnly, async (req, res) => {
      res.json(await conversationDetail(deps(), staffOf(req).userId, id(req)));
    });
    router.post('/conversations/:id/takeover', staffOnly, async (req, res) => {
      res.json(await takeOver(deps(), staffOf(req).userId, id(req)));
    });
    router.post('/conversations/:id/reply', staffOnly, async (req, res) => {
      const body = parseInput(replyBody, req.body ?? {});
      res
        .status(201)
        .json(await replyAsAgent(deps(), staffOf(req).userId, { conversationId: id(req), ...body }));
    });
    router.post('/conversations/:id/notes', staffOnly, async (req, res) => {
      const body = parseInput(noteBody, req.body ?? {});
      res
        .status(201)
        .json(await addNote(deps(), staffOf(req).userId, { conversationId: id(req), text: body.text }));
    });
    router.post('/conversations/:id/transfer', staffOnly, async (req, res) => {
      const body = parseInput(transferBody, req.body ?? {});
      res.json(
        await transfer(deps(), staffOf(req).userId, {
          conversationId: id(req),
          agentId: body.agentId,
          ...(body.note !== undefined ? { note: body.note } : {}),
        }),
      );
    });
    router.post('/conversations/:id/resolve', staffOnly, async (req, res) => {
      res.json(await resolve(deps(), staffOf(req), id(req)));
    });
    router.post('/conversations/:id/handback', staffOnly, async (req, res) => {
      res.json(await handBack(deps(), staffOf(req), id(req)));
    });

    router.get('/canned-replies', staffOnly, async (req, res) => {
      const { conversationId } = parseInput(cannedQuery, req.query);
      res.json(await cannedReplies(deps(), staffOf(req).userId, conversationId));
    });
    router.post('/canned-replies', adminsOnly, async (req, res) => {
      res.status(201).json(await deps().desk.createCanned(parseInput(cannedBody, req.body ?? {})));
    });
    router.put('/canned-replies/:id', adminsOnly, async (req, res) => {
      const updated = await deps().desk.updateCanned(
        parseIdParam(req.params.id, 'canned reply id'),
        parseInput(cannedBody, req.body ?? {}),
      );
      if (!updated) throw new AppError('NOT_FOUND', 'No such canned reply.');
      res.json(updated);
    });
    router.delete('/canned-replies/:id', adminsOnly, async (req, res) => {
      if (!(await deps().desk.removeCanned(parseIdParam(req.params.id, 'canned reply id')))) {
        throw new AppError('NOT_FOUND', 'No such canned reply.');
      }
      res.status(204).end();
    });

    router.get('/agents', staffOnly, async (_req, res) => {
      res.json(await listAgents(deps()));
    });
    router.put('/agents/me/presence', staffOnly, async (req, res) => {
      const { presence } = parseInput(presenceBody, req.body ?? {});
      res.json(await setPresence(deps(), staffOf(req).userId, presence));
    });
    // Capacity is the admin's call: how many conversations this agent takes at once.
    router.patch('/agents/:id', adminsOnly, async (req, res) => {
      const { capacity } = parseInput(capacityBody, req.body ?? {});
      const user = await deps().repositories.users.setCapacity(
        parseIdParam(req.params.id, 'agent id'),
        capacity,
      );
      if (!user) throw new AppError('NOT_FOUND', 'No such agent.');
      deps().deskNotifier.selfChanged(user.id);
      deps().routing.kick();
      res.json({ id: user.id, name: user.name, capacity: user.capacity, activeCount: user.activeCount });
    });

    app.use('/api', router);
  };
}
