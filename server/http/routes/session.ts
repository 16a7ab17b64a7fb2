import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AuthService } from '../../auth/auth-service.ts';
import type { Repositories } from '../../data/repositories/index.ts';
import type { UserRecord } from '../../data/records.ts';
import { AppError } from '../../shared/errors.ts';
import {
  clearSessionCookie,
  csrfTokenFor,
  sessionTokenFromCookieHeader,
  setSessionCookie,
  staffFromRequest,
  type CookieOptions,
} from '../staff-session.ts';
import { parseInput } from '../validation.ts';

export const signInBody = z.object({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(256),
});

/** What the console learns about its session; never the token itself, which stays in the httpOnly cookie. */
export interface SessionView {
  user: UserRecord;
  /** Send it as `X-CSRF-Token` on every POST, PUT, PATCH and DELETE. */
  csrfToken: string;
  expiresAt: string;
}

/**
 * /api/auth/session: the console's cookie session (see staff-session.ts for the cookie and CSRF rules).
 * POST signs in (same throttling and answers as /api/auth/login), GET says who is signed in, DELETE signs out.
 */
export function sessionRouter(auth: AuthService, repositories: Repositories, cookies: CookieOptions): Router {
  const router = Router();

  router.post('/', async (req, res) => {
    refuseCrossSite(req);
    const { email, password } = parseInput(signInBody, req.body ?? {});
    const result = await auth.login(email, password, req.ip ?? 'unknown');
    setSessionCookie(res, result.token, new Date(result.expiresAt), cookies);
    const view: SessionView = {
      user: result.user,
      csrfToken: csrfTokenFor(result.token),
      expiresAt: result.expiresAt,
    };
    res.set('Cache-Control', 'no-store').json(view);
  });

  router.get('/', async (req, res) => {
    const token = sessionTokenFromCookieHeader(req.get('cookie'));
    if (token === null || req.get('authorization') !== undefined) {
      // This route describes the cookie session only; scripts with a bearer token use /api/auth/me.
      throw new AppError('UNAUTHENTICATED');
    }
    const identity = await auth.authenticate(token);
    const user = await repositories.users.findById(identity.userId);
    if (user === null) throw new AppError('INVALID_TOKEN');
    const view: SessionView = {
      user,
      csrfToken: csrfTokenFor(token),
      expiresAt: new Date(identity.expiresAt).toISOString(),
    };
    res.set('Cache-Control', 'no-store').json(view);
  });

  router.delete('/', async (req, res) => {
    const token = sessionTokenFromCookieHeader(req.get('cookie'));
    if (token !== null && req.get('authorization') === undefined) {
      // A session that is still valid is revoked (after its CSRF check); a stale cookie is simply cleared.
      const identity = await staffFromRequest(auth, req).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'CSRF_REFUSED') throw error;
        return null;
      });
      if (identity !== null) await auth.logout(identity);
    }
    clearSessionCookie(res, cookies);
    res.status(204).end();
  });

  return router;
}

/**
 * Login CSRF (a page on another site signing the agent into the attacker's account): browsers say where a
 * request comes from in Sec-Fetch-Site; a cross-site sign-in is refused. Older browsers without the header are
 * covered by the JSON body, which a cross-site form cannot send and a cross-site script cannot either without
 * a CORS preflight that the server's policy refuses.
 */
function refuseCrossSite(req: Request): void {
  if (req.get('sec-fetch-site') === 'cross-site') throw new AppError('CSRF_REFUSED');
}
