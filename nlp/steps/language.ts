import type { IntentDoc, LanguageDoc, PipelineStep } from '../document.ts';
import { detectLanguage } from '../language/detect.ts';

/** Whether the message is English, the one language the intent model and the replies cover. */
export function createLanguageStep(): PipelineStep<IntentDoc, LanguageDoc> {
  return {
    name: 'language',
    process: (doc) => ({ ...doc, language: detectLanguage(doc.normalised.text) }),
  };
}
