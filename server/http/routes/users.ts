import { Router } from 'express';
import { z } from 'zod';
import type { AuthService } from '../../auth/auth-service.ts';
import { USER_ROLES } from '../../data/records.ts';
import type { Repositories } from '../../data/repositories/index.ts';
import { ADMINS, requireRole } from '../guards.ts';
import { pageQuery } from '../paging.ts';
import { parseInput } from '../validation.ts';

export const usersQuery = pageQuery.extend({ role: z.enum(USER_ROLES).optional() });

/** Staff accounts: admins only. */
export function usersRouter(auth: AuthService, repositories: Repositories): Router {
  const router = Router();
  router.use(requireRole(auth, ADMINS));

  router.get('/', async (req, res) => {
    const { page, limit, role } = parseInput(usersQuery, req.query);
    res.json(await repositories.users.list({ role }, { page, limit }));
  });

  return router;
}
