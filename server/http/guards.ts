import type { NextFunction, Request, Response } from 'express';
import type { AuthService } from '../auth/auth-service.ts';
import type { UserRole } from '../data/records.ts';
import { AppError } from '../shared/errors.ts';

/**
 * Bearer-token guard: 401 without a valid token (or when its user was deleted or deactivated, or it was
 * logged out), 403 when the user's current role is not among `roles` (visitor tokens, or an agent on an
 * admin route).
 */
export function requireRole(auth: AuthService, roles: readonly UserRole[]) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const header = req.get('authorization');
    const match = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header);
    if (match === null) throw new AppError('UNAUTHENTICATED');
    const identity = await auth.authenticate(match[1]!);
    if (!roles.includes(identity.role)) throw new AppError('FORBIDDEN');
    req.staff = identity;
    next();
  };
}

export const STAFF: readonly UserRole[] = ['agent', 'admin'];
export const ADMINS: readonly UserRole[] = ['admin'];
