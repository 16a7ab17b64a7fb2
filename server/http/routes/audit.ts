import { Router } from 'express';
import { z } from 'zod';
import type { AuthService } from '../../auth/auth-service.ts';
import type { Repositories } from '../../data/repositories/index.ts';
import { isObjectIdString } from '../../data/ids.ts';
import { ADMINS, requireRole } from '../guards.ts';
import { pageQuery } from '../paging.ts';
import { parseInput } from '../validation.ts';

export const auditQuery = pageQuery
  .extend({
    targetType: z
      .string()
      .trim()
      .regex(/^[a-z_]{1,40}$/, 'expected a record type such as "contact"')
      .optional(),
    targetId: z.string().trim().min(1).max(100).optional(),
    actor: z.string().refine(isObjectIdString, 'expected a user id').optional(),
    action: z
      .string()
      .trim()
      .regex(
        /^[a-z_]+(?:\.[a-z_]+)*\.?$/,
        'expected an action such as "user.update", or a family such as "user."',
      )
      .max(80)
      .optional(),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
  })
  .refine((query) => query.from === undefined || query.to === undefined || query.from < query.to, {
    message: 'from must be before to',
    path: ['from'],
  })
  .refine((query) => query.targetId === undefined || query.targetType !== undefined, {
    message: 'targetId needs targetType',
    path: ['targetId'],
  });

/** Who did what to which record: admins only. */
export function auditRouter(auth: AuthService, repositories: Repositories): Router {
  const router = Router();
  router.use(requireRole(auth, ADMINS));

  router.get('/', async (req, res) => {
    const { page, limit, targetType, targetId, actor, action, from, to } = parseInput(auditQuery, req.query);
    const target = targetType === undefined ? undefined : { type: targetType, id: targetId ?? null };
    res.json(
      await repositories.audit.list(
        {
          target,
          ...(actor !== undefined ? { actorId: actor.toLowerCase() } : {}),
          ...(action !== undefined ? { action } : {}),
          ...(from !== undefined ? { from } : {}),
          ...(to !== undefined ? { to } : {}),
        },
        { page, limit },
      ),
    );
  });

  return router;
}
