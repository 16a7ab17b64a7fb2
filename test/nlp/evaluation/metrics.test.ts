import { expect } from 'chai';
import {
  inScopeBreakdown,
  classificationMetrics,
  confusionMatrix,
  metricsFromConfusion,
  outOfScopeMetrics,
  percentile,
} from '../../../nlp/evaluation/metrics.ts';

describe('classification metrics', () => {
  // Hand-computed case. Gold a,a,a,b,b,c ; predicted a,a,b,b,c,c
  //   confusion (rows gold, columns predicted; order a b c):
  //   a: 2 1 0   b: 0 1 1   c: 0 0 1
  //   a: precision 2/2, recall 2/3, F1 0.8
  //   b: precision 1/2, recall 1/2, F1 0.5
  //   c: precision 1/2, recall 1/1, F1 2/3
  const gold = ['a', 'a', 'a', 'b', 'b', 'c'];
  const predicted = ['a', 'a', 'b', 'b', 'c', 'c'];

  it('counts gold labels on rows and predictions on columns', () => {
    expect(confusionMatrix(gold, predicted)).to.deep.equal({
      labels: ['a', 'b', 'c'],
      counts: [
        [2, 1, 0],
        [0, 1, 1],
        [0, 0, 1],
      ],
    });
  });

  it('computes accuracy, per-class precision/recall/F1 and their macro and weighted means', () => {
    const m = classificationMetrics(gold, predicted);
    expect(m.accuracy).to.be.closeTo(4 / 6, 1e-12);
    const byLabel = Object.fromEntries(m.perClass.map((c) => [c.label, c]));
    expect(byLabel['a']).to.deep.include({ precision: 1, support: 3 });
    expect(byLabel['a']!.recall).to.be.closeTo(2 / 3, 1e-12);
    expect(byLabel['a']!.f1).to.be.closeTo(0.8, 1e-12);
    expect(byLabel['b']).to.deep.include({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(byLabel['c']!.f1).to.be.closeTo(2 / 3, 1e-12);
    expect(m.macroF1).to.be.closeTo((0.8 + 0.5 + 2 / 3) / 3, 1e-12);
    expect(m.macroPrecision).to.be.closeTo((1 + 0.5 + 0.5) / 3, 1e-12);
    expect(m.weightedF1).to.be.closeTo((0.8 * 3 + 0.5 * 2 + (2 / 3) * 1) / 6, 1e-12);
  });

  it('leaves labels that are only ever predicted out of the macro averages', () => {
    const m = classificationMetrics(['a', 'a'], ['a', 'z']);
    expect(m.perClass.map((c) => c.label)).to.deep.equal(['a', 'z']);
    expect(m.macroRecall).to.equal(0.5);
    expect(m.macroPrecision).to.equal(1);
  });

  it('reports zero, not NaN, for a label never predicted', () => {
    const m = metricsFromConfusion({
      labels: ['a', 'b'],
      counts: [
        [1, 0],
        [1, 0],
      ],
    });
    expect(m.perClass[1]).to.deep.include({ precision: 0, recall: 0, f1: 0 });
  });

  it('refuses gold and predictions of different lengths', () => {
    expect(() => classificationMetrics(['a'], [])).to.throw(/1 gold labels but 0 predictions/);
  });

  it('measures in-scope accuracy and out-of-scope recall separately (Larson et al. 2019)', () => {
    const oos = 'out_of_scope';
    // in-scope: a→a right, b→oos wrong, c→a wrong ; out of scope: oos→oos caught, oos→a missed
    const result = outOfScopeMetrics(['a', 'b', 'c', oos, oos], ['a', oos, 'a', oos, 'a'], oos);
    expect(result).to.deep.equal({
      inScopeAccuracy: 1 / 3,
      outOfScopeRecall: 0.5,
      inScopeCount: 3,
      outOfScopeCount: 2,
    });
  });

  it('tells in-scope items ranked wrong from in-scope items rejected as out of scope', () => {
    const oos = 'out_of_scope';
    // a: answered a (best a); b: rejected, best b (right intent lost to the rejection);
    // c: rejected, best a (wrong anyway); d: answered a (best a, wrong); the oos item does not count.
    const result = inScopeBreakdown(
      ['a', 'b', 'c', 'd', oos],
      ['a', oos, oos, 'a', oos],
      ['a', 'b', 'a', 'a', 'c'],
      oos,
    );
    expect(result).to.deep.equal({ bestIntentAccuracy: 0.5, rejected: 0.5, rightIntentRejected: 0.25 });
  });

  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).to.equal(50);
    expect(percentile(values, 99)).to.equal(99);
    expect(percentile(values, 100)).to.equal(100);
    expect(percentile([7], 99)).to.equal(7);
  });
});
