import type { SparseVector } from './features.ts';
import { createRandom } from './random.ts';
import type { LinearModel } from './softmax-regression.ts';

export interface SvmTrainingOptions {
  /** Inverse regularisation strength (LIBLINEAR's C). */
  cost: number;
  /** Upper bound on passes over the data per class. */
  maxIterations: number;
  /** Stop a class when the projected-gradient spread falls below this. */
  tolerance: number;
  seed: number;
  /** Called after each class's model is done (the SVM thread reports progress through it). */
  onClassDone?: (classIndex: number) => void;
}

/** The bias is learnt as the weight of a constant feature of this value, as LIBLINEAR does. */
const BIAS_FEATURE = 1;

/**
 * One-vs-rest L2-regularised squared-hinge SVM by dual coordinate descent (Hsieh et al. 2008, LIBLINEAR's
 * default solver): each step solves one example's dual variable exactly, so it converges in a few passes
 * without a learning rate to tune.
 */
export function trainSquaredHingeSvm(
  examples: readonly SparseVector[],
  labels: Int32Array,
  classes: number,
  features: number,
  options: SvmTrainingOptions,
): LinearModel {
  const n = examples.length;
  const diagonal = 1 / (2 * options.cost);
  const qd = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const { values } = examples[i]!;
    let squared = BIAS_FEATURE * BIAS_FEATURE;
    for (let k = 0; k < values.length; k++) squared += values[k]! * values[k]!;
    qd[i] = squared + diagonal;
  }
  const weights = new Float32Array(features * classes);
  const bias = new Float32Array(classes);
  const w = new Float64Array(features);
  const alpha = new Float64Array(n);
  const index = new Int32Array(n);
  const random = createRandom(options.seed);
  for (let c = 0; c < classes; c++) {
    w.fill(0);
    alpha.fill(0);
    let b = 0;
    // Shrinking (as in LIBLINEAR): an example whose dual variable sits at 0 with a gradient beyond last pass's
    // largest projected gradient will stay at 0, so it leaves the active set until a final full check.
    let active = n;
    for (let i = 0; i < n; i++) index[i] = i;
    let pgMaxOld = Infinity;
    for (let iteration = 0; iteration < options.maxIterations; iteration++) {
      for (let s = active - 1; s > 0; s--) {
        const j = Math.floor(random() * (s + 1));
        const tmp = index[s]!;
        index[s] = index[j]!;
        index[j] = tmp;
      }
      let pgMax = -Infinity;
      let pgMin = Infinity;
      for (let s = 0; s < active; s++) {
        const i = index[s]!;
        const x = examples[i]!;
        const y = labels[i] === c ? 1 : -1;
        let dot = b * BIAS_FEATURE;
        for (let k = 0; k < x.indices.length; k++) dot += w[x.indices[k]!]! * x.values[k]!;
        const a = alpha[i]!;
        const g = y * dot - 1 + diagonal * a;
        let pg = g;
        if (a === 0) {
          if (g > pgMaxOld) {
            active--;
            index[s] = index[active]!;
            index[active] = i;
            s--;
            continue;
          }
          pg = Math.min(g, 0);
        }
        if (pg > pgMax) pgMax = pg;
        if (pg < pgMin) pgMin = pg;
        if (Math.abs(pg) < 1e-12) continue;
        const next = Math.max(a - g / qd[i]!, 0);
        alpha[i] = next;
        const step = (next - a) * y;
        for (let k = 0; k < x.indices.length; k++) w[x.indices[k]!] = w[x.indices[k]!]! + step * x.values[k]!;
        b += step * BIAS_FEATURE;
      }
      if (pgMax - pgMin <= options.tolerance) {
        if (active === n) break;
        active = n;
        pgMaxOld = Infinity;
        continue;
      }
      pgMaxOld = pgMax <= 0 ? Infinity : pgMax;
    }
    for (let f = 0; f < features; f++) weights[f * classes + c] = w[f]!;
    bias[c] = b * BIAS_FEATURE;
    options.onClassDone?.(c);
  }
  return { classes, weights, bias };
}
