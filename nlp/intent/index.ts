import { IntentModelError, validateLinearArtifact } from './artifact.ts';
import { LinearIntentClassifier } from './linear-classifier.ts';
import { trainLinearClassifier } from './train.ts';
import type { IntentClassifier, LabeledExample, TrainOptions } from './types.ts';

export type {
  IntentClassifier,
  IntentModelArtifact,
  IntentResult,
  LabeledExample,
  RankedIntent,
  TrainOptions,
} from './types.ts';
export { OUT_OF_SCOPE } from './types.ts';
export { IntentModelError } from './artifact.ts';
export { IntentTrainingError } from './train.ts';
export { LinearIntentClassifier } from './linear-classifier.ts';

export function trainIntentClassifier(examples: LabeledExample[], options?: TrainOptions): IntentClassifier {
  return trainLinearClassifier(examples, options);
}

/** Validates the artifact (format, kind, version, shapes) and rebuilds the classifier it describes. */
export function restoreIntentClassifier(artifact: unknown): IntentClassifier {
  if (typeof artifact === 'string') {
    throw new IntentModelError(
      'restoreIntentClassifier expects the parsed artifact object, not a JSON string',
    );
  }
  return new LinearIntentClassifier(validateLinearArtifact(artifact));
}
