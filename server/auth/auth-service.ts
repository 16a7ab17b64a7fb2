import { randomUUID } from 'node:crypto';
import type { RevokedTokenRepository } from '../data/repositories/revoked-tokens.ts';
import type { UserRepository } from '../data/repositories/users.ts';
import type { UserRecord, UserRole } from '../data/records.ts';
import { USER_ROLES } from '../data/records.ts';
import { AppError } from '../shared/errors.ts';
import { ExpiringCache } from './expiring-cache.ts';
import { createHashingQueue, type HashingQueue } from './hashing-queue.ts';
import { LoginThrottle } from './login-throttle.ts';
import { decoyPasswordHash, hashPassword, verifyPassword } from './password.ts';
import { signToken, verifyToken } from './token.ts';

export interface StaffIdentity {
  userId: string;
  /** The user's role now, read from the database (not the role written into the token at login). */
  role: UserRole;
  /** The token's id (`jti`), which logout revokes. */
  tokenId: string;
  /** When the token expires (ms since the epoch). */
  expiresAt: number;
}

export interface LoginResult {
  token: string;
  tokenType: 'Bearer';
  expiresAt: string;
  user: UserRecord;
}

export interface AuthServiceOptions {
  users: UserRepository;
  revokedTokens: RevokedTokenRepository;
  secret: string;
  ttlSeconds: number;
  /**
   * How long the per-request check of a token's user (exists, active, role) and revocation is remembered. A
   * deletion, deactivation, role change or logout made on another node takes effect within this time; on this
   * node, logout and `forgetUser` take effect at once. 0 checks the database on every request.
   */
  checkCacheMs?: number;
  throttle?: LoginThrottle;
  /** Bounds concurrent password hashing (see hashing-queue.ts); defaults to one hash at a time. */
  hashing?: HashingQueue;
  now?: () => number;
  /** Told of each refused login (for /metrics): wrong credentials, throttled, or too many being checked. */
  onLoginRefused?: (reason: LoginRefusal) => void;
}

export type LoginRefusal = 'invalid_credentials' | 'throttled' | 'busy';

export type AuthService = ReturnType<typeof createAuthService>;

type UserState = { role: UserRole; active: boolean } | null;

export function createAuthService(options: AuthServiceOptions) {
  const throttle = options.throttle ?? new LoginThrottle({ now: options.now });
  const hashing = options.hashing ?? createHashingQueue({ concurrency: 1, maxWaiting: 64 });
  const now = options.now ?? Date.now;
  const cacheMs = options.checkCacheMs ?? 5000;
  const userStates = new ExpiringCache<UserState>(cacheMs, 10_000, now);
  const revocations = new ExpiringCache<boolean>(cacheMs, 50_000, now);

  const loadUserState = (userId: string) =>
    userStates.get(userId, async () => {
      const user = await options.users.findById(userId);
      return user === null ? null : { role: user.role, active: user.active };
    });

  const refused = (reason: LoginRefusal) => options.onLoginRefused?.(reason);

  /**
   * The same INVALID_CREDENTIALS, after the same scrypt work, whether the email is unknown, the password wrong
   * or the account deactivated, so the login cannot be used to find out who has an account.
   */
  async function attemptLogin(email: string, password: string, address: string): Promise<LoginResult> {
    const waitMs = throttle.begin(email, address);
    if (waitMs > 0) {
      refused('throttled');
      throw new AppError('RATE_LIMITED', 'Too many failed logins; try again later.', {
        details: { retryAfterSeconds: Math.ceil(waitMs / 1000) },
      });
    }
    let outcome: 'failure' | 'success' | 'error' = 'error';
    let credentials: Awaited<ReturnType<UserRepository['findCredentials']>>;
    try {
      credentials = await options.users.findCredentials(email);
      const valid = await hashing
        .run(async () => verifyPassword(password, credentials?.passwordHash ?? (await decoyPasswordHash())))
        .catch((error: unknown) => {
          // The hashing queue is full: refused before any check.
          if (error instanceof AppError && error.code === 'RATE_LIMITED') refused('busy');
          throw error;
        });
      outcome = credentials !== null && valid && credentials.user.active ? 'success' : 'failure';
    } finally {
      throttle.finish(email, address, outcome);
    }
    if (outcome === 'failure' || credentials === null) {
      refused('invalid_credentials');
      throw new AppError('INVALID_CREDENTIALS');
    }
    const at = now();
    await options.users.recordLogin(credentials.user.id, new Date(at));
    userStates.delete(credentials.user.id);
    const token = signToken(
      { sub: credentials.user.id, role: credentials.user.role, jti: randomUUID() },
      options.secret,
      options.ttlSeconds,
      at,
    );
    return {
      token,
      tokenType: 'Bearer',
      expiresAt: new Date((Math.floor(at / 1000) + options.ttlSeconds) * 1000).toISOString(),
      user: { ...credentials.user, lastLoginAt: new Date(at) },
    };
  }

  return {
    login: attemptLogin,
    /**
     * The one check of a staff token, for every HTTP route and socket namespace that takes one: signature and
     * expiry, not revoked by a logout, and the user still exists, is active, and has a staff role now (the
     * current role is returned, so a demotion takes effect without a new login). INVALID_TOKEN or
     * TOKEN_EXPIRED otherwise; FORBIDDEN for a validly signed token of another kind (a visitor's).
     */
    async authenticate(token: string): Promise<StaffIdentity> {
      const claims = verifyToken(token, options.secret, now());
      if (!(USER_ROLES as readonly string[]).includes(claims.role)) throw new AppError('FORBIDDEN');
      const tokenId = claims.jti;
      if (typeof tokenId !== 'string' || tokenId === '') throw new AppError('INVALID_TOKEN');
      const [revoked, user] = await Promise.all([
        revocations.get(tokenId, () => options.revokedTokens.isRevoked(tokenId)),
        loadUserState(claims.sub),
      ]);
      if (revoked) throw new AppError('INVALID_TOKEN', 'The session has ended; sign in again.');
      if (user === null || !user.active) throw new AppError('INVALID_TOKEN');
      return { userId: claims.sub, role: user.role, tokenId, expiresAt: claims.exp * 1000 };
    },

    /** Ends the session of this token on every node (at once here, within `checkCacheMs` elsewhere). */
    async logout(identity: StaffIdentity): Promise<void> {
      await options.revokedTokens.revoke(identity.tokenId, identity.userId, new Date(identity.expiresAt));
      revocations.set(identity.tokenId, true);
    },

    /** Hashes a new password on the queue logins use (scrypt runs on libuv's pool, beside the journal's fsync). */
    hashPassword(password: string): Promise<string> {
      return hashing.run(() => hashPassword(password));
    },

    /** Whether `password` is the user's current one: changing your own password asks for it. */
    async checkPassword(userId: string, password: string): Promise<boolean> {
      const stored = await options.users.findPasswordHash(userId);
      const valid = await hashing.run(async () =>
        verifyPassword(password, stored ?? (await decoyPasswordHash())),
      );
      return stored !== null && valid;
    },

    /** After changing a user's role or status here: this node sees it at the next request. */
    forgetUser(userId: string): void {
      userStates.delete(userId);
    },
  };
}
