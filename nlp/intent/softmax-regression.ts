import type { SparseVector } from './features.ts';
import { createRandom, shuffleInPlace } from './random.ts';

export interface SoftmaxTrainingOptions {
  epochs: number;
  /** L2 penalty per example. */
  l2: number;
  /** Initial learning rate; decays as eta0 / (1 + eta0 * l2 * t) (Bottou's schedule for L2-regularised SGD). */
  learningRate: number;
  seed: number;
  /** Per-class loss weights (class-balanced training); omitted means 1 for every class. */
  classWeights?: Float64Array;
  /** Average the weights over the ends of the last epochs (from this fraction of training on). */
  averageFrom: number;
}

/** Gradients smaller than this are skipped: their updates are below what 16-bit weights can store anyway. */
const GRADIENT_FLOOR = 1e-4;

/** Linear scores laid out feature-major: weights[f * classes + c], so one example touches contiguous rows. */
export interface LinearModel {
  classes: number;
  weights: Float32Array;
  bias: Float32Array;
}

export function linearScores(model: LinearModel, x: SparseVector, out: Float64Array): Float64Array {
  const { classes, weights, bias } = model;
  for (let c = 0; c < classes; c++) out[c] = bias[c]!;
  for (let k = 0; k < x.indices.length; k++) {
    const v = x.values[k]!;
    const row = x.indices[k]! * classes;
    for (let c = 0; c < classes; c++) out[c] = out[c]! + v * weights[row + c]!;
  }
  return out;
}

export function softmaxInPlace(scores: Float64Array, temperature = 1): Float64Array {
  let max = -Infinity;
  for (let c = 0; c < scores.length; c++) if (scores[c]! > max) max = scores[c]!;
  let sum = 0;
  for (let c = 0; c < scores.length; c++) {
    const e = Math.exp((scores[c]! - max) / temperature);
    scores[c] = e;
    sum += e;
  }
  for (let c = 0; c < scores.length; c++) scores[c] = scores[c]! / sum;
  return scores;
}

/**
 * Multinomial logistic regression by SGD on sparse vectors. The L2 shrinkage is applied through one scale
 * factor instead of touching every weight per step, which keeps a step proportional to the non-zeros.
 */
export function trainSoftmaxRegression(
  examples: readonly SparseVector[],
  labels: Int32Array,
  classes: number,
  features: number,
  options: SoftmaxTrainingOptions,
): LinearModel {
  // Float32 halves the memory traffic of the hot loop; the scale trick keeps magnitudes well within its range.
  const weights = new Float32Array(features * classes);
  const bias = new Float64Array(classes);
  const average = new Float64Array(features * classes);
  const averageBias = new Float64Array(classes);
  let averaged = 0;
  let scale = 1;
  const p = new Float64Array(classes);
  const activeClasses = new Int32Array(classes);
  const order = Array.from({ length: examples.length }, (_, i) => i);
  const random = createRandom(options.seed);
  const { l2, learningRate: eta0 } = options;
  const firstAveragedEpoch = Math.min(options.epochs - 1, Math.floor(options.epochs * options.averageFrom));
  let t = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffleInPlace(order, random);
    for (const i of order) {
      const x = examples[i]!;
      const y = labels[i]!;
      const eta = eta0 / (1 + eta0 * l2 * t);
      t++;
      for (let c = 0; c < classes; c++) p[c] = bias[c]!;
      for (let k = 0; k < x.indices.length; k++) {
        const v = x.values[k]! * scale;
        const row = x.indices[k]! * classes;
        for (let c = 0; c < classes; c++) p[c] = p[c]! + v * weights[row + c]!;
      }
      softmaxInPlace(p);
      const weight = options.classWeights ? options.classWeights[y]! : 1;
      p[y] = p[y]! - 1;
      scale *= 1 - eta * l2;
      const step = (eta * weight) / scale;
      // Once training has converged a little, most classes get a vanishing gradient for a given example;
      // updating only the others makes a step cost non-zeros × (few classes) instead of × (all classes).
      let active = 0;
      for (let c = 0; c < classes; c++) if (Math.abs(p[c]!) > GRADIENT_FLOOR) activeClasses[active++] = c;
      for (let k = 0; k < x.indices.length; k++) {
        const v = x.values[k]! * step;
        const row = x.indices[k]! * classes;
        for (let a = 0; a < active; a++) {
          const c = activeClasses[a]!;
          weights[row + c] = weights[row + c]! - v * p[c]!;
        }
      }
      for (let c = 0; c < classes; c++) bias[c] = bias[c]! - eta * weight * p[c]!;
      if (scale < 1e-6) {
        for (let j = 0; j < weights.length; j++) weights[j] = weights[j]! * scale;
        scale = 1;
      }
    }
    if (epoch >= firstAveragedEpoch) {
      for (let j = 0; j < weights.length; j++) average[j] = average[j]! + weights[j]! * scale;
      for (let c = 0; c < classes; c++) averageBias[c] = averageBias[c]! + bias[c]!;
      averaged++;
    }
  }
  return {
    classes,
    weights: Float32Array.from(average, (w) => w / averaged),
    bias: Float32Array.from(averageBias, (b) => b / averaged),
  };
}
