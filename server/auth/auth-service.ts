import type { UserRepository } from '../data/repositories/users.ts';
import type { UserRecord, UserRole } from '../data/records.ts';
import { USER_ROLES } from '../data/records.ts';
import { AppError } from '../shared/errors.ts';
import { LoginThrottle } from './login-throttle.ts';
import { decoyPasswordHash, verifyPassword } from './password.ts';
import { signToken, verifyToken } from './token.ts';

export interface StaffIdentity {
  userId: string;
  role: UserRole;
}

export interface LoginResult {
  token: string;
  tokenType: 'Bearer';
  expiresAt: string;
  user: UserRecord;
}

export interface AuthServiceOptions {
  users: UserRepository;
  secret: string;
  ttlSeconds: number;
  throttle?: LoginThrottle;
  now?: () => number;
}

export type AuthService = ReturnType<typeof createAuthService>;

export function createAuthService(options: AuthServiceOptions) {
  const throttle = options.throttle ?? new LoginThrottle({ now: options.now });
  const now = options.now ?? Date.now;

  return {
    /**
     * The same INVALID_CREDENTIALS, after the same scrypt work, whether the email is unknown or the password
     * wrong, so the login cannot be used to find out who has an account.
     */
    async login(email: string, password: string, address: string): Promise<LoginResult> {
      const waitMs = throttle.retryAfterMs(email, address);
      if (waitMs > 0) {
        throw new AppError('RATE_LIMITED', 'Too many failed logins; try again later.', {
          details: { retryAfterSeconds: Math.ceil(waitMs / 1000) },
        });
      }
      const credentials = await options.users.findCredentials(email);
      const valid = await verifyPassword(password, credentials?.passwordHash ?? (await decoyPasswordHash()));
      if (credentials === null || !valid) {
        throttle.recordFailure(email, address);
        throw new AppError('INVALID_CREDENTIALS');
      }
      throttle.recordSuccess(email, address);
      const at = now();
      await options.users.recordLogin(credentials.user.id, new Date(at));
      const token = signToken(
        { sub: credentials.user.id, role: credentials.user.role },
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
    },

    /** A staff member's identity from a bearer token; visitor and unknown roles are FORBIDDEN. */
    identify(token: string): StaffIdentity {
      const claims = verifyToken(token, options.secret, now());
      if (!(USER_ROLES as readonly string[]).includes(claims.role)) throw new AppError('FORBIDDEN');
      return { userId: claims.sub, role: claims.role as UserRole };
    },
  };
}
