import { expect } from 'chai';
import { crossValidate, stratifiedFolds } from '../../../nlp/evaluation/cross-validation.ts';
import type { IntentClassifier, LabeledExample } from '../../../nlp/intent/types.ts';

const examples: LabeledExample[] = [
  ...Array.from({ length: 10 }, (_, i) => ({ text: `a${i}`, intent: 'a' })),
  ...Array.from({ length: 5 }, (_, i) => ({ text: `b${i}`, intent: 'b' })),
];

/** A classifier that answers the majority intent of its training part, so the outcome is computable by hand. */
function majority(trainPart: LabeledExample[]): IntentClassifier {
  const counts = new Map<string, number>();
  for (const e of trainPart) counts.set(e.intent, (counts.get(e.intent) ?? 0) + 1);
  const name = [...counts].sort((x, y) => y[1] - x[1])[0]![0];
  return {
    kind: 'majority',
    classify: () => ({ intent: { name, confidence: 0.5 }, ranking: [{ name, confidence: 0.5 }] }),
    toJSON: () => ({
      format: 'concierge-intent-model',
      version: 1,
      kind: 'majority',
      outOfScopeThreshold: 0.25,
    }),
  };
}

describe('stratified k-fold cross-validation', () => {
  it('spreads every intent evenly over the folds', () => {
    const folds = stratifiedFolds(examples, 5, 3);
    for (let k = 0; k < 5; k++) {
      const inFold = examples.filter((_, i) => folds[i] === k);
      expect(inFold.filter((e) => e.intent === 'a')).to.have.length(2);
      expect(inFold.filter((e) => e.intent === 'b')).to.have.length(1);
    }
  });

  it('assigns the same folds for the same seed', () => {
    expect(stratifiedFolds(examples, 5, 9)).to.deep.equal(stratifiedFolds(examples, 5, 9));
  });

  it('predicts every example exactly once with a model that did not see it', () => {
    const seen: string[][] = [];
    const result = crossValidate(
      examples,
      (part) => {
        seen.push(part.map((e) => e.text));
        return majority(part);
      },
      5,
    );
    expect(result.items.map((i) => i.text).sort()).to.deep.equal(examples.map((e) => e.text).sort());
    for (const item of result.items) expect(seen[item.fold]).not.to.include(item.text);
    expect(result.items.filter((i) => i.predicted === 'a')).to.have.length(15);
    expect(result.items.every((i) => i.bestInScope === i.predicted)).to.equal(true);
    expect(result.folds.map((f) => [f.trainSize, f.testSize, f.outOfScopeThreshold])).to.deep.equal(
      Array.from({ length: 5 }, () => [12, 3, 0.25]),
    );
  });

  it('refuses fewer than two folds', () => {
    expect(() => stratifiedFolds(examples, 1)).to.throw(/k ≥ 2/);
  });
});
