import type { Catalogue } from '../entities/catalogue.ts';
import type { KnowledgeEntry } from '../retrieval/knowledge-index.ts';
import type { PipelineSettings } from '../settings.ts';
import type { NlpAnalysis } from '../types.ts';

/** What the worker is started with: plain data only, it is structured-cloned into the thread. */
export interface NlpWorkerData {
  /** The saved intent model (nlp/model-store.ts); the worker only loads it, it never trains. */
  modelPath: string;
  /** When given, a model trained on other data (another `IntentData.hash`) is refused instead of used. */
  dataHash?: string;
  settings: PipelineSettings;
  catalogue?: Catalogue;
  knowledge?: KnowledgeEntry[];
  /** A fixed reference moment for relative dates (ISO string, tests); the clock otherwise. */
  now?: string;
}

/** The analysis without its tokens: what the chat stores and acts on, and cheaper to clone back. */
export type MessageLevelAnalysis = Omit<NlpAnalysis, 'tokens'>;

/** The name of the error a worker fails to start with when the model file is missing, stale or unreadable. */
export const MODEL_UNAVAILABLE = 'IntentModelUnavailableError';

export interface SerializedError {
  name: string;
  message: string;
}

export type ToWorker =
  | { type: 'analyse'; id: number; text: string; tokens: boolean }
  | { type: 'knowledge'; entries: KnowledgeEntry[] }
  /** Load another saved model fully, then answer every later request with it (hot deploy). */
  | { type: 'reload'; id: number; modelPath: string; dataHash?: string };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'failed'; error: SerializedError }
  | { type: 'result'; id: number; analysis: NlpAnalysis | MessageLevelAnalysis }
  | { type: 'error'; id: number; error: SerializedError }
  | { type: 'reloaded'; id: number }
  | { type: 'reload-failed'; id: number; error: SerializedError };

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  return { name: error.name, message: error.message };
}

export function rebuildError(error: SerializedError): Error {
  const rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  return rebuilt;
}
