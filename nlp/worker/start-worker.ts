import { Worker } from 'node:worker_threads';
import type { Catalogue } from '../entities/catalogue.ts';
import type { KnowledgeEntry } from '../retrieval/knowledge-index.ts';
import { threadEntry } from '../thread-entry.ts';
import type { PipelineSettings } from '../settings.ts';
import type { NlpAnalysis } from '../types.ts';
import {
  MODEL_UNAVAILABLE,
  rebuildError,
  type FromWorker,
  type MessageLevelAnalysis,
  type NlpWorkerData,
  type ToWorker,
} from './messages.ts';

const WORKER_ENTRY = threadEntry(import.meta.url, 'worker-main');

export interface NlpWorkerOptions {
  /**
   * The saved intent model (the worker never trains). When it is missing, stale or unreadable the worker fails to
   * start with `modelUnavailable` set: train it with `ensureIntentModel`, then start the worker again.
   */
  modelPath: string;
  /** `IntentData.hash`: the worker refuses a model trained on other data. */
  dataHash?: string;
  settings: PipelineSettings;
  catalogue?: Catalogue;
  /** The shop's knowledge articles searched for every message; `setKnowledge` replaces them. */
  knowledge?: KnowledgeEntry[];
  /** A fixed reference moment for relative dates (tests); the clock otherwise. */
  now?: Date;
  /**
   * When a running worker dies, its pending requests are rejected and a new worker is started (default), so one
   * message that kills the thread costs only the requests in flight. A worker that fails while starting is not
   * retried: the analyser then rejects every request with that error.
   */
  restart?: boolean;
  /** Told of crashes, restarts and a failed restart; the library does not log. */
  onEvent?: (event: NlpWorkerEvent) => void;
}

export type NlpWorkerEvent =
  | { type: 'crashed'; error: Error; rejected: number; restarting: boolean }
  | { type: 'restarted' }
  | { type: 'failed'; error: Error };

export interface NlpWorker {
  /** Entities, sentiment, intent and ranking (no tokens: they are not cloned back). */
  analyse(text: string): Promise<MessageLevelAnalysis>;
  /** The full analysis, tokens included (`POST /api/nlp/parse`). */
  analyseWithTokens(text: string): Promise<NlpAnalysis>;
  /** Replaces the knowledge articles: messages sent after this call are searched against the new ones. */
  setKnowledge(entries: KnowledgeEntry[]): void;
  /**
   * Hot reload: the thread loads the model at `modelPath` fully while the current one keeps answering, then
   * swaps between two requests. Resolves once requests are answered by the new model; rejects (keeping the
   * old model) when it cannot be loaded. A thread restarted after a crash starts with the new model.
   */
  reload(modelPath: string, dataHash?: string): Promise<void>;
  /**
   * Throws, saying why, unless the thread can answer now: not while a replacement for a crashed thread starts,
   * after a replacement failed, or after close() (the server's readiness check).
   */
  assertReady(): void;
  /** Terminates the thread; pending requests are rejected. */
  close(): Promise<void>;
}

/** A request's answer never came because the thread died or was closed, or the thread could not start. */
export class NlpWorkerStoppedError extends Error {
  override name = 'NlpWorkerStoppedError';
  /**
   * Set when the thread could not start because the model file is missing, stale (trained on data with another
   * hash) or unreadable: training one with `ensureIntentModel` and starting again will work.
   */
  readonly modelUnavailable: boolean;

  constructor(message: string, options: { cause?: Error } = {}) {
    super(message, options.cause ? { cause: options.cause } : undefined);
    this.modelUnavailable = options.cause?.name === MODEL_UNAVAILABLE;
  }
}

interface Pending {
  resolve(analysis: NlpAnalysis | MessageLevelAnalysis): void;
  reject(error: Error): void;
}

interface PendingReload {
  resolve(): void;
  reject(error: Error): void;
  modelPath: string;
  dataHash: string | undefined;
}

interface Thread {
  worker: Worker;
  pending: Map<number, Pending>;
  reloads: Map<number, PendingReload>;
  ready: boolean;
  lastError: Error | null;
}

/**
 * Runs the NLP pipeline (`createNlpPipeline`) on a worker thread and resolves once the model is loaded. Replies
 * are matched to requests by id; an error in one analysis rejects that request only. `entry` replaces the
 * worker's script (the crash-handling specs use one that fails on purpose).
 */
