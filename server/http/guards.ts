import type { NextFunction, Request, Response } from 'express';
import type { AuthService } from '../auth/auth-service.ts';
import type { UserRole } from '../data/records.ts';
import { AppError } from '../shared/errors.ts';

/**
 * Bearer-token guard: 401 without a valid token, 403 when the token's role is not among `roles` (visitor
 * tokens, or an agent on an admin route).
 */
export function requireRole(auth: AuthService, roles: readonly UserRole[]) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const header = req.get('authorization');
    const match = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header);
    if (match === null) throw new AppError('UNAUTHENTICATED');
    const identity = auth.identify(match[1]!);
    if (!roles.includes(identity.role)) throw new AppError('FORBIDDEN');
    req.staff = identity;
    next();
  };
}

export const STAFF: readonly UserRole[] = ['agent', 'admin'];
export const ADMINS: readonly UserRole[] = ['admin'];
