import type { EmbeddedMongo, EmbeddedMongoOptions } from './src/options.ts';
import { assertLoopback, startOnThisThread } from './src/start.ts';
import { startInWorker } from './src/thread/start-in-worker.ts';

export type { EngineLogger } from './src/logger.ts';
export type { EmbeddedMongo, EmbeddedMongoOptions } from './src/options.ts';

/** Starts a MongoDB-wire-compatible server that the official driver and mongoose can use. */
export async function startEmbeddedMongo(options: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
  assertLoopback(options.host ?? '127.0.0.1');
  return options.thread === 'worker' ? startInWorker(options) : startOnThisThread(options);
}
