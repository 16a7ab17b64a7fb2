import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../shared/errors.ts';

/**
 * Compact HMAC-SHA256 tokens in the JWT layout (header.payload.signature, base64url), so standard tools can
 * read them; only HS256 is produced or accepted, which closes the "alg: none" family of attacks.
 */
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

export interface TokenClaims {
  /** Subject: a user id, or a visitor id for visitor tokens. */
  sub: string;
  /** What the bearer may do: 'agent', 'admin', 'visitor'… checked by the route guards. */
  role: string;
  iat: number;
  exp: number;
  [claim: string]: unknown;
}

function sign(input: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(input).digest();
}

export function signToken(
  claims: { sub: string; role: string } & Record<string, unknown>,
  secret: string,
  ttlSeconds: number,
  now: number = Date.now(),
): string {
  const iat = Math.floor(now / 1000);
  const payload = Buffer.from(JSON.stringify({ ...claims, iat, exp: iat + ttlSeconds })).toString(
    'base64url',
  );
  const body = `${HEADER}.${payload}`;
  return `${body}.${sign(body, secret).toString('base64url')}`;
}

/** Throws INVALID_TOKEN or TOKEN_EXPIRED; returns the claims of a good token. */
export function verifyToken(token: string, secret: string, now: number = Date.now()): TokenClaims {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== HEADER) throw new AppError('INVALID_TOKEN');
  const [header, payload, signature] = parts as [string, string, string];
  const expected = sign(`${header}.${payload}`, secret);
  const actual = Buffer.from(signature, 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    throw new AppError('INVALID_TOKEN');
  }
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new AppError('INVALID_TOKEN');
  }
  if (!isClaims(claims)) throw new AppError('INVALID_TOKEN');
  if (claims.exp * 1000 <= now) throw new AppError('TOKEN_EXPIRED');
  return claims;
}

function isClaims(value: unknown): value is TokenClaims {
  if (typeof value !== 'object' || value === null) return false;
  const claims = value as Record<string, unknown>;
  return (
    typeof claims.sub === 'string' &&
    typeof claims.role === 'string' &&
    Number.isSafeInteger(claims.iat) &&
    Number.isSafeInteger(claims.exp)
  );
}
