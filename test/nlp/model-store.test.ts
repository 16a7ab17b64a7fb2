import { expect } from 'chai';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toTrainingExamples } from '../../intents/loader.ts';
import type { IntentClassifier, LabeledExample, TrainOptions } from '../../nlp/intent/types.ts';
import { ensureIntentModel, loadIntentModel, saveIntentModel } from '../../nlp/model-store.ts';
import type { TrainingData } from '../../nlp/model-store.ts';
import { defaultIntentData, defaultIntentModel } from './support/pipeline-fixtures.ts';

describe('intent model lifecycle', () => {
  let dir: string;
  let data: TrainingData;
  let trainings: number;
  let shared: IntentClassifier;
  // counts how often ensureIntentModel trains; hands back the run's shared default model, so the lifecycle
  // specs do not pay for training again (one spec below uses the real trainer)
  const countingTrain = (_examples: LabeledExample[], _options?: TrainOptions): IntentClassifier => {
    trainings += 1;
    return shared;
  };

  before(async () => {
    const intentData = await defaultIntentData();
    data = { hash: intentData.hash, examples: toTrainingExamples(intentData) };
    shared = await defaultIntentModel();
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'concierge-model-'));
    trainings = 0;
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('saves a model with the data hash and loads it back with identical predictions', async () => {
    const classifier = await defaultIntentModel();
    const path = join(dir, 'models', 'intent-model.json');
    await saveIntentModel(path, classifier, 'abc123');
    const loaded = await loadIntentModel(path);
    expect(loaded?.dataHash).to.equal('abc123');
    for (const text of ['where is my order', 'tell me a joke', 'I want a refund']) {
      expect(loaded?.classifier.classify(text)).to.deep.equal(classifier.classify(text));
    }
  });

  it('reports no model when the file does not exist', async () => {
    expect(await loadIntentModel(join(dir, 'missing.json'))).to.equal(undefined);
  });

  it('trains and saves when no model exists, then loads it on the next start without training', async () => {
    const modelPath = join(dir, 'intent-model.json');
    const first = await ensureIntentModel({ modelPath, data, train: countingTrain });
    expect(first).to.include({ trained: true, reason: 'missing' });
    const second = await ensureIntentModel({ modelPath, data, train: countingTrain });
    expect(second).to.include({ trained: false, reason: 'loaded' });
    expect(trainings).to.equal(1);
    expect(second.classifier.classify('where is my parcel')).to.deep.equal(
      first.classifier.classify('where is my parcel'),
    );
  });

  it('takes the loaded intent data as it is, training on the same examples as toTrainingExamples', async () => {
    const intentData = await defaultIntentData();
    let seen: LabeledExample[] = [];
    const modelPath = join(dir, 'intent-model.json');
    await ensureIntentModel({
      modelPath,
      data: intentData,
      train: (examples, options) => ((seen = examples), countingTrain(examples, options)),
    });
    expect(seen).to.deep.equal(toTrainingExamples(intentData));
    expect((await loadIntentModel(modelPath))?.dataHash).to.equal(intentData.hash);
  });

  it('retrains when the saved model was trained on other data', async () => {
    const modelPath = join(dir, 'intent-model.json');
    await saveIntentModel(modelPath, await defaultIntentModel(), 'hash-of-older-data');
    const result = await ensureIntentModel({ modelPath, data, train: countingTrain });
    expect(result).to.include({ trained: true, reason: 'stale' });
    expect(trainings).to.equal(1);
    expect((await loadIntentModel(modelPath))?.dataHash).to.equal(data.hash);
  });

  it('replaces an unreadable model file with one trained by the project classifier, instead of failing the start-up', async () => {
    const modelPath = join(dir, 'intent-model.json');
    await writeFile(modelPath, '{"format":"something-else"}');
    const result = await ensureIntentModel({ modelPath, data });
    expect(result).to.include({ trained: true, reason: 'unreadable' });
    expect(result.classifier.classify('where is my order #10023').intent.name).to.equal('order_status');
    expect(JSON.parse(await readFile(modelPath, 'utf8'))).to.include({
      format: 'concierge-intent-model-file',
    });
  });

  it('retrains a model saved by an older artifact version instead of misreading it', async () => {
    const modelPath = join(dir, 'intent-model.json');
    await saveIntentModel(modelPath, shared, data.hash);
    const saved = JSON.parse(await readFile(modelPath, 'utf8'));
    // version 1 artifacts had no dense word-vector block
    const { embedding: _embedding, ...older } = saved.artifact;
    await writeFile(modelPath, JSON.stringify({ ...saved, artifact: { ...older, version: 1 } }));
    const result = await ensureIntentModel({ modelPath, data, train: countingTrain });
    expect(result).to.include({ trained: true, reason: 'unreadable' });
    expect(trainings).to.equal(1);
    expect(JSON.parse(await readFile(modelPath, 'utf8')).artifact.version).to.equal(2);
  });
});
