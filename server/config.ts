import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The repository root (also from the compiled dist/server/), so defaults do not depend on the working directory. */
const SERVER_PARENT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT =
  path.basename(SERVER_PARENT) === 'dist' ? path.dirname(SERVER_PARENT) : SERVER_PARENT;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const MIN_SECRET_LENGTH = 32;

const integer = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `expected a whole number between ${min} and ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

/** Environment keys, their defaults and their rules. `.env.example` mirrors this list key for key. */
const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: integer(0, 65535).default(3000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  PUBLIC_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  MONGODB_URI: optionalText.pipe(
    z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'expected a mongodb:// or mongodb+srv:// URI')
      .optional(),
  ),
  DB_NAME: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,63}$/, 'expected letters, digits, "_" or "-" (at most 63)')
    .default('concierge'),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  WIDGET_ORIGINS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter((origin) => origin !== ''),
    )
    .pipe(z.array(z.url({ protocol: /^https?$/ }).transform((origin) => new URL(origin).origin))),
  TOKEN_SECRET: optionalText.pipe(
    z.string().min(MIN_SECRET_LENGTH, `expected at least ${MIN_SECRET_LENGTH} characters`).optional(),
  ),
  IDENTITY_SECRET: optionalText.pipe(
    z.string().min(MIN_SECRET_LENGTH, `expected at least ${MIN_SECRET_LENGTH} characters`).optional(),
  ),
  AUTH_TOKEN_TTL_SECONDS: integer(60, 7 * 24 * 3600).default(3600),
  VISITOR_TOKEN_TTL_SECONDS: integer(60, 365 * 24 * 3600).default(30 * 24 * 3600),
  REDIS_URL: optionalText.pipe(
    z
      .string()
      .regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL')
      .optional(),
  ),
  BODY_LIMIT_BYTES: integer(1024, 10 * 1024 * 1024).default(100 * 1024),
  IMPORT_MAX_BYTES: integer(1024, 2 * 1024 * 1024 * 1024).default(200 * 1024 * 1024),
  SOCKET_MAX_PAYLOAD_BYTES: integer(1024, 1024 * 1024).default(32 * 1024),
  MESSAGE_MAX_LENGTH: integer(1, 100_000).default(2000),
  ROUTING_MODE: z.enum(['auto', 'manual']).default('auto'),
  REDIS_CHANNEL_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'expected letters, digits, "_", ".", ":" or "-" (at most 64)')
    .default('socket.io'),
  AGENT_PRESENCE_GRACE_SECONDS: integer(1, 3600).default(60),
  AGENT_HEARTBEAT_SECONDS: integer(1, 600).default(20),
  SHUTDOWN_TIMEOUT_MS: integer(100, 120_000).default(10_000),
  TRUST_PROXY_HOPS: integer(0, 10).default(0),
  SEED_DEMO_DATA: z.stringbool().default(true),
  AUTH_CHECK_CACHE_SECONDS: integer(0, 60).default(5),
  PASSWORD_HASH_CONCURRENCY: integer(1, 16).default(1),
  HTTP_HEADERS_TIMEOUT_MS: integer(1000, 120_000).default(10_000),
  HTTP_REQUEST_TIMEOUT_MS: integer(1000, 600_000).default(30_000),
  METRICS_TOKEN: optionalText.pipe(z.string().min(16, 'expected at least 16 characters').optional()),
  REPORTS_TIME_ZONE: z
    .string()
    .trim()
    .refine(isTimeZone, 'expected an IANA time zone such as Europe/Paris')
    .default('UTC'),
  ANALYTICS_RETRAIN_HOURS: integer(0, 24 * 30).default(24),
  WEBHOOK_POLL_MS: integer(20, 60_000).default(1000),
  WEBHOOK_RETRY_BASE_MS: integer(10, 3_600_000).default(10_000),
  WEBHOOK_RETRY_MAX_DELAY_MS: integer(10, 86_400_000).default(3_600_000),
  WEBHOOK_RETRY_HOURS: integer(1, 24 * 7).default(24),
  WEBHOOK_TIMEOUT_MS: integer(100, 60_000).default(10_000),
  WEBHOOK_MAX_CONCURRENT: integer(1, 50).default(2),
  WEBHOOK_MIN_INTERVAL_MS: integer(0, 60_000).default(100),
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: z.stringbool().default(false),
  RETENTION_MESSAGE_DAYS: integer(0, 36_500).default(0),
  INTENT_MIN_EXAMPLES: integer(1, 1000).default(10),
  DEPLOY_GATE_MARGIN: z
    .string()
    .trim()
    .regex(/^\d*\.?\d+$/, 'expected a number between 0 and 1')
    .transform(Number)
    .pipe(z.number().min(0).max(1))
    .default(0.02),
  TRAINING_FOLDS: integer(2, 10).default(5),
  MISUNDERSTOOD_CONFIDENCE: z
    .string()
    .trim()
    .regex(/^\d*\.?\d+$/, 'expected a number between 0 and 1')
    .transform(Number)
    .pipe(z.number().min(0).max(1))
    .default(0.5),
  CONCIERGE_SHARED_DIR: optionalText.transform((value) => value ?? path.resolve(REPO_ROOT, '..', 'shared')),
});

/** Every environment key the service reads. */
export const CONFIG_KEYS: readonly string[] = Object.freeze(Object.keys(environmentSchema.shape));

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  /** The address visitors use, when it differs from host:port (behind a proxy). */
  readonly publicUrl: string | undefined;
  /** Unset: the embedded engine runs on `<dataDir>/db`. */
  readonly mongodbUri: string | undefined;
  readonly dbName: string;
  readonly dataDir: string;
  readonly logLevel: LogLevel;
  /** Empty: only the server's own origin may embed the widget. */
  readonly widgetOrigins: readonly string[];
  /** Unset after parsing means "generate and keep under dataDir"; `loadConfig` always fills it. */
  readonly tokenSecret: string | undefined;
  /**
   * Shared with the shop's backend, which signs its signed-in customer's id with it (`identify`'s userHash).
   * Unset: `identify` is refused and visitors stay anonymous. Never the token secret: the shop must not be
   * able to sign Concierge's own tokens.
   */
  readonly identitySecret: string | undefined;
  readonly authTokenTtlSeconds: number;
  readonly visitorTokenTtlSeconds: number;
  readonly redisUrl: string | undefined;
  readonly bodyLimitBytes: number;
  /** Largest CSV file an import accepts (streamed to GridFS, never held in memory). */
  readonly importMaxBytes: number;
  readonly socketMaxPayloadBytes: number;
  readonly messageMaxLength: number;
  /** Prefix of the socket.io Redis adapter's pub/sub channels: deployments sharing one Redis need their own. */
  readonly redisChannelPrefix: string;
  /** auto: waiting conversations are assigned to agents (capacity-aware); manual: agents pick from the queue. */
  readonly routingMode: 'auto' | 'manual';
  /** An agent whose last socket has been gone this long becomes offline. */
  readonly agentPresenceGraceSeconds: number;
  /** How often each node marks its connected agents as seen and lapses stale ones. */
  readonly agentHeartbeatSeconds: number;
  readonly shutdownTimeoutMs: number;
  readonly trustProxyHops: number;
  readonly seedDemoData: boolean;
  /** The shop's time zone: report days and hours are local to it. */
  readonly reportsTimeZone: string;
  /** How often the customer models retrain; 0: only on demand. */
  readonly analyticsRetrainHours: number;
  readonly sharedDir: string;
  /** Fewest examples an intent edited in the console may have. */
  readonly intentMinExamples: number;
  /** The deploy gate: a candidate whose macro-F1 is lower than the deployed model's by more is refused. */
  readonly deployGateMargin: number;
  /** Folds of the cross-validation each trained candidate gets. */
  readonly trainingFolds: number;
  /** Visitor messages understood with less confidence than this go to the misunderstood inbox. */
  readonly misunderstoodConfidence: number;
  /** How long a staff token's per-request check (user exists, active, role; not logged out) is remembered. */
  readonly authCheckCacheSeconds: number;
  /** Password hashes (scrypt, on libuv's thread pool) computed at once; more logins wait in a queue. */
  readonly passwordHashConcurrency: number;
  /** Time a client has to send a request's headers, then the whole request, before the server answers 408. */
  readonly httpHeadersTimeoutMs: number;
  readonly httpRequestTimeoutMs: number;
  /** When set, `/metrics` answers only requests bearing this token. */
  readonly metricsToken: string | undefined;
  /** Webhook delivery: polling, backoff, retry window, timeout and per-endpoint throttling (docs/webhooks.md). */
  readonly webhooks: {
    readonly pollMs: number;
    readonly retryBaseMs: number;
    readonly maxRetryDelayMs: number;
    readonly retryForMs: number;
    readonly timeoutMs: number;
    readonly maxConcurrentPerEndpoint: number;
    readonly minTimeBetweenMs: number;
    /**
     * Endpoints on loopback, private, link-local or cloud-metadata addresses are refused unless this is set
     * (server/webhooks/address-guard.ts): a webhook URL must not reach into the server's own network.
     */
    readonly allowPrivateNetworks: boolean;
  };
  /**
   * Texts (and NLP data) of messages in conversations resolved more than this many days ago are removed by a
   * daily job (docs/privacy.md); 0 keeps them.
   */
  readonly retentionMessageDays: number;
}

/** A configuration that has a token secret: what the running service works with. */
export type ResolvedConfig = Config & { readonly tokenSecret: string };

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

const SECRET_KEYS = new Set(['TOKEN_SECRET', 'IDENTITY_SECRET', 'MONGODB_URI', 'REDIS_URL', 'METRICS_TOKEN']);

/** Validates the environment without touching the disk; every problem names its key. */
export function parseConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): Config {
  const known = Object.fromEntries(
    Object.keys(environmentSchema.shape).flatMap((key) => (env[key] === undefined ? [] : [[key, env[key]]])),
  );
  const result = environmentSchema.safeParse(known);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const key = String(issue.path[0] ?? 'environment');
        // Secrets and credentials must not end up in a log through an error message.
        const shown = SECRET_KEYS.has(key) ? '' : ` (got ${JSON.stringify(known[key])})`;
        return `${key}: ${issue.message}${shown}`;
      }),
    );
  }
  const e = result.data;
  if (e.IDENTITY_SECRET !== undefined && e.IDENTITY_SECRET === e.TOKEN_SECRET) {
    // The shop holds the identity secret: with the token secret it could sign staff tokens.
    throw new ConfigError(['IDENTITY_SECRET: must differ from TOKEN_SECRET']);
  }
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL === undefined ? undefined : new URL(e.PUBLIC_URL).origin,
    mongodbUri: e.MONGODB_URI,
    dbName: e.DB_NAME,
    dataDir: path.resolve(cwd, e.DATA_DIR),
    logLevel: e.LOG_LEVEL,
    widgetOrigins: Object.freeze([...new Set(e.WIDGET_ORIGINS)]),
    tokenSecret: e.TOKEN_SECRET,
    identitySecret: e.IDENTITY_SECRET,
    authTokenTtlSeconds: e.AUTH_TOKEN_TTL_SECONDS,
    visitorTokenTtlSeconds: e.VISITOR_TOKEN_TTL_SECONDS,
    redisUrl: e.REDIS_URL,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    importMaxBytes: e.IMPORT_MAX_BYTES,
    socketMaxPayloadBytes: e.SOCKET_MAX_PAYLOAD_BYTES,
    messageMaxLength: e.MESSAGE_MAX_LENGTH,
    routingMode: e.ROUTING_MODE,
    redisChannelPrefix: e.REDIS_CHANNEL_PREFIX,
    agentPresenceGraceSeconds: e.AGENT_PRESENCE_GRACE_SECONDS,
    agentHeartbeatSeconds: e.AGENT_HEARTBEAT_SECONDS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    trustProxyHops: e.TRUST_PROXY_HOPS,
    seedDemoData: e.SEED_DEMO_DATA,
    reportsTimeZone: e.REPORTS_TIME_ZONE,
    analyticsRetrainHours: e.ANALYTICS_RETRAIN_HOURS,
    sharedDir: path.resolve(cwd, e.CONCIERGE_SHARED_DIR),
    intentMinExamples: e.INTENT_MIN_EXAMPLES,
    deployGateMargin: e.DEPLOY_GATE_MARGIN,
    trainingFolds: e.TRAINING_FOLDS,
    misunderstoodConfidence: e.MISUNDERSTOOD_CONFIDENCE,
    authCheckCacheSeconds: e.AUTH_CHECK_CACHE_SECONDS,
    passwordHashConcurrency: e.PASSWORD_HASH_CONCURRENCY,
    httpHeadersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS,
    httpRequestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
    metricsToken: e.METRICS_TOKEN,
    webhooks: Object.freeze({
      pollMs: e.WEBHOOK_POLL_MS,
      retryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
      maxRetryDelayMs: e.WEBHOOK_RETRY_MAX_DELAY_MS,
      retryForMs: e.WEBHOOK_RETRY_HOURS * 3600_000,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      maxConcurrentPerEndpoint: e.WEBHOOK_MAX_CONCURRENT,
      minTimeBetweenMs: e.WEBHOOK_MIN_INTERVAL_MS,
      allowPrivateNetworks: e.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
    }),
    retentionMessageDays: e.RETENTION_MESSAGE_DAYS,
  });
}

/**
 * Reads the secret kept under the data directory, or creates it (mode 0600) on the first start, so a fresh
 * clone needs no configuration and tokens survive restarts.
 */
export async function ensureTokenSecret(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'secret');
  try {
    return await readSecret(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  try {
    // 'wx' fails when another process created the file in the meantime; theirs wins.
    await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readSecret(file);
  }
}

async function readSecret(file: string): Promise<string> {
  const secret = (await readFile(file, 'utf8')).trim();
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError([
      `TOKEN_SECRET: the secret kept in ${file} is shorter than ${MIN_SECRET_LENGTH} characters`,
    ]);
  }
  return secret;
}

/** Reads the environment once: the entry points call this, everything else receives the result. */
export async function loadConfig(env: NodeJS.ProcessEnv = process.env): Promise<ResolvedConfig> {
  const config = parseConfig(env);
  const tokenSecret = config.tokenSecret ?? (await ensureTokenSecret(config.dataDir));
  return Object.freeze({ ...config, tokenSecret });
}
