import type { MessagePort } from 'node:worker_threads';
import type { SvmTrainingOptions } from '../squared-hinge-svm.ts';

/** The sparse training vectors packed into three flat arrays, so they cross to the thread without copying. */
export interface PackedVectors {
  /** Example i's entries are offsets[i] .. offsets[i + 1]. */
  offsets: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

export interface SvmJob {
  vectors: PackedVectors;
  labels: Int32Array;
  classes: number;
  features: number;
  options: Omit<SvmTrainingOptions, 'onClassDone'>;
}

export type SvmAnswer =
  { ok: true; weights: Float32Array; bias: Float32Array } | { ok: false; message: string };

/** What the thread is started with: where to answer, and the shared words the blocked caller watches. */
export interface SvmThreadData {
  port: MessagePort;
  /**
   * Int32Array over a SharedArrayBuffer: [DONE] counts the answers posted on `port`; [PROGRESS] counts the
   * classes trained so far (so the caller can tell a slow job from a stuck thread); [STOPPED] marks an exit.
   */
  shared: Int32Array;
}

export const DONE = 0;
export const PROGRESS = 1;
/** Set to 1 by the thread when it exits, whatever the reason, so the caller stops waiting at once. */
export const STOPPED = 2;
export const SHARED_WORDS = 3;
