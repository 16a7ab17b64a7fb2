import { randomUUID } from 'node:crypto';
import { createApplication, type AppDeps, type AppOptions, type Application } from '../../server/app.ts';
import { hashPassword } from '../../server/auth/password.ts';
import { signToken } from '../../server/auth/token.ts';
import { parseConfig, type ResolvedConfig } from '../../server/config.ts';
import type { UserRecord, UserRole } from '../../server/data/records.ts';
import type { Repositories } from '../../server/data/repositories/index.ts';
import { silentLogger } from '../../server/shared/logger.ts';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hmac-0123456789';

/** A validated configuration for tests: defaults plus the given environment keys, no disk access. */
export function testConfig(env: NodeJS.ProcessEnv = {}): ResolvedConfig {
  const config = parseConfig({
    NODE_ENV: 'test',
    DATA_DIR: '/nonexistent/concierge-test',
    // Test receivers listen on loopback (docs/webhooks.md, "Addresses a webhook may not reach").
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    ...env,
  });
  return Object.freeze({ ...config, tokenSecret: config.tokenSecret ?? TEST_SECRET });
}

/** The whole application on fakes or a test database, not listening: supertest drives `app` directly. */
export function buildTestApp(
  deps: Partial<AppDeps> & { repositories: Repositories },
  options: AppOptions = {},
): Application {
  return createApplication({ config: testConfig(), logger: silentLogger(), ...deps }, options);
}

/** Hashing is deliberately slow; tests share one hash for every user they create. */
let sharedHash: Promise<string> | undefined;
export const TEST_PASSWORD = 'correct horse battery staple';

export async function createUser(
  repositories: Repositories,
  role: UserRole,
  email = `${role}-${Math.random().toString(36).slice(2)}@shop.test`,
): Promise<UserRecord> {
  sharedHash ??= hashPassword(TEST_PASSWORD);
  return repositories.users.create({ email, name: `Test ${role}`, passwordHash: await sharedHash, role });
}

/**
 * An `Authorization` header value for a user, or for any role (such as 'visitor') the guards must refuse. The
 * guard also checks that the user exists and is active, so `subject` should be a user in the app's database.
 */
export function bearer(
  subject: { id: string; role: string },
  options: { secret?: string; ttlSeconds?: number; now?: number } = {},
): string {
  const token = signToken(
    { sub: subject.id, role: subject.role, jti: randomUUID() },
    options.secret ?? TEST_SECRET,
    options.ttlSeconds ?? 600,
    options.now,
  );
  return `Bearer ${token}`;
}
