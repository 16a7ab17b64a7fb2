import { pino, type Logger, type LoggerOptions } from 'pino';
import type { LogLevel } from '../config.ts';

export type { Logger };

/** Fields that carry personal data or credentials, at any of the depths our log calls use. */
const SENSITIVE_FIELDS = [
  'email',
  'emails',
  'phone',
  'phones',
  'password',
  'passwordHash',
  'token',
  'secret',
  'text',
  'authorization',
  'cookie',
];

export const REDACTED_PATHS = [
  ...SENSITIVE_FIELDS,
  ...SENSITIVE_FIELDS.map((field) => `*.${field}`),
  ...SENSITIVE_FIELDS.map((field) => `*.*.${field}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-visitor-token"]',
];

export interface LoggerSettings {
  level: LogLevel;
  /** Readable lines for people in development, one JSON object per line elsewhere. */
  pretty: boolean;
  /** Where JSON lines go; tests pass a stream to read them back. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level: settings.level,
    base: { service: 'concierge' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (settings.pretty && settings.destination === undefined) {
    return pino({
      ...options,
      transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } },
    });
  }
  return settings.destination === undefined ? pino(options) : pino(options, settings.destination);
}

/** A logger that writes nothing, for tests and tools that do not want output. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
