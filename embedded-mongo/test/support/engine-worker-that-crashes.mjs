// Stands in for the engine's worker entry (src/thread/worker-main.ts): it reports an address as the engine does,
// then dies of an uncaught error, so the specs can check what the caller's thread does when its engine dies.
import { parentPort } from 'node:worker_threads';

parentPort.postMessage({ type: 'ready', uri: 'mongodb://127.0.0.1:9/', port: 9 });
setTimeout(() => {
  throw new Error('engine thread failed on purpose');
}, 20);
