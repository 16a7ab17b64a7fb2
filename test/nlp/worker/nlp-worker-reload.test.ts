import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { trainIntentClassifier } from '../../../nlp/intent/index.ts';
import { saveIntentModel } from '../../../nlp/model-store.ts';
import { startNlpWorker, type NlpWorker } from '../../../nlp/worker/start-worker.ts';
import { defaultIntentData } from '../support/pipeline-fixtures.ts';

const phrases = (stem: string) =>
  ['please', 'now', 'today', 'again', 'quickly', 'thanks', 'ok', 'soon', 'here', 'there'].map(
    (w, i) => `${stem} ${w} ${i}`,
  );

/** Two models that tell themselves apart: each knows only its own intent names. */
async function saveModel(file: string, names: [string, string]): Promise<void> {
  const examples = [
    ...phrases('where is my parcel').map((text) => ({ text, intent: names[0] })),
    ...phrases('cancel my purchase').map((text) => ({ text, intent: names[1] })),
  ];
  await saveIntentModel(file, trainIntentClassifier(examples, { seed: 1 }), `hash-${names[0]}`);
}

describe('the NLP worker hot reload', function () {
  this.timeout(120_000);
  let dir: string;
  let worker: NlpWorker;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'concierge-nlp-reload-'));
    await saveModel(path.join(dir, 'a.json'), ['old_track', 'old_cancel']);
    await saveModel(path.join(dir, 'b.json'), ['new_track', 'new_cancel']);
    const data = await defaultIntentData();
    worker = await startNlpWorker({ modelPath: path.join(dir, 'a.json'), settings: data.settings });
  });
  after(async () => {
    await worker.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('swaps models between messages: none dropped, none half-loaded, none old after the first new one', async () => {
    const answers: Promise<string>[] = [];
    let reloaded = false;
    const reload = worker.reload(path.join(dir, 'b.json'), 'hash-new_track').then(() => (reloaded = true));
    for (let i = 0; i < 300 && !reloaded; i++) {
      answers.push(worker.analyse(`where is my parcel ${i}`).then((a) => a.ranking[0]!.name));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await reload;
    const names = await Promise.all(answers);
    expect(names.length).to.be.above(0);
    for (const name of names) expect(['old_track', 'new_track']).to.include(name);
    const firstNew = names.indexOf('new_track');
    if (firstNew >= 0) expect(names.slice(firstNew)).to.not.include('old_track');
    const after = await worker.analyse('where is my parcel please');
    expect(after.ranking[0]!.name).to.equal('new_track');
  });

  it('keeps the current model when the new one cannot be loaded', async () => {
    let failed: Error | undefined;
    await worker.reload(path.join(dir, 'missing.json')).catch((error: Error) => (failed = error));
    expect(failed?.message).to.contain('missing.json');
    expect((await worker.analyse('cancel my purchase now')).ranking[0]!.name).to.equal('new_cancel');
  });
});
