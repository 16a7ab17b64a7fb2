import { expect } from 'chai';
import { reliabilityTable } from '../../../nlp/evaluation/calibration.ts';

describe('the reliability table and expected calibration error', () => {
  it('bins by stated confidence and weighs each bin’s gap by its share of the items', () => {
    // Bin 0.2–0.3: confidences 0.25, 0.25 with one right → accuracy 0.5, gap 0.25.
    // Bin 0.9–1.0: confidences 0.9, 1.0 (1.0 falls in the last bin), both right → mean 0.95, gap 0.05.
    const table = reliabilityTable([0.25, 0.25, 0.9, 1], [true, false, true, true], 10);
    const low = table.bins[2]!;
    const high = table.bins[9]!;
    expect(low).to.deep.include({ count: 2, accuracy: 0.5 });
    expect(low.meanConfidence).to.be.closeTo(0.25, 1e-12);
    expect(high).to.deep.include({ count: 2, accuracy: 1 });
    expect(high.meanConfidence).to.be.closeTo(0.95, 1e-12);
    expect(table.expectedCalibrationError).to.be.closeTo(0.5 * 0.25 + 0.5 * 0.05, 1e-12);
    expect(table.maximumCalibrationError).to.be.closeTo(0.25, 1e-12);
    expect(table.bins.filter((b) => b.count === 0)).to.have.length(8);
  });

  it('is zero for a classifier that is right exactly as often as it says', () => {
    const confidences = [0.75, 0.75, 0.75, 0.75];
    expect(reliabilityTable(confidences, [true, true, true, false]).expectedCalibrationError).to.equal(0);
  });

  it('is the full gap for a classifier that is always sure and always wrong', () => {
    expect(reliabilityTable([1, 1], [false, false]).expectedCalibrationError).to.equal(1);
  });

  it('refuses a confidence outside [0, 1]', () => {
    expect(() => reliabilityTable([1.2], [true])).to.throw(/outside \[0, 1\]/);
  });
});
