import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { restoreIntentClassifier, trainIntentClassifier } from './intent/index.ts';
import { OUT_OF_SCOPE } from './intent/types.ts';
import type { IntentClassifier, IntentModelArtifact, LabeledExample, TrainOptions } from './intent/types.ts';

/** The file written next to the classifier's own artifact: which intent data it was trained on, and when. */
export interface SavedIntentModel {
  format: 'concierge-intent-model-file';
  version: 1;
  /** `IntentData.hash` of the data the model was trained on. */
  dataHash: string;
  trainedAt: string;
  artifact: IntentModelArtifact;
}

export interface LoadedIntentModel {
  classifier: IntentClassifier;
  dataHash: string;
  trainedAt: string;
}

/** Labelled examples and the hash of the data they come from. */
export interface TrainingData {
  hash: string;
  examples: LabeledExample[];
}

/** The shape of `IntentData` that training reads; declared here so the library does not import the loader. */
export interface IntentTrainingData {
  hash: string;
  intents: readonly { name: string; examples: readonly string[] }[];
  outOfScope: readonly string[];
}

function examplesOf(data: TrainingData | IntentTrainingData): LabeledExample[] {
  if ('examples' in data) return data.examples;
  return [
    ...data.intents.flatMap((intent) => intent.examples.map((text) => ({ text, intent: intent.name }))),
    ...data.outOfScope.map((text) => ({ text, intent: OUT_OF_SCOPE })),
  ];
}

export type TrainFunction = (examples: LabeledExample[], options?: TrainOptions) => IntentClassifier;

export async function saveIntentModel(
  path: string,
  classifier: IntentClassifier,
  dataHash: string,
): Promise<void> {
  const saved: SavedIntentModel = {
    format: 'concierge-intent-model-file',
    version: 1,
    dataHash,
    trainedAt: new Date().toISOString(),
    artifact: classifier.toJSON(),
  };
  await mkdir(dirname(path), { recursive: true });
  // write then rename, so a reader never sees half a model and a crash keeps the previous one
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(saved));
  await rename(temporary, path);
}

/** The saved model, or undefined when there is no file. Throws when the file exists but cannot be used. */
export async function loadIntentModel(path: string): Promise<LoadedIntentModel | undefined> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const saved = JSON.parse(raw) as Partial<SavedIntentModel>;
  if (
    saved.format !== 'concierge-intent-model-file' ||
    saved.version !== 1 ||
    typeof saved.dataHash !== 'string'
  ) {
    throw new Error(
      `${path} is not a Concierge intent model file (format/version/dataHash missing); retrain with npm run train`,
    );
  }
  return {
    classifier: restoreIntentClassifier(saved.artifact),
    dataHash: saved.dataHash,
    trainedAt: saved.trainedAt ?? '',
  };
}

export interface EnsureIntentModelOptions {
  modelPath: string;
  /** An `IntentData` from intents/loader.ts, or examples with their hash. */
  data: TrainingData | IntentTrainingData;
  trainOptions?: TrainOptions;
  /** Defaults to the project's classifier; benchmarks and tests pass another. */
  train?: TrainFunction;
}

export interface EnsuredIntentModel {
  classifier: IntentClassifier;
  trained: boolean;
  /** Why it trained, or 'loaded'. */
  reason: 'loaded' | 'missing' | 'stale' | 'unreadable';
}

/**
 * Loads the saved model when it was trained on this data; otherwise trains and saves one. Start-up calls this,
 * so a server never trains unless the data changed or there is no usable model.
 */
export async function ensureIntentModel(options: EnsureIntentModelOptions): Promise<EnsuredIntentModel> {
  const { modelPath, data } = options;
  let reason: EnsuredIntentModel['reason'] = 'missing';
  try {
    const loaded = await loadIntentModel(modelPath);
    if (loaded !== undefined) {
      if (loaded.dataHash === data.hash)
        return { classifier: loaded.classifier, trained: false, reason: 'loaded' };
      reason = 'stale';
    }
  } catch {
    // a corrupt or outdated artifact is replaced, not fatal: the data to retrain from is at hand
    reason = 'unreadable';
  }
  const classifier = (options.train ?? trainIntentClassifier)(examplesOf(data), options.trainOptions);
  await saveIntentModel(modelPath, classifier, data.hash);
  return { classifier, trained: true, reason };
}
