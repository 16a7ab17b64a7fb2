import type { EmbeddedMongoOptions } from '../options.ts';

/** What the worker is started with: the options that can cross a thread boundary (no logger, no callbacks). */
export type WorkerStartOptions = Omit<EmbeddedMongoOptions, 'logger' | 'thread' | 'onCrash'>;

/** An error as it crosses the thread boundary; the parent rebuilds it (see start-in-worker.ts). */
export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  dir?: string;
  holderPid?: number;
}

export type ToWorker = { type: 'stop' };

export type FromWorker =
  | { type: 'ready'; uri: string; port: number }
  | { type: 'failed'; error: SerializedError }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; details: object; message: string };

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const { code, dir, holderPid } = error as Error & { code?: unknown; dir?: unknown; holderPid?: unknown };
  return {
    name: error.name,
    message: error.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof dir === 'string' ? { dir } : {}),
    ...(typeof holderPid === 'number' ? { holderPid } : {}),
  };
}
