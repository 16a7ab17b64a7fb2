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
