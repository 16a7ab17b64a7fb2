import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { threadEntry } from '../../thread-entry.ts';
import type { SparseVector } from '../features.ts';
import type { LinearModel } from '../softmax-regression.ts';
import type { SvmTrainingOptions } from '../squared-hinge-svm.ts';
import {
  DONE,
  PROGRESS,
  SHARED_WORDS,
  STOPPED,
  type PackedVectors,
  type SvmAnswer,
  type SvmJob,
  type SvmThreadData,
} from './messages.ts';

const THREAD_ENTRY = threadEntry(import.meta.url, 'thread-main');

/** How long the caller waits without any class finishing (or, before the first, for the thread to start). */
const DEFAULT_STALL_MS = 120_000;

export class SvmThreadError extends Error {
  override readonly name = 'SvmThreadError';
}

export interface PendingSvm {
  /** Blocks until the thread's answer is there; throws when the thread failed, stopped or stalled. */
  wait(): LinearModel;
}

/**
 * A second thread that trains the one-vs-rest SVM while the calling thread trains the logistic regression on the
 * same vectors, so training takes about as long as the slower of the two instead of their sum. The caller stays
 * synchronous: it blocks in `Atomics.wait` once its own share is done (training is start-up or script work, never
 * on a request path). The result is the same model, to the bit, as `trainSquaredHingeSvm` on the calling thread.
 */
export interface SvmThread {
  submit(
    vectors: readonly SparseVector[],
    labels: Int32Array,
    classes: number,
    features: number,
    options: Omit<SvmTrainingOptions, 'onClassDone'>,
  ): PendingSvm;
  /** Ends the thread; pending answers are abandoned. */
  close(): void;
}

export interface SvmThreadOptions {
  /** The thread's script (the failure specs use stand-ins). */
  entry?: URL;
  stallMs?: number;
}

function pack(vectors: readonly SparseVector[]): PackedVectors {
  const offsets = new Int32Array(vectors.length + 1);
  for (let i = 0; i < vectors.length; i++) offsets[i + 1] = offsets[i]! + vectors[i]!.indices.length;
  const total = offsets[vectors.length]!;
  const indices = new Int32Array(total);
  const values = new Float32Array(total);
  vectors.forEach((v, i) => {
    indices.set(v.indices, offsets[i]!);
    values.set(v.values, offsets[i]!);
  });
  return { offsets, indices, values };
}

export function openSvmThread(options: SvmThreadOptions = {}): SvmThread {
  const stallMs = options.stallMs ?? DEFAULT_STALL_MS;
  const { port1, port2 } = new MessageChannel();
  const shared = new Int32Array(new SharedArrayBuffer(SHARED_WORDS * Int32Array.BYTES_PER_ELEMENT));
  const workerData: SvmThreadData = { port: port2, shared };
  const worker = new Worker(options.entry ?? THREAD_ENTRY, {
    workerData,
    transferList: [port2],
    name: 'svm',
  });
  // A crash is reported to the blocked caller through the shared words; the event itself would arrive only after
  // the caller has already thrown, and unhandled it would end the process.
  worker.on('error', () => {});
  worker.unref();
  let submitted = 0;

  function waitFor(answer: number): LinearModel {
    let progress = Atomics.load(shared, PROGRESS);
    let lastChange = Date.now();
    for (;;) {
      const done = Atomics.load(shared, DONE);
      if (done >= answer) break;
      if (Atomics.load(shared, STOPPED) === 1) {
        throw new SvmThreadError('the SVM training thread stopped before it answered');
      }
      Atomics.wait(shared, DONE, done, 1000);
      const now = Atomics.load(shared, PROGRESS);
      if (now !== progress) {
        progress = now;
        lastChange = Date.now();
      } else if (Date.now() - lastChange > stallMs) {
        throw new SvmThreadError(`the SVM training thread made no progress for ${stallMs / 1000} s`);
      }
    }
    const received = receiveMessageOnPort(port1);
    if (received === undefined) throw new SvmThreadError('the SVM training thread answered nothing');
    const reply = received.message as SvmAnswer;
    if (!reply.ok) throw new SvmThreadError(`SVM training failed in its thread: ${reply.message}`);
    return { classes: reply.bias.length, weights: reply.weights, bias: reply.bias };
  }

  return {
    submit(vectors, labels, classes, features, svmOptions) {
      const packed = pack(vectors);
      const job: SvmJob = {
        vectors: packed,
        labels,
        classes,
        features,
        options: svmOptions,
      };
      port1.postMessage(
        job,
        [packed.offsets, packed.indices, packed.values].map((a) => a.buffer as ArrayBuffer),
      );
      const answer = ++submitted;
      return { wait: () => waitFor(answer) };
    },
    close() {
      port1.close();
      void worker.terminate();
    },
  };
}
