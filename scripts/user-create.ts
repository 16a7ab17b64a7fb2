/**
 * npm run user:create -- --email E --role agent|admin [--name N]
 *
 * The password never comes from the arguments (npm prints them, and they stay in `ps` and shell history): it is
 * read from CONCIERGE_PASSWORD, or typed twice at a hidden prompt, or read from the first line of stdin.
 *
 * Works whether or not the server runs: with MONGODB_URI it uses that database; with the embedded engine it
 * connects to the running server's engine, or opens the data directory itself and closes it afterwards.
 */
import { parseArgs } from 'node:util';
import { readSecret, SecretInputError } from './read-secret.ts';
import { hashPassword, passwordWeakness } from '../server/auth/password.ts';
import { ConfigError, parseConfig } from '../server/config.ts';
import { openDatabase } from '../server/data/open-database.ts';
import { USER_ROLES, type UserRole } from '../server/data/records.ts';
import { createRepositories } from '../server/data/repositories/index.ts';
import { normaliseEmail } from '../server/data/normalise.ts';
import { AppError } from '../server/shared/errors.ts';
import { createLogger } from '../server/shared/logger.ts';

const USAGE =
  'usage: npm run user:create -- --email E --role agent|admin [--name N]\n' +
  '  the password is read from CONCIERGE_PASSWORD, typed at a hidden prompt, or piped on stdin';

class UsageError extends Error {}

function readArguments(argv: string[]) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        email: { type: 'string' },
        role: { type: 'string' },
        name: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    if (argv.some((arg) => arg === '--password' || arg.startsWith('--password='))) {
      throw new UsageError(
        '--password is not accepted (npm prints the arguments): set CONCIERGE_PASSWORD, or leave it out to be ' +
          'asked; choose a new password if this one was shown anywhere',
      );
    }
    throw new UsageError((error as Error).message);
  }
  const { email: rawEmail, role, name } = values;
  if (rawEmail === undefined || role === undefined) {
    throw new UsageError('--email and --role are required');
  }
  const email = normaliseEmail(rawEmail);
  if (email === null) throw new UsageError(`"${rawEmail}" is not an email address`);
  if (!(USER_ROLES as readonly string[]).includes(role)) {
    throw new UsageError(`--role must be one of ${USER_ROLES.join(', ')} (got "${role}")`);
  }
  return { email, role: role as UserRole, name: name?.trim() || email.split('@')[0]! };
}

async function readPassword(email: string): Promise<string> {
  let password: string;
  try {
    password = await readSecret({ env: process.env, variable: 'CONCIERGE_PASSWORD', prompt: 'Password' });
  } catch (error) {
    if (error instanceof SecretInputError) throw new UsageError(error.message);
    throw error;
  }
  const weakness = passwordWeakness(password, email);
  if (weakness !== undefined) throw new UsageError(`the password is too weak: ${weakness}`);
  return password;
}

async function main(): Promise<number> {
  let input;
  let password: string;
  try {
    input = readArguments(process.argv.slice(2));
    password = await readPassword(input.email);
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
      passwordHash: await hashPassword(password),
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
