import { expect } from 'chai';
import {
  chooseOutOfScopeThreshold,
  fitTemperature,
  thresholdRejectionPrecision,
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

  it('states the held-out precision of threshold rejections, smoothed towards one half', () => {
    // Below 0.25 only the out-of-scope item at 0.2 is rejected: (1 + 1) / (1 + 2).
    expect(thresholdRejectionPrecision(cases, 0.25)).to.be.closeTo(2 / 3, 1e-12);
    // Below 0.45: out-of-scope 0.2 (right), in-scope 0.3 and 0.4 (wrong): (1 + 1) / (3 + 2).
    expect(thresholdRejectionPrecision(cases, 0.45)).to.be.closeTo(2 / 5, 1e-12);
  });
});
