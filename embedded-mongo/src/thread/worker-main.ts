// The entry point of a worker-thread engine (see start-in-worker.ts): starts the engine on this thread, reports
// its address, forwards its log lines, and stops it when asked.
import { parentPort, workerData } from 'node:worker_threads';
import type { EngineLogger } from '../logger.ts';
import { startOnThisThread } from '../start.ts';
import { serializeError, type FromWorker, type ToWorker, type WorkerStartOptions } from './messages.ts';

const port = parentPort;
if (!port) throw new Error('worker-main.ts must run in a worker thread');

const send = (message: FromWorker) => port.postMessage(message);

function forward(level: 'info' | 'warn' | 'error'): EngineLogger['info'] {
  return (details, message) => {
    try {
      send({ type: 'log', level, details, message });
    } catch {
      // Details that cannot be cloned (a function, a socket) still leave the message.
      send({ type: 'log', level, details: {}, message });
    }
  };
}

const logger: EngineLogger = { info: forward('info'), warn: forward('warn'), error: forward('error') };

try {
  const engine = await startOnThisThread({ ...(workerData as WorkerStartOptions), logger });
  port.on('message', (message: ToWorker) => {
    if (message.type !== 'stop') return;
    engine.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        send({ type: 'failed', error: serializeError(error) });
        process.exit(1);
      },
    );
  });
  send({ type: 'ready', uri: engine.uri, port: engine.port });
} catch (error) {
  send({ type: 'failed', error: serializeError(error) });
  process.exit(1);
}
