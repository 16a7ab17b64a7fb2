/**
 * npm run user:create -- --email E --password P --role agent|admin [--name N]
 *
 * Works whether or not the server runs: with MONGODB_URI it uses that database; with the embedded engine it
 * connects to the running server's engine, or opens the data directory itself and closes it afterwards.
 */
import { parseArgs } from 'node:util';
import { hashPassword, passwordWeakness } from '../server/auth/password.ts';
import { ConfigError, parseConfig } from '../server/config.ts';
import { openDatabase } from '../server/data/open-database.ts';
import { USER_ROLES, type UserRole } from '../server/data/records.ts';
import { createRepositories } from '../server/data/repositories/index.ts';
import { normaliseEmail } from '../server/data/normalise.ts';
import { AppError } from '../server/shared/errors.ts';
import { createLogger } from '../server/shared/logger.ts';

const USAGE = 'usage: npm run user:create -- --email E --password P --role agent|admin [--name N]';

class UsageError extends Error {}

function readArguments(argv: string[]) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        email: { type: 'string' },
        password: { type: 'string' },
        role: { type: 'string' },
        name: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { email: rawEmail, password, role, name } = values;
  if (rawEmail === undefined || password === undefined || role === undefined) {
    throw new UsageError('--email, --password and --role are required');
  }
  const email = normaliseEmail(rawEmail);
  if (email === null) throw new UsageError(`"${rawEmail}" is not an email address`);
  if (!(USER_ROLES as readonly string[]).includes(role)) {
    throw new UsageError(`--role must be one of ${USER_ROLES.join(', ')} (got "${role}")`);
  }
  const weakness = passwordWeakness(password, email);
  if (weakness !== undefined) throw new UsageError(`the password is too weak: ${weakness}`);
  return { email, password, role: role as UserRole, name: name?.trim() || email.split('@')[0]! };
}

async function main(): Promise<number> {
  let input;
  try {
    input = readArguments(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`user:create: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  const config = parseConfig(process.env);
  const logger = createLogger({ level: 'warn', pretty: false });
  const opened = await openDatabase(config, logger, { reuseRunningEngine: true });
  try {
    const repositories = createRepositories(opened.database.models);
    const user = await repositories.users.create({
      email: input.email,
      name: input.name,
      passwordHash: await hashPassword(input.password),
      role: input.role,
    });
    await repositories.audit.record({
      actor: { type: 'cli', id: null },
      action: 'user.created',
      target: { type: 'user', id: user.id },
      data: { role: user.role },
    });
    process.stdout.write(`Created ${user.role} ${user.email} (id ${user.id}) in ${opened.description}\n`);
    return 0;
  } catch (error) {
    if (error instanceof AppError && error.code === 'ALREADY_EXISTS') {
      process.stderr.write(`user:create: a user with the email ${input.email} already exists\n`);
      return 1;
    }
    throw error;
  } finally {
    await opened.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`user:create failed: ${message}\n`);
    process.exitCode = 1;
  },
);
