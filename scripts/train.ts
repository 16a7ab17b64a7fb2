// npm run train [-- --out <model.json>] [--data <intent dir>] [--seed <n>]
// Trains the intent classifier on the intent data and writes the model, whatever is already saved.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_INTENT_DIR, loadIntentData, toTrainingExamples } from '../intents/loader.ts';
import { trainIntentClassifier } from '../nlp/intent/index.ts';
import { saveIntentModel } from '../nlp/model-store.ts';

function defaultModelPath(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env['DATA_DIR'] ?? './data', 'models', 'intent-model.json');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      data: { type: 'string' },
      seed: { type: 'string' },
    },
  });
  const out = values.out !== undefined ? resolve(values.out) : defaultModelPath();
  const data = await loadIntentData(values.data !== undefined ? resolve(values.data) : DEFAULT_INTENT_DIR);
  const examples = toTrainingExamples(data);
  const started = performance.now();
  const classifier = trainIntentClassifier(
    examples,
    values.seed !== undefined ? { seed: Number(values.seed) } : {},
  );
  const seconds = (performance.now() - started) / 1000;
  await saveIntentModel(out, classifier, data.hash);
  console.log(
    `trained ${classifier.kind} on ${examples.length} examples (${data.intents.length} intents + out_of_scope) ` +
      `in ${seconds.toFixed(1)} s; data hash ${data.hash.slice(0, 12)}; wrote ${out}`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
