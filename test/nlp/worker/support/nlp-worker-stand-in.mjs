// A stand-in NLP worker for the crash specs: it speaks the worker protocol (nlp/worker/messages.ts) without a
// model. Its instructions are the JSON file at workerData.modelPath, read at every start, so a spec can let the
// first start succeed and a restart fail: `{ "failStart": true }` reports a failure and exits before ready.
// Once ready it answers a fixed analysis after a short pause (so requests sent together are in flight
// together), reports an error for that request only on the text 'bad', and throws an uncaught error (the
// thread dies) on 'crash'.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

const instructions = JSON.parse(readFileSync(workerData.modelPath, 'utf8'));
if (instructions.failStart) {
  parentPort.postMessage({ type: 'failed', error: { name: 'Error', message: 'model missing on purpose' } });
  process.exit(1);
}
parentPort.on('message', (message) => {
  if (message.text === 'crash') throw new Error('NLP thread failed on purpose');
  if (message.text === 'bad') {
    parentPort.postMessage({
      type: 'error',
      id: message.id,
      error: { name: 'TypeError', message: 'bad text' },
    });
    return;
  }
  setTimeout(() => {
    parentPort.postMessage({
      type: 'result',
      id: message.id,
      analysis: {
        text: message.text,
        entities: [],
        sentiment: { score: 0, label: 'neutral' },
        intent: { name: 'greeting', confidence: 1 },
        ranking: [],
      },
    });
  }, 20);
});
parentPort.postMessage({ type: 'ready' });
