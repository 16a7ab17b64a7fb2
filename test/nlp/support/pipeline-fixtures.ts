import { loadIntentData, toTrainingExamples } from '../../../intents/loader.ts';
import type { IntentData } from '../../../intents/loader.ts';
import { trainIntentClassifier } from '../../../nlp/intent/index.ts';
import type { IntentClassifier, IntentResult } from '../../../nlp/intent/types.ts';
import type { Catalogue } from '../../../nlp/entities/catalogue.ts';
import { createNlpPipeline } from '../../../nlp/pipeline.ts';
import type { NlpPipeline } from '../../../nlp/pipeline.ts';

/** Wednesday 25 November 2026, 10:00 UTC: the reference moment for every relative date in the tests. */
export const REFERENCE_NOW = new Date('2026-11-25T10:00:00Z');

export const TEST_CATALOGUE: Catalogue = {
  products: [
    { id: 'p-aurora', name: 'Aurora Headphones' },
    { id: 'p-trail', name: 'Trail Runner Shoes', aliases: ['trail runners'] },
    { id: 'p-brew', name: 'BrewMaster Coffee Machine' },
  ],
  categories: [
    { id: 'c-headphones', name: 'headphones' },
    { id: 'c-kitchen', name: 'kitchen appliances' },
    { id: 'c-shoes', name: 'shoes' },
  ],
};

/** A classifier that always answers the same: for tests of the steps, where the intent does not matter. */
export function fixedClassifier(name = 'greeting'): IntentClassifier {
  const result: IntentResult = { intent: { name, confidence: 1 }, ranking: [{ name, confidence: 1 }] };
  return {
    kind: 'fixed',
    classify: () => result,
    toJSON: () => ({ format: 'concierge-intent-model', version: 1, kind: 'fixed' }),
  };
}

let defaultData: Promise<IntentData> | undefined;
export function defaultIntentData(): Promise<IntentData> {
  defaultData ??= loadIntentData();
  return defaultData;
}

export async function stepsPipeline(catalogue: Catalogue = TEST_CATALOGUE): Promise<NlpPipeline> {
  const { settings } = await defaultIntentData();
  return createNlpPipeline({ classifier: fixedClassifier(), settings, catalogue, now: () => REFERENCE_NOW });
}

let defaultModel: Promise<IntentClassifier> | undefined;
/** The default intents' model, trained once per test run (a few seconds) and shared by every spec. */
export function defaultIntentModel(): Promise<IntentClassifier> {
  defaultModel ??= defaultIntentData().then((data) =>
    trainIntentClassifier(toTrainingExamples(data), { seed: 7 }),
  );
  return defaultModel;
}
