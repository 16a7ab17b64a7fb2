import { expect } from 'chai';
import { evaluateCandidate, scoreOnReference } from '../../../nlp/evaluation/candidate-report.ts';
import type { IntentClassifier, LabeledExample } from '../../../nlp/intent/types.ts';

const WORDS = ['today', 'now', 'please', 'again', 'quickly', 'soon', 'here', 'there', 'still', 'yet'];
const intent = (name: string, phrase: (word: string) => string): LabeledExample[] =>
  WORDS.map((word) => ({ text: phrase(word), intent: name }));

/** Answers the intent of the training example sharing the most words: learns whatever its data says. */
function nearestByWords(trainPart: LabeledExample[]): IntentClassifier {
  const words = (text: string) => new Set(text.split(' '));
  return {
    kind: 'nearest',
    classify(text) {
      const mine = words(text);
      let best = trainPart[0]!;
      let bestShared = -1;
      for (const example of trainPart) {
        const shared = [...words(example.text)].filter((w) => mine.has(w)).length;
        if (shared > bestShared) [best, bestShared] = [example, shared];
      }
      const ranking = [{ name: best.intent, confidence: 0.9 }];
      return { intent: ranking[0]!, ranking };
    },
    toJSON: () => ({ format: 'concierge-intent-model', version: 1, kind: 'nearest' }),
  };
}

const deployedData = [
  ...intent('order_status', (w) => `where is my order ${w}`),
  ...intent('refund', (w) => `i want a refund ${w}`),
  ...intent('greeting', (w) => `hello there friend ${w}`),
];
const key = (text: string) => text.toLowerCase();

describe('a candidate scored on the deployed model’s data (the deploy gate’s common ground)', () => {
  it('gives exactly the deployed data’s own k-fold score when the data did not change', () => {
    const own = evaluateCandidate(deployedData, nearestByWords, { folds: 5 });
    const onReference = scoreOnReference(
      { versionId: 'v1', examples: deployedData },
      deployedData,
      nearestByWords,
      { folds: 5, textKey: key },
    );
    expect(onReference).to.deep.include({ versionId: 'v1', examples: 30, leftOut: [] });
    expect(onReference.macroF1).to.equal(own.macroF1);
    expect(onReference.accuracy).to.equal(own.accuracy);
  });

  it('shows the loss of an intent whose examples were replaced by nonsense, which its own k-fold hides', () => {
    const nonsense = WORDS.map((_, i) => ({ text: `blorp zzk${'q'.repeat(i)}`, intent: 'refund' }));
    const candidate = [...deployedData.filter((e) => e.intent !== 'refund'), ...nonsense];
    // Its own data says the nonsense is "refund": learnt perfectly, so its own score cannot see the damage.
    expect(evaluateCandidate(candidate, nearestByWords, { folds: 5 }).macroF1).to.equal(1);
    const onReference = scoreOnReference(
      { versionId: 'v1', examples: deployedData },
      candidate,
      nearestByWords,
      { folds: 5, textKey: key },
    );
    expect(onReference.macroF1).to.be.below(0.7);
  });

  it('never trains on a reference phrase it is tested on, and leaves out intents the candidate dropped', () => {
    const seen: string[][] = [];
    const candidate = deployedData.filter((e) => e.intent !== 'greeting');
    const result = scoreOnReference(
      { versionId: 'v1', examples: deployedData },
      candidate.map((e) => ({ ...e, text: e.text.toUpperCase() })),
      (part) => {
        seen.push(part.map((e) => e.text.toLowerCase()));
        return nearestByWords(part);
      },
      { folds: 5, textKey: key },
    );
    expect(result.leftOut).to.deep.equal(['greeting']);
    expect(result.examples).to.equal(20);
    for (const trained of seen) expect(trained).to.have.length(16);
  });
});
