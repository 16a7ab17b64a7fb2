/** Reliability (calibration) table and expected calibration error (Guo et al. 2017, equal-width bins). */

export interface ReliabilityBin {
  lower: number;
  upper: number;
  count: number;
  /** Mean stated confidence of the items in the bin (0 when empty). */
  meanConfidence: number;
  /** Share of the items in the bin that were right (0 when empty). */
  accuracy: number;
}

export interface Reliability {
  bins: ReliabilityBin[];
  /** Σ (bin count / total) · |accuracy − mean confidence|: 0 is perfectly calibrated. */
  expectedCalibrationError: number;
  /** Largest |accuracy − mean confidence| over non-empty bins. */
  maximumCalibrationError: number;
}

export function reliabilityTable(
  confidences: readonly number[],
  correct: readonly boolean[],
  binCount = 10,
): Reliability {
  if (confidences.length !== correct.length) {
    throw new Error(`reliability: ${confidences.length} confidences but ${correct.length} outcomes`);
  }
  if (!Number.isInteger(binCount) || binCount < 1)
    throw new Error('reliability: bin count must be a positive integer');
  const sums = Array.from({ length: binCount }, () => ({ count: 0, confidence: 0, right: 0 }));
  confidences.forEach((confidence, i) => {
    if (!(confidence >= 0 && confidence <= 1))
      throw new Error(`reliability: confidence ${confidence} is outside [0, 1]`);
    // A confidence of exactly 1 belongs to the last bin, not to a bin of its own.
    const bin = sums[Math.min(binCount - 1, Math.floor(confidence * binCount))]!;
    bin.count++;
    bin.confidence += confidence;
    if (correct[i]) bin.right++;
  });
  const total = confidences.length;
  let ece = 0;
  let mce = 0;
  const bins = sums.map((sum, i) => {
    const meanConfidence = sum.count === 0 ? 0 : sum.confidence / sum.count;
    const accuracy = sum.count === 0 ? 0 : sum.right / sum.count;
    if (sum.count > 0) {
      const gap = Math.abs(accuracy - meanConfidence);
      ece += (sum.count / total) * gap;
      mce = Math.max(mce, gap);
    }
    return { lower: i / binCount, upper: (i + 1) / binCount, count: sum.count, meanConfidence, accuracy };
  });
  return { bins, expectedCalibrationError: ece, maximumCalibrationError: mce };
}
