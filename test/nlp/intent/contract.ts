import { expect } from 'chai';
import type { IntentClassifier, LabeledExample, TrainOptions } from '../../../nlp/intent/types.ts';
import { OUT_OF_SCOPE } from '../../../nlp/intent/types.ts';
import { PROBES, SHOP_EXAMPLES } from './fixture.ts';

export interface ClassifierUnderTest {
  name: string;
  train(examples: LabeledExample[], options?: TrainOptions): IntentClassifier;
  restore(artifact: unknown): IntentClassifier;
}

/** The behaviour every intent classifier must show, whatever its design. */
export function describeClassifierContract(subject: ClassifierUnderTest): void {
  describe(`the intent classifier contract: ${subject.name}`, () => {
    let classifier: IntentClassifier;
    before(() => {
      classifier = subject.train(SHOP_EXAMPLES, { seed: 7 });
    });

    it('gives identical rankings after toJSON → JSON text → parse → restore', () => {
      const restored = subject.restore(JSON.parse(JSON.stringify(classifier.toJSON())));
      expect(restored.kind).to.equal(classifier.kind);
      for (const text of PROBES)
        expect(restored.classify(text), text).to.deep.equal(classifier.classify(text));
    });

    it('saves a versioned artifact naming its format and kind', () => {
      const artifact = classifier.toJSON();
      expect(artifact.format).to.equal('concierge-intent-model');
      expect(artifact.version).to.be.a('number');
      expect(artifact.kind).to.equal(classifier.kind);
    });

    it('ranks every known intent once, sorted by confidence, each confidence in [0, 1]', () => {
      const known = [...new Set(SHOP_EXAMPLES.map((e) => e.intent))].sort();
      for (const text of PROBES) {
        const { intent, ranking } = classifier.classify(text);
        expect(ranking.map((r) => r.name).sort()).to.deep.equal(known);
        for (let i = 0; i < ranking.length; i++) {
          expect(ranking[i]!.confidence).to.be.within(0, 1);
          if (i > 0) expect(ranking[i]!.confidence).to.be.at.most(ranking[i - 1]!.confidence);
        }
        expect(intent.confidence).to.be.within(0, 1);
      }
    });

    it('recognises in-scope requests it was not trained on', () => {
      expect(classifier.classify('where is my parcel').intent.name).to.equal('order_status');
      expect(classifier.classify('please cancel my order').intent.name).to.equal('cancel_order');
      expect(classifier.classify('I want to return this and get my money back').intent.name).to.equal(
        'return_refund',
      );
    });

    it('judges an unrelated question out of scope', () => {
      expect(classifier.classify('who is the president of brazil').intent.name).to.equal(OUT_OF_SCOPE);
    });

    it('trains the same model twice from the same seed', () => {
      const again = subject.train(SHOP_EXAMPLES, { seed: 7 });
      expect(again.toJSON()).to.deep.equal(classifier.toJSON());
    });

    it('refuses an artifact of another format or version with a message saying so', () => {
      const artifact = classifier.toJSON();
      expect(() => subject.restore({ ...artifact, format: 'something-else' })).to.throw(/format/);
      expect(() => subject.restore({ ...artifact, version: 999 })).to.throw(/version/);
      expect(() => subject.restore(null)).to.throw(/artifact/);
    });
  });
}
