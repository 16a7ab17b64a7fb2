import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { AuthService, StaffIdentity } from '../auth/auth-service.ts';
import { AppError } from '../shared/errors.ts';

/**
 * The console's browser session: the same signed staff token the REST API takes as `Bearer`, kept in a cookie
 * the page's scripts cannot read (httpOnly), that browsers send only on requests started by our own site
 * (SameSite=Strict), and only over HTTPS in production (Secure).
 *
 * CSRF: a cookie travels by itself, so every unsafe request (POST, PUT, PATCH, DELETE) that authenticates by
 * the cookie must also carry the header `X-CSRF-Token` with the session's CSRF token, which the console gets in
 * the JSON of `POST`/`GET /api/auth/session` and keeps in memory. This is a custom-header check with a value
 * bound to the session rather than a double-submit cookie, because:
 * - another origin cannot send a custom header without a CORS preflight, and the server's CORS policy does not
 *   list `X-CSRF-Token` as an allowed header, so the browser never sends such a request;
 * - the value is a hash of the session token, so it is stateless (any node checks it, nothing is stored) and a
 *   sibling subdomain that can plant cookies (the weakness of a plain double-submit cookie) cannot forge it;
 * - it changes with every sign-in, and logout ends it with the token.
 * Bearer requests need no CSRF token: browsers never attach an `Authorization` header on their own.
 */
export const SESSION_COOKIE = 'concierge_staff';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The CSRF token of a session: unguessable without the (httpOnly) session token, the same on every node. */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update('concierge-csrf\0').update(sessionToken).digest('base64url');
}

/** `name=value` pairs of a Cookie header (RFC 6265 §5.4); a malformed pair is skipped, never thrown on. */
export function parseCookieHeader(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (header === undefined || header.length > 16_384) return cookies;
  for (const pair of header.split(';')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    const name = pair.slice(0, at).trim();
    let value = pair.slice(at + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    // The first one wins, as in browsers' own ordering (the most specific path comes first).
    if (!cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

/** The session token in a Cookie header, or null when there is none. */
export function sessionTokenFromCookieHeader(header: string | undefined): string | null {
  const token = parseCookieHeader(header).get(SESSION_COOKIE);
  return token === undefined || token === '' ? null : token;
}

/**
 * The staff member behind a Cookie header, for the socket.io handshake of the agent namespace (pass
 * `socket.handshake.headers.cookie`). UNAUTHENTICATED without the cookie; otherwise what `auth.authenticate`
 * says (INVALID_TOKEN, TOKEN_EXPIRED, FORBIDDEN for a visitor's token). A WebSocket handshake needs no CSRF
 * token: socket.io's `allowRequest` already refuses other origins, and SameSite=Strict keeps the cookie off
 * cross-site handshakes.
 */
export async function staffFromCookieHeader(
  auth: AuthService,
  cookieHeader: string | undefined,
): Promise<StaffIdentity> {
  const token = sessionTokenFromCookieHeader(cookieHeader);
  if (token === null) throw new AppError('UNAUTHENTICATED');
  return auth.authenticate(token);
}

/**
 * The staff member behind an HTTP request: the `Authorization: Bearer` header (scripts) when present, else the
 * session cookie (the console), in which case an unsafe method must carry the session's CSRF token.
 */
export async function staffFromRequest(auth: AuthService, req: Request): Promise<StaffIdentity> {
  const header = req.get('authorization');
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (match === null) throw new AppError('UNAUTHENTICATED');
    return auth.authenticate(match[1]!);
  }
  const token = sessionTokenFromCookieHeader(req.get('cookie'));
  if (token === null) throw new AppError('UNAUTHENTICATED');
  const identity = await auth.authenticate(token);
  if (!SAFE_METHODS.has(req.method)) assertCsrf(req, token);
  return identity;
}

function assertCsrf(req: Request, sessionToken: string): void {
  const sent = req.get(CSRF_HEADER);
  const expected = Buffer.from(csrfTokenFor(sessionToken));
  const given = Buffer.from(sent ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AppError('CSRF_REFUSED');
  }
}

export interface CookieOptions {
  /** Secure cookies (HTTPS only): on in production. */
  secure: boolean;
}

/** Sets the session cookie for a freshly signed token that expires at `expiresAt`. */
export function setSessionCookie(res: Response, token: string, expiresAt: Date, options: CookieOptions) {
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: options.secure,
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(res: Response, options: CookieOptions) {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: options.secure, path: '/' });
}
