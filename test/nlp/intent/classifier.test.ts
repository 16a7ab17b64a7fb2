import { expect } from 'chai';
import { restoreIntentClassifier, trainIntentClassifier } from '../../../nlp/intent/index.ts';
import type { LinearIntentClassifier } from '../../../nlp/intent/linear-classifier.ts';
import { describeClassifierContract } from './contract.ts';
import { SHOP_EXAMPLES } from './fixture.ts';

describeClassifierContract({
  name: 'concierge-linear (trainIntentClassifier / restoreIntentClassifier)',
  train: trainIntentClassifier,
  restore: restoreIntentClassifier,
});

describe('the concierge-linear classifier', () => {
  it('refuses to train on a single intent and says what to add', () => {
    expect(() => trainIntentClassifier([{ text: 'hello', intent: 'greeting' }])).to.throw(/another intent/);
  });

  it('refuses to train without examples', () => {
    expect(() => trainIntentClassifier([])).to.throw(/no training examples/);
  });

  it('uses a fixed out-of-scope threshold when one is given', () => {
    const classifier = trainIntentClassifier(SHOP_EXAMPLES, { outOfScopeThreshold: 1000 });
    expect((classifier as LinearIntentClassifier).outOfScopeThreshold).to.equal(1000);
    expect(classifier.classify('where is my parcel').intent.name).to.equal('out_of_scope');
  });

  it('carries caller metadata in the artifact', () => {
    const classifier = trainIntentClassifier(SHOP_EXAMPLES, { metadata: { dataHash: 'abc' } });
    expect(classifier.toJSON()['metadata']).to.deep.equal({ dataHash: 'abc' });
  });

  it('says when it is handed a JSON string instead of the parsed artifact', () => {
    const text = JSON.stringify(trainIntentClassifier(SHOP_EXAMPLES).toJSON());
    expect(() => restoreIntentClassifier(text)).to.throw(/parsed artifact/);
  });
});

describe('the concierge-linear classifier with a validation split', () => {
  const inScopeOnly = SHOP_EXAMPLES.filter((e) => e.intent !== 'out_of_scope');
  const validation = [
    { text: 'hi, good afternoon', intent: 'greeting' },
    { text: 'where has my parcel got to', intent: 'order_status' },
    { text: 'cancel the order I placed', intent: 'cancel_order' },
    { text: 'I need my money back for this', intent: 'return_refund' },
    { text: 'how far away is the moon', intent: 'out_of_scope' },
    { text: 'write me a poem about cats', intent: 'out_of_scope' },
    { text: 'who painted the mona lisa', intent: 'out_of_scope' },
  ];

  it('learns an out-of-scope threshold from validation examples even without an out_of_scope class', () => {
    const classifier = trainIntentClassifier(inScopeOnly, { seed: 3, validation }) as LinearIntentClassifier;
    expect(classifier.labels).not.to.include('out_of_scope');
    expect(classifier.outOfScopeThreshold).to.be.a('number');
    expect(classifier.classify('where is my parcel').intent.name).to.equal('order_status');
  });

  it('places the threshold for a required out-of-scope recall when the validation data can show it', () => {
    // Of 3 validation items, 2 rejected bound the recall at 0.25 from below with 95% confidence (Wilson), 1 at
    // 0.06: the lowest threshold that rejects 2 is taken, and it keeps the third (the share rule rejects all 3).
    const classifier = trainIntentClassifier(inScopeOnly, { seed: 3, validation, outOfScopeRecall: 0.2 });
    const verdicts = validation.map((e) => classifier.classify(e.text).intent.name);
    expect(verdicts.filter((name) => name === 'out_of_scope')).to.have.length(2);
    expect(verdicts.slice(0, 4)).to.deep.equal(validation.slice(0, 4).map((e) => e.intent));
    // 3 items cannot show 90% (all 3 rejected bound it at 0.53): the assumed-share rule decides instead.
    const fallback = trainIntentClassifier(inScopeOnly, { seed: 3, validation, outOfScopeRecall: 0.9 });
    const byShare = trainIntentClassifier(inScopeOnly, { seed: 3, validation });
    expect(validation.map((e) => byShare.classify(e.text).intent.name)).to.deep.equal(
      validation.map((e) => e.intent),
    );
    expect((fallback as LinearIntentClassifier).outOfScopeThreshold).to.equal(
      (byShare as LinearIntentClassifier).outOfScopeThreshold,
    );
  });

  it('refuses a required out-of-scope recall that is not a share', () => {
    for (const outOfScopeRecall of [0, 1.5, Number.NaN]) {
      expect(() => trainIntentClassifier(inScopeOnly, { validation, outOfScopeRecall })).to.throw(
        /outOfScopeRecall must be a share/,
      );
    }
  });

  it('never rejects by threshold when nothing out of scope was ever shown to it', () => {
    const classifier = trainIntentClassifier(inScopeOnly, { seed: 3 }) as LinearIntentClassifier;
    expect(classifier.outOfScopeThreshold).to.equal(null);
    expect(classifier.classify('how far away is the moon').intent.name).not.to.equal('out_of_scope');
  });
});
