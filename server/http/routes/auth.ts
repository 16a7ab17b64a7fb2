import { Router } from 'express';
import { z } from 'zod';
import type { AuthService } from '../../auth/auth-service.ts';
import type { Repositories } from '../../data/repositories/index.ts';
import { AppError } from '../../shared/errors.ts';
import { requireRole, STAFF } from '../guards.ts';
import { parseInput } from '../validation.ts';
import { auditAdmin } from './admin-common.ts';
import { checkPassword } from './users.ts';

export const loginBody = z.object({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(256),
});

export const ownPasswordBody = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});

export function authRouter(auth: AuthService, repositories: Repositories): Router {
  const router = Router();

  router.post('/login', async (req, res) => {
    const { email, password } = parseInput(loginBody, req.body ?? {});
    const result = await auth.login(email, password, req.ip ?? 'unknown');
    // A token must never be kept by a browser or proxy cache.
    res.set('Cache-Control', 'no-store').json(result);
  });

  router.post('/logout', requireRole(auth, STAFF), async (req, res) => {
    await auth.logout(req.staff!);
    res.status(204).end();
  });

  // Every staff member changes their own password here, with their current one (a stolen open session alone
  // cannot lock its owner out).
  router.post('/password', requireRole(auth, STAFF), async (req, res) => {
    const { currentPassword, newPassword } = parseInput(ownPasswordBody, req.body ?? {});
    const { userId } = req.staff!;
    const user = await repositories.users.findById(userId);
    if (user === null) throw new AppError('INVALID_TOKEN');
    if (!(await auth.checkPassword(userId, currentPassword))) {
      throw new AppError('VALIDATION_FAILED', 'The current password is wrong.', {
        details: { issues: [{ field: 'currentPassword', message: 'is wrong' }] },
      });
    }
    checkPassword(newPassword, user.email, 'newPassword');
    await repositories.users.setPasswordHash(userId, await auth.hashPassword(newPassword));
    await auditAdmin(repositories.audit, req, 'user.password_changed', { type: 'user', id: userId });
    res.status(204).end();
  });

  router.get('/me', requireRole(auth, STAFF), async (req, res) => {
    const user = await repositories.users.findById(req.staff!.userId);
    // The token outlived its user (deleted since): the same answer as a bad token.
    if (user === null) throw new AppError('INVALID_TOKEN');
    res.json({ user });
  });

  return router;
}
