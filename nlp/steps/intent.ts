import type { IntentDoc, PipelineStep, SentimentDoc } from '../document.ts';
import type { IntentClassifier } from '../intent/types.ts';

/** The classifier reads the normalised, capped text: the same text every other step saw. */
export function createIntentStep(classifier: IntentClassifier): PipelineStep<SentimentDoc, IntentDoc> {
  return {
    name: 'intent',
    process: (doc) => ({ ...doc, intent: classifier.classify(doc.normalised.text) }),
  };
}