export function startNlpWorker(options: NlpWorkerOptions, entry: URL = WORKER_ENTRY): Promise<NlpWorker> {
  // Not const: a thread started after setKnowledge (a restart) must get the new articles.
  let workerData: NlpWorkerData = {
    modelPath: options.modelPath,
    settings: options.settings,
    ...(options.dataHash !== undefined ? { dataHash: options.dataHash } : {}),
    ...(options.catalogue ? { catalogue: options.catalogue } : {}),
    ...(options.knowledge ? { knowledge: options.knowledge } : {}),
    ...(options.now ? { now: options.now.toISOString() } : {}),
  };
  const emit = options.onEvent ?? (() => {});
  let nextId = 0;
  let closed = false;
  let failure: Error | null = null;

  const rejectAll = (thread: Thread, error: Error) => {
    const pending = [...thread.pending.values()];
    thread.pending.clear();
    for (const reload of thread.reloads.values()) reload.reject(error);
    thread.reloads.clear();
    for (const request of pending) request.reject(error);
    return pending.length;
  };

  // The thread keeps the process alive only while it starts or has requests in flight, so a caller that
  // forgets close() does not hang its process.
  const settled = (thread: Thread) => {
    if (thread.pending.size === 0 && thread.reloads.size === 0 && thread.ready) thread.worker.unref();
  };

  function spawn(): { thread: Thread; ready: Promise<void> } {
    const worker = new Worker(entry, { workerData, name: 'nlp' });
    const thread: Thread = { worker, pending: new Map(), reloads: new Map(), ready: false, lastError: null };
    const ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'result' || message.type === 'error') {
          const request = thread.pending.get(message.id);
          if (!request) return;
          thread.pending.delete(message.id);
          if (message.type === 'result') request.resolve(message.analysis);
          else request.reject(rebuildError(message.error));
          settled(thread);
        } else if (message.type === 'reloaded' || message.type === 'reload-failed') {
          const reload = thread.reloads.get(message.id);
          if (!reload) return;
          thread.reloads.delete(message.id);
          if (message.type === 'reloaded') {
            // A replacement thread (after a crash) must start with the model now in use.
            workerData = { ...workerData, modelPath: reload.modelPath };
            if (reload.dataHash === undefined) delete workerData.dataHash;
            else workerData.dataHash = reload.dataHash;
            reload.resolve();
          } else reload.reject(rebuildError(message.error));
          settled(thread);
        } else if (message.type === 'ready') {
          thread.ready = true;
          settled(thread);
          resolve();
        } else if (message.type === 'failed') {
          thread.lastError = rebuildError(message.error);
        }
      });
      // An uncaught exception in the thread: it is ending, 'exit' follows.
      worker.on('error', (error) => (thread.lastError = error));
      worker.once('exit', (code) => {
        const cause = thread.lastError ?? new Error(`the NLP worker exited with code ${code}`);
        if (closed) {
          rejectAll(thread, new NlpWorkerStoppedError('the NLP worker was closed'));
          reject(new NlpWorkerStoppedError('the NLP worker was closed before it started'));
          return;
        }
        if (!thread.ready) {
          const error = new NlpWorkerStoppedError(`the NLP worker failed to start: ${cause.message}`, {
            cause,
          });
          rejectAll(thread, error);
          reject(error);
          return;
        }
        const error = new NlpWorkerStoppedError(`the NLP worker stopped unexpectedly: ${cause.message}`);
        const rejected = rejectAll(thread, error);
        const restarting = options.restart !== false;
        if (restarting) {
          const next = spawn();
          current = next.thread;
          next.ready.then(
            () => emit({ type: 'restarted' }),
            (startError: Error) => {
              if (closed) return;
              failure = startError;
              emit({ type: 'failed', error: startError });
            },
          );
        } else {
          failure = error;
        }
        emit({ type: 'crashed', error: cause, rejected, restarting });
      });
    });
    return { thread, ready };
  }

  const first = spawn();
  let current: Thread = first.thread;

  function request(text: string, tokens: boolean): Promise<NlpAnalysis | MessageLevelAnalysis> {
    if (closed) return Promise.reject(new NlpWorkerStoppedError('the NLP worker is closed'));
    if (failure) return Promise.reject(failure);
    const thread = current;
    const id = ++nextId;
    return new Promise((resolve, reject) => {
      if (thread.pending.size === 0) thread.worker.ref();
      thread.pending.set(id, { resolve, reject });
      thread.worker.postMessage({ type: 'analyse', id, text, tokens } satisfies ToWorker);
    });
  }

  let closing: Promise<void> | undefined;
  const analyser: NlpWorker = {
    analyse: (text) => request(text, false) as Promise<MessageLevelAnalysis>,
    analyseWithTokens: (text) => request(text, true) as Promise<NlpAnalysis>,
    setKnowledge(entries) {
      workerData = { ...workerData, knowledge: entries };
      // Messages are answered in order, so every analysis requested after this one sees the new articles.
      if (!closed) current.worker.postMessage({ type: 'knowledge', entries } satisfies ToWorker);
    },
    reload(modelPath, dataHash) {
      if (closed) return Promise.reject(new NlpWorkerStoppedError('the NLP worker is closed'));
      if (failure) return Promise.reject(failure);
      const thread = current;
      const id = ++nextId;
      return new Promise<void>((resolve, reject) => {
        thread.worker.ref();
        thread.reloads.set(id, { resolve, reject, modelPath, dataHash });
        const message: ToWorker = { type: 'reload', id, modelPath, ...(dataHash ? { dataHash } : {}) };
        thread.worker.postMessage(message);
      });
    },
    assertReady() {
      if (closed) throw new NlpWorkerStoppedError('the NLP worker is closed');
      if (failure) throw failure;
      if (!current.ready) throw new NlpWorkerStoppedError('the NLP worker is restarting');
    },
    close() {
      closing ??= (async () => {
        closed = true;
        await current.worker.terminate();
      })();
      return closing;
    },
  };
  return first.ready.then(() => analyser);
}
