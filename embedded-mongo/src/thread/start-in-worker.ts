import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { silentLogger } from '../logger.ts';
import type { EmbeddedMongo, EmbeddedMongoOptions } from '../options.ts';
import { DataDirLockedError } from '../storage/lock-file.ts';
import type { FromWorker, SerializedError, ToWorker, WorkerStartOptions } from './messages.ts';

// Compiled, the worker's entry is worker-main.js; from source (.ts through tsx) a small .mjs entry first
// registers tsx in the worker, which Node 20 does not do for worker threads.
const FROM_SOURCE = path.extname(fileURLToPath(import.meta.url)) === '.ts';
const WORKER_ENTRY = new URL(
  FROM_SOURCE ? './worker-main-from-source.mjs' : './worker-main.js',
  import.meta.url,
);

function rebuildError(error: SerializedError): Error {
  if (error.name === 'DataDirLockedError' && error.dir !== undefined && error.holderPid !== undefined) {
    return new DataDirLockedError(error.dir, error.holderPid);
  }
  const rebuilt = new Error(error.message) as Error & { code?: string };
  rebuilt.name = error.name;
  if (error.code !== undefined) rebuilt.code = error.code;
  return rebuilt;
}

/**
 * Starts the engine in a worker thread and resolves once it listens; see EmbeddedMongoOptions.thread.
 * `entry` replaces the worker's script (the crash-handling specs use a script that fails on purpose).
 */
export function startInWorker(
  options: EmbeddedMongoOptions,
  entry: URL = WORKER_ENTRY,
): Promise<EmbeddedMongo> {
  const logger = options.logger ?? silentLogger;
  const workerOptions: WorkerStartOptions = {
    dataDir: options.dataDir,
    port: options.port,
    host: options.host,
    ttlSweepMs: options.ttlSweepMs,
    cursorTimeoutMs: options.cursorTimeoutMs,
    enableTestCommands: options.enableTestCommands,
  };
  const worker = new Worker(entry, { workerData: workerOptions, name: 'embedded-mongo' });
  let state: 'starting' | 'running' | 'stopping' | 'gone' = 'starting';
  let lastFailure: Error | null = null;
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));

  return new Promise<EmbeddedMongo>((resolve, reject) => {
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'log') {
        logger[message.level](message.details, message.message);
      } else if (message.type === 'failed') {
        lastFailure = rebuildError(message.error);
      } else if (message.type === 'ready' && state === 'starting') {
        state = 'running';
        let stopping: Promise<void> | undefined;
        resolve({
          uri: message.uri,
          port: message.port,
          stop() {
            stopping ??= (async () => {
              if (state === 'running') {
                state = 'stopping';
                worker.postMessage({ type: 'stop' } satisfies ToWorker);
              }
              const code = await exited;
              if (code !== 0)
                throw lastFailure ?? new Error(`embedded-mongo worker exited with code ${code}`);
            })();
            return stopping;
          },
        });
      }
    });
    worker.on('error', (error) => {
      // An uncaught exception in the engine's thread: the worker is ending.
      lastFailure = error;
    });
    void exited.then((code) => {
      const previous = state;
      state = 'gone';
      if (previous === 'starting') {
        reject(lastFailure ?? new Error(`embedded-mongo worker exited with code ${code} before listening`));
      } else if (previous === 'running') {
        const error = lastFailure ?? new Error(`embedded-mongo worker exited with code ${code}`);
        logger.error({ error: error.message, exitCode: code }, 'embedded-mongo worker stopped unexpectedly');
        options.onCrash?.(error);
      }
    });
  });
}
