import { expect } from 'chai';
import {
  chooseOutOfScopeThreshold,
  chooseThresholdForRecall,
  fitTemperature,
  thresholdRejectionPrecision,
  wilsonLowerBound,
} from '../../../nlp/intent/calibration.ts';
import type { ThresholdCase } from '../../../nlp/intent/calibration.ts';

describe('confidence calibration', () => {
  it('finds the temperature that makes held-out confidence match held-out accuracy', () => {
    // Four items scored [2, 0]; three belong to class 0. The best calibrated confidence is 3/4, so
    // 1 / (1 + e^(−2/T)) = 3/4, i.e. T = 2 / ln 3.
    const scores = Array.from({ length: 4 }, () => Float64Array.from([2, 0]));
    const temperature = fitTemperature({ scores, gold: Int32Array.from([0, 0, 0, 1]) });
    expect(temperature).to.be.closeTo(2 / Math.log(3), 1e-3);
  });

  it('keeps the temperature at 1 without held-out data', () => {
    expect(fitTemperature({ scores: [], gold: new Int32Array(0) })).to.equal(1);
  });
});

describe('the out-of-scope threshold', () => {
  const inScope = (score: number, bestIsGold: boolean): ThresholdCase => ({
    score,
    outOfScope: false,
    bestIsGold,
    explicit: false,
  });
  const outOfScope = (score: number, explicit = false): ThresholdCase => ({
    score,
    outOfScope: true,
    bestIsGold: false,
    explicit,
  });
  const cases = [
    outOfScope(0.2),
    inScope(0.3, false),
    inScope(0.4, true),
    outOfScope(0.5),
    inScope(0.6, true),
    inScope(0.8, true),
    inScope(0.9, true),
  ];

  it('rejects more when out-of-scope traffic is assumed to be common', () => {
    // share 0.5: rejecting up to 0.5 catches both out-of-scope items for one right in-scope answer: worth it.
    expect(chooseOutOfScopeThreshold(cases, 0.5)).to.be.closeTo(0.55, 1e-12);
    // share 0.1: losing a right in-scope answer costs more than catching one more out-of-scope item gains.
    expect(chooseOutOfScopeThreshold(cases, 0.1)).to.be.closeTo(0.25, 1e-12);
  });

  it('is null (reject nothing) when the held-out data has no out-of-scope items to learn from', () => {
    expect(chooseOutOfScopeThreshold([inScope(0.3, false), inScope(0.9, true)], 0.5)).to.equal(null);
  });

  it('does not move for items the explicit out-of-scope class already rejects', () => {
    expect(
      chooseOutOfScopeThreshold([outOfScope(0.7, true), inScope(0.6, true), inScope(0.9, true)], 0.5),
    ).to.equal(null);
  });

  describe('chosen for a required out-of-scope recall', () => {
    it('bounds an observed share from below by the Wilson score interval (one-sided 95%)', () => {
      // 55 of 100: (0.55 + 0.01353 - 1.645 * sqrt(0.002475 + 0.0000677)) / 1.02706 = 0.4679.
      expect(wilsonLowerBound(55, 100)).to.be.closeTo(0.4679, 1e-4);
      expect(wilsonLowerBound(640, 1000)).to.be.closeTo(0.6147, 1e-4);
      expect(wilsonLowerBound(0, 0)).to.equal(0);
      expect(wilsonLowerBound(10, 10)).to.be.below(1);
    });

    // 20 out-of-scope items scored 0.05, 0.10, …, 1.00 and in-scope items at 0.33 (wrong), 0.52 and 0.95 (right).
    const many = [
      ...Array.from({ length: 20 }, (_, i) => outOfScope((i + 1) * 0.05)),
      inScope(0.33, false),
      inScope(0.52, true),
      inScope(0.95, true),
    ];

    it('takes the lowest threshold whose recall meets the requirement with 95% confidence', () => {
      // 14 of 20 rejected has a lower bound of 0.516, 15 of 20 (scores up to 0.75) 0.568: midway to 0.80.
      expect(wilsonLowerBound(14, 20)).to.be.below(0.55);
      expect(wilsonLowerBound(15, 20)).to.be.at.least(0.55);
      expect(chooseThresholdForRecall(many, 0.55)).to.be.closeTo(0.775, 1e-12);
      // A looser requirement keeps the right answer at 0.52: 9 of 20 rejected (up to 0.45), lower bound 0.284.
      expect(chooseThresholdForRecall(many, 0.25)).to.be.closeTo(0.475, 1e-12);
    });

    it('needs no threshold when the explicit class already meets it, and gives up when no threshold can', () => {
      const explicit = Array.from({ length: 20 }, () => outOfScope(0.9, true));
      expect(chooseThresholdForRecall([...explicit, inScope(0.5, true)], 0.8)).to.equal(null);
      // Two out-of-scope items can never show 90% with 95% confidence.
      expect(chooseThresholdForRecall([outOfScope(0.1), outOfScope(0.2), inScope(0.9, true)], 0.9)).to.equal(
        undefined,
      );
      expect(chooseThresholdForRecall([inScope(0.9, true)], 0.5)).to.equal(undefined);
    });
  });

  it('states the held-out precision of threshold rejections, smoothed towards one half', () => {
    // Below 0.25 only the out-of-scope item at 0.2 is rejected: (1 + 1) / (1 + 2).
    expect(thresholdRejectionPrecision(cases, 0.25)).to.be.closeTo(2 / 3, 1e-12);
    // Below 0.45: out-of-scope 0.2 (right), in-scope 0.3 and 0.4 (wrong): (1 + 1) / (3 + 2).
    expect(thresholdRejectionPrecision(cases, 0.45)).to.be.closeTo(2 / 5, 1e-12);
  });
});
