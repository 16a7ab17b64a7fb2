// A training job's thread (see job-runner.ts): k-fold evaluation of the candidate, then the candidate itself
// trained on all the data. Never on the server's event loop: a BANKING77-sized set takes tens of seconds.
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { phraseKey } from '../../../intents/validate.ts';
import { evaluateCandidate, scoreOnReference } from '../../../nlp/evaluation/candidate-report.ts';
import { trainIntentClassifier } from '../../../nlp/intent/index.ts';
import type { LinearTrainOptions } from '../../../nlp/intent/train.ts';
import type { LabeledExample } from '../../../nlp/intent/types.ts';
import type { SavedIntentModel } from '../../../nlp/model-store.ts';
import type { FromTrainThread, TrainThreadData } from './train-messages.ts';

const port = parentPort;
if (!port) throw new Error('train-thread.ts must run in a worker thread');
const send = (message: FromTrainThread) => port.postMessage(message);
const data = workerData as TrainThreadData;

try {
  // On Linux the nice value belongs to the thread (pid 0 = this thread), so only training yields the cores.
  try {
    if (data.nice > 0) setPriority(data.nice);
  } catch {
    // Not permitted or not supported: training still runs, at normal priority.
  }
  // One core for training: the SVM's second thread would take the chat's other core.
  const options: LinearTrainOptions = { svmThread: false };
  const evaluationShare = 0.8;
  // With a deployed model to compare with, half of the evaluation is the candidate on the deployed data.
  const ownShare = data.reference ? evaluationShare / 2 : evaluationShare;
  const trainFold = (part: LabeledExample[], fold: number) =>
    trainIntentClassifier(part, { ...options, seed: data.seed + fold + 1 } as LinearTrainOptions);
  send({ type: 'progress', stage: 'evaluating', progress: 0 });
  const report = evaluateCandidate(data.examples, trainFold, {
    folds: data.folds,
    seed: data.seed,
    onFold: (done, total) =>
      send({ type: 'progress', stage: 'evaluating', progress: (done / total) * ownShare }),
  });
  if (data.reference) {
    report.reference = scoreOnReference(data.reference, data.examples, trainFold, {
      folds: data.folds,
      seed: data.seed,
      textKey: phraseKey,
      onFold: (done, total) =>
        send({
          type: 'progress',
          stage: 'evaluating',
          progress: ownShare + (done / total) * (evaluationShare - ownShare),
        }),
    });
  }
  send({ type: 'progress', stage: 'training', progress: evaluationShare });
  const classifier = trainIntentClassifier(data.examples, {
    ...options,
    seed: data.seed,
  } as LinearTrainOptions);
  const saved: SavedIntentModel = {
    format: 'concierge-intent-model-file',
    version: 1,
    dataHash: data.dataHash,
    trainedAt: new Date().toISOString(),
    artifact: classifier.toJSON(),
  };
  send({ type: 'progress', stage: 'saving', progress: 0.95 });
  send({ type: 'done', file: JSON.stringify(saved), report, kind: classifier.kind });
} catch (error) {
  const e = error instanceof Error ? error : new Error(String(error));
  send({ type: 'failed', error: { name: e.name, message: e.message } });
}
