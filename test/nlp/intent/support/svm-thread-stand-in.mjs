// A stand-in SVM thread for the failure specs: it speaks the thread protocol (nlp/intent/svm-thread/messages.ts:
// shared words DONE = 0, PROGRESS = 1, STOPPED = 2) without training. The job's `options.seed` says what to do:
// 1 throws an uncaught error (the thread dies), 2 answers a failure, 3 never answers and never progresses.
import { workerData } from 'node:worker_threads';

const { port, shared } = workerData;
process.on('exit', () => {
  Atomics.store(shared, 2, 1);
  Atomics.notify(shared, 0);
});
port.on('message', (job) => {
  if (job.options.seed === 1) throw new Error('SVM thread failed on purpose');
  if (job.options.seed === 2) {
    port.postMessage({ ok: false, message: 'no memory left, on purpose' });
    Atomics.add(shared, 0, 1);
    Atomics.notify(shared, 0);
  }
});
