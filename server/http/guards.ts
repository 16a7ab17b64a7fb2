import type { NextFunction, Request, Response } from 'express';
import type { AuthService } from '../auth/auth-service.ts';
import type { UserRole } from '../data/records.ts';
import { AppError } from '../shared/errors.ts';
import { staffFromRequest } from './staff-session.ts';

/**
 * Staff guard: a bearer token (scripts) or the console's session cookie (with its CSRF token on unsafe
 * methods, see staff-session.ts). 401 without a valid token (or when its user was deleted or deactivated, or
 * it was logged out), 403 when the user's current role is not among `roles` (visitor tokens, or an agent on
 * an admin route) or a cookie request lacks its CSRF token.
 */
export function requireRole(auth: AuthService, roles: readonly UserRole[]) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const identity = await staffFromRequest(auth, req);
    if (!roles.includes(identity.role)) throw new AppError('FORBIDDEN');
    req.staff = identity;
    next();
  };
}

export const STAFF: readonly UserRole[] = ['agent', 'admin'];
export const ADMINS: readonly UserRole[] = ['admin'];
