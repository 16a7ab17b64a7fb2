import { Router } from 'express';
import { z } from 'zod';
import type { AuthService } from '../../auth/auth-service.ts';
import type { Repositories } from '../../data/repositories/index.ts';
import { AppError } from '../../shared/errors.ts';
import { requireRole, STAFF } from '../guards.ts';
import { parseIdParam, parseInput } from '../validation.ts';

export const messagesQuery = z.object({
  afterSeq: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export function conversationsRouter(auth: AuthService, repositories: Repositories): Router {
  const router = Router();
  router.use(requireRole(auth, STAFF));

  /** Paged by sequence number: pass the last `seq` you have as `afterSeq` to get the next page. */
  router.get('/:id/messages', async (req, res) => {
    const id = parseIdParam(req.params.id, 'conversation id');
    const { afterSeq, limit } = parseInput(messagesQuery, req.query);
    const conversation = await repositories.conversations.findById(id);
    if (conversation === null) throw new AppError('NOT_FOUND', 'No such conversation.');
    const { items, hasMore } = await repositories.messages.listAfterSeq(id, afterSeq, limit);
    res.json({ items, hasMore, nextAfterSeq: items.at(-1)?.seq ?? afterSeq });
  });

  return router;
}
