// The SVM thread (see train-in-thread.ts): trains one one-vs-rest SVM on the packed vectors it is sent, posts the
// weights back (transferred, not copied) and raises the `done` word the blocked caller waits on.
import { workerData } from 'node:worker_threads';
import { trainSquaredHingeSvm } from '../squared-hinge-svm.ts';
import type { SparseVector } from '../features.ts';
import { DONE, PROGRESS, STOPPED, type SvmAnswer, type SvmJob, type SvmThreadData } from './messages.ts';

const { port, shared } = workerData as SvmThreadData;

// Also after an uncaught error: the caller is blocked waiting for an answer and must learn there will be none.
process.on('exit', () => {
  Atomics.store(shared, STOPPED, 1);
  Atomics.notify(shared, DONE);
});

function unpack({ offsets, indices, values }: SvmJob['vectors']): SparseVector[] {
  const vectors: SparseVector[] = [];
  for (let i = 0; i + 1 < offsets.length; i++) {
    vectors.push({
      indices: indices.subarray(offsets[i]!, offsets[i + 1]!),
      values: values.subarray(offsets[i]!, offsets[i + 1]!),
    });
  }
  return vectors;
}

function answer(reply: SvmAnswer, transfer: ArrayBuffer[] = []): void {
  port.postMessage(reply, transfer);
  Atomics.add(shared, DONE, 1);
  Atomics.notify(shared, DONE);
}

port.on('message', (job: SvmJob) => {
  try {
    const model = trainSquaredHingeSvm(unpack(job.vectors), job.labels, job.classes, job.features, {
      ...job.options,
      onClassDone: () => Atomics.add(shared, PROGRESS, 1),
    });
    const weights = model.weights as Float32Array;
    const bias = model.bias as Float32Array;
    answer({ ok: true, weights, bias }, [weights.buffer as ArrayBuffer, bias.buffer as ArrayBuffer]);
  } catch (error) {
    answer({ ok: false, message: error instanceof Error ? error.message : String(error) });
  }
});
