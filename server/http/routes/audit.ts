import { Router } from 'express';
import { z } from 'zod';
import type { AuthService } from '../../auth/auth-service.ts';
import type { Repositories } from '../../data/repositories/index.ts';
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
    const { page, limit, targetType, targetId } = parseInput(auditQuery, req.query);
    const target = targetType === undefined ? undefined : { type: targetType, id: targetId ?? null };
    res.json(await repositories.audit.list({ target }, { page, limit }));
  });

  return router;
}
