// The entry point of the NLP worker thread (see start-worker.ts): loads the saved intent model, builds the
// pipeline over the catalogue it was given, reports ready, then answers `{ id, text }` requests in order.
import { parentPort, workerData } from 'node:worker_threads';
import { loadIntentModel } from '../model-store.ts';
import { createNlpPipeline, type NlpPipeline } from '../pipeline.ts';
import {
  MODEL_UNAVAILABLE,
  serializeError,
  type FromWorker,
  type NlpWorkerData,
  type ToWorker,
} from './messages.ts';

const port = parentPort;
if (!port) throw new Error('worker-main.ts must run in a worker thread');
const send = (message: FromWorker) => port.postMessage(message);

/** No usable model at the path: the caller can train one and start the worker again. */
function unavailable(message: string): Error {
  const error = new Error(message);
  error.name = MODEL_UNAVAILABLE;
  return error;
}

async function build(data: NlpWorkerData): Promise<NlpPipeline> {
  let loaded;
  try {
    loaded = await loadIntentModel(data.modelPath);
  } catch (error) {
    throw unavailable(`${data.modelPath} cannot be used (${(error as Error).message})`);
  }
  if (loaded === undefined)
    throw unavailable(`no intent model at ${data.modelPath}; train one with npm run train`);
  if (data.dataHash !== undefined && loaded.dataHash !== data.dataHash) {
    throw unavailable(`${data.modelPath} was trained on other intent data; retrain with npm run train`);
  }
  const { now } = data;
  return createNlpPipeline({
    classifier: loaded.classifier,
    settings: data.settings,
    ...(data.catalogue ? { catalogue: data.catalogue } : {}),
    ...(data.knowledge ? { knowledge: data.knowledge } : {}),
    ...(now !== undefined ? { now: () => new Date(now) } : {}),
  });
}

try {
  let data = workerData as NlpWorkerData;
  let pipeline = await build(data);
  // Reloads are applied in the order they were asked for, one at a time.
  let reloading: Promise<void> = Promise.resolve();
  // Requests posted while the model loaded were queued on the port; they are answered from here on, in order.
  port.on('message', (message: ToWorker) => {
    if (message.type === 'knowledge') {
      data = { ...data, knowledge: message.entries };
      pipeline.setKnowledge(message.entries);
      return;
    }
    if (message.type === 'reload') {
      // The new pipeline is built beside the old one, which keeps answering; the swap is one assignment
      // between two messages, so no request is dropped or answered by a half-loaded model.
      reloading = reloading.then(async () => {
        const next = { ...data, modelPath: message.modelPath };
        if (message.dataHash === undefined) delete next.dataHash;
        else next.dataHash = message.dataHash;
        try {
          const built = await build(next);
          built.setKnowledge(data.knowledge ?? []);
          pipeline = built;
          data = { ...next, knowledge: data.knowledge ?? [] };
          send({ type: 'reloaded', id: message.id });
        } catch (error) {
          send({ type: 'reload-failed', id: message.id, error: serializeError(error) });
        }
      });
      return;
    }
    if (message.type !== 'analyse') return;
    let analysis;
    try {
      analysis = pipeline.analyse(message.text);
    } catch (error) {
      send({ type: 'error', id: message.id, error: serializeError(error) });
      return;
    }
    if (message.tokens) {
      send({ type: 'result', id: message.id, analysis });
    } else {
      const { tokens: _tokens, ...rest } = analysis;
      send({ type: 'result', id: message.id, analysis: rest });
    }
  });
  send({ type: 'ready' });
} catch (error) {
  send({ type: 'failed', error: serializeError(error) });
  process.exit(1);
}
