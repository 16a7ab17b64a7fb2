import { Router } from 'express';
import { z } from 'zod';
import type { AuthService } from '../../auth/auth-service.ts';
import { passwordWeakness } from '../../auth/password.ts';
import { USER_ROLES } from '../../data/records.ts';
import type { Repositories } from '../../data/repositories/index.ts';
import { AppError } from '../../shared/errors.ts';
import { ADMINS, requireRole } from '../guards.ts';
import { pageQuery } from '../paging.ts';
import { parseIdParam, parseInput } from '../validation.ts';
import { auditAdmin } from './admin-common.ts';

export const usersQuery = pageQuery.extend({ role: z.enum(USER_ROLES).optional() });

const capacity = z.number().int().min(0).max(100);
export const newUserBody = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  name: z.string().trim().min(1).max(200),
  role: z.enum(USER_ROLES),
  capacity: capacity.optional(),
  password: z.string().min(1).max(256),
});
export const userChangesBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    role: z.enum(USER_ROLES),
    capacity,
    active: z.boolean(),
  })
  .partial()
  .strict()
  .refine((changes) => Object.keys(changes).length > 0, 'nothing to change');
export const passwordBody = z.object({ password: z.string().min(1).max(256) });

/** Refuses a weak password with the reason, as `npm run user:create` does. */
export function checkPassword(password: string, email: string, field = 'password'): void {
  const weakness = passwordWeakness(password, email);
  if (weakness !== undefined) {
    throw new AppError('VALIDATION_FAILED', `The password is too weak: ${weakness}.`, {
      details: { issues: [{ field, message: weakness }] },
    });
  }
}

export interface UsersRouterOptions {
  /** Ends a user's sessions at once (this node's cached check, their /agent sockets on every node). */
  endSessions?: (userId: string) => void;
}

/** Staff accounts (the console's Team page): admins only. */
export function usersRouter(
  auth: AuthService,
  repositories: Repositories,
  options: UsersRouterOptions = {},
): Router {
  const router = Router();
  router.use(requireRole(auth, ADMINS));
  const { users, audit } = repositories;
  const userId = (value: unknown) => parseIdParam(value as string, 'user id');

  router.get('/', async (req, res) => {
    const { page, limit, role } = parseInput(usersQuery, req.query);
    res.json(await users.list({ role }, { page, limit }));
  });

  router.post('/', async (req, res) => {
    const input = parseInput(newUserBody, req.body ?? {});
    checkPassword(input.password, input.email);
    const user = await users.create({
      email: input.email,
      name: input.name,
      role: input.role,
      passwordHash: await auth.hashPassword(input.password),
      ...(input.capacity !== undefined ? { capacity: input.capacity } : {}),
    });
    await auditAdmin(audit, req, 'user.create', { type: 'user', id: user.id }, { role: user.role });
    res.status(201).location(`/api/users/${user.id}`).json(user);
  });

  router.get('/:id', async (req, res) => {
    const user = await users.findById(userId(req.params.id));
    if (user === null) throw new AppError('NOT_FOUND', 'No such user.');
    res.json(user);
  });

  router.patch('/:id', async (req, res) => {
    const id = userId(req.params.id);
    const changes = parseInput(userChangesBody, req.body ?? {});
    // An admin who demoted or deactivated themselves could leave the shop without any admin.
    if (id === req.staff!.userId && (changes.active === false || changes.role === 'agent')) {
      throw new AppError('CONFLICT', 'You cannot deactivate or demote your own account; ask another admin.');
    }
    const user = await users.update(id, changes);
    if (user === null) throw new AppError('NOT_FOUND', 'No such user.');
    auth.forgetUser(id);
    if (changes.active === false) options.endSessions?.(id);
    await auditAdmin(
      audit,
      req,
      changes.active === false ? 'user.deactivate' : 'user.update',
      {
        type: 'user',
        id,
      },
      { fields: Object.keys(changes), ...changes },
    );
    res.json(user);
  });

  // An admin sets another user's password (a forgotten one); users change their own at /api/auth/password.
  router.put('/:id/password', async (req, res) => {
    const id = userId(req.params.id);
    const { password } = parseInput(passwordBody, req.body ?? {});
    const user = await users.findById(id);
    if (user === null) throw new AppError('NOT_FOUND', 'No such user.');
    checkPassword(password, user.email);
    await users.setPasswordHash(id, await auth.hashPassword(password));
    await auditAdmin(audit, req, 'user.password_set', { type: 'user', id });
    res.status(204).end();
  });

  return router;
}
