/**
 * Additive Holt-Winters (ETS with additive errors and additive seasonality, optionally a damped additive
 * trend), parametrised as statsmodels' ExponentialSmoothing (α, β*, γ, φ) so its output can be compared with
 * that reference. Hand-written: no maintained JavaScript package fits exponential smoothing.
 */
export interface HoltWintersParams {
  alpha: number;
  /** Trend smoothing β* (null: no trend). */
  beta: number | null;
  gamma: number;
  /** Damping (1 = undamped); ignored without a trend. */
  phi: number;
}

export interface InitialState {
  level: number;
  trend: number;
  /** Seasonal terms for the first `period` observations. */
  seasonal: number[];
}

export interface HoltWintersRun {
  fitted: number[];
  residuals: number[];
  sse: number;
  /** States after the last observation. */
  level: number;
  trend: number;
  /** Seasonal terms for the next `period` time points, in order. */
  seasonal: number[];
}

export function runHoltWinters(
  y: readonly number[],
  period: number,
  params: HoltWintersParams,
  initial: InitialState,
): HoltWintersRun {
  const { alpha, gamma } = params;
  const hasTrend = params.beta !== null;
  const beta = params.beta ?? 0;
  const phi = hasTrend ? params.phi : 0;
  let level = initial.level;
  let trend = hasTrend ? initial.trend : 0;
  const seasonal = [...initial.seasonal];
  const fitted: number[] = [];
  const residuals: number[] = [];
  let sse = 0;
  for (let t = 0; t < y.length; t += 1) {
    const s = seasonal[t % period]!;
    const forecast = level + phi * trend + s;
    const error = y[t]! - forecast;
    fitted.push(forecast);
    residuals.push(error);
    sse += error * error;
    const previousLevel = level;
    level = previousLevel + phi * trend + alpha * error;
    if (hasTrend) trend = beta * (level - previousLevel) + (1 - beta) * phi * trend;
    seasonal[t % period] = s + gamma * error;
  }
  const next = Array.from({ length: period }, (_, i) => seasonal[(y.length + i) % period]!);
  return { fitted, residuals, sse, level, trend, seasonal: next };
}

/** Point forecasts 1…h steps after the run. */
export function forecastHoltWinters(run: HoltWintersRun, params: HoltWintersParams, h: number): number[] {
  const hasTrend = params.beta !== null;
  const out: number[] = [];
  let damp = 0;
  for (let step = 1; step <= h; step += 1) {
    damp += hasTrend ? params.phi ** step : 0;
    out.push(run.level + damp * run.trend + run.seasonal[(step - 1) % run.seasonal.length]!);
  }
  return out;
}

/**
 * Forecast variance factors of the additive-error state space model (Hyndman et al. 2008, class 1):
 * Var(h) = σ² (1 + Σ_{j<h} c_j²), c_j = α + αβ*(φ + … + φ^j) + γ·[j mod m = 0].
 */
export function varianceFactors(params: HoltWintersParams, period: number, h: number): number[] {
  const out: number[] = [];
  let sum = 0;
  let damp = 0;
  for (let step = 1; step <= h; step += 1) {
    out.push(1 + sum);
    const j = step;
    damp += params.beta !== null ? params.phi ** j : 0;
    const c = params.alpha + params.alpha * (params.beta ?? 0) * damp + (j % period === 0 ? params.gamma : 0);
    sum += c * c;
  }
  return out;
}

/** Classical start: the first season's mean as level, the change between the first two seasons as trend. */
export function heuristicInitialState(y: readonly number[], period: number): InitialState {
  const first = y.slice(0, period);
  const level = first.reduce((a, b) => a + b, 0) / period;
  const second = y.slice(period, 2 * period);
  const trend = second.length === period ? (second.reduce((a, b) => a + b, 0) / period - level) / period : 0;
  return { level, trend, seasonal: first.map((value) => value - level) };
}

/** Nelder–Mead on an unconstrained vector (the caller maps it into the admissible region). */
export function nelderMead(f: (x: number[]) => number, start: number[], iterations = 400): number[] {
  const n = start.length;
  let simplex = [start, ...start.map((_, i) => start.map((v, j) => (i === j ? v + 0.5 : v)))];
  let values = simplex.map(f);
  for (let it = 0; it < iterations; it += 1) {
    const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
    simplex = order.map((i) => simplex[i]!);
    values = order.map((i) => values[i]!);
    if (Math.abs(values[n]! - values[0]!) < 1e-10 * (1 + Math.abs(values[0]!))) break;
    const centroid = start.map((_, j) => simplex.slice(0, n).reduce((s, p) => s + p[j]!, 0) / n);
    const along = (t: number) => centroid.map((c, j) => c + t * (simplex[n]![j]! - c));
    const reflected = along(-1);
    const fr = f(reflected);
    if (fr < values[0]!) {
      const expanded = along(-2);
      const fe = f(expanded);
      [simplex[n], values[n]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < values[n - 1]!) {
      [simplex[n], values[n]] = [reflected, fr];
    } else {
      const contracted = along(fr < values[n]! ? -0.5 : 0.5);
      const fc = f(contracted);
      if (fc < Math.min(fr, values[n]!)) {
        [simplex[n], values[n]] = [contracted, fc];
      } else {
        simplex = simplex.map((p, i) =>
          i === 0 ? p : p.map((v, j) => simplex[0]![j]! + 0.5 * (v - simplex[0]![j]!)),
        );
        values = simplex.map((p, i) => (i === 0 ? values[0]! : f(p)));
      }
    }
  }
  return simplex[values.indexOf(Math.min(...values))]!;
}

const logistic = (x: number) => 1 / (1 + Math.exp(-x));

export interface FittedHoltWinters {
  kind: 'ANA' | 'AAdA';
  params: HoltWintersParams;
  initial: InitialState;
  run: HoltWintersRun;
  /** Residual variance σ² = SSE / (n − k). */
  sigma2: number;
  aicc: number;
}

/** Fits the smoothing parameters by least squares from the heuristic start, for one model kind. */
export function fitHoltWinters(
  y: readonly number[],
  period: number,
  kind: 'ANA' | 'AAdA',
): FittedHoltWinters {
  const initial = heuristicInitialState(y, period);
  const decode = (x: number[]): HoltWintersParams => {
    const alpha = 0.0001 + 0.9998 * logistic(x[0]!);
    const gamma = (1 - alpha) * 0.9999 * logistic(x[1]!);
    if (kind === 'ANA') return { alpha, beta: null, gamma, phi: 1 };
    return { alpha, beta: 0.0001 + 0.9998 * logistic(x[2]!), gamma, phi: 0.8 + 0.18 * logistic(x[3]!) };
  };
  const objective = (x: number[]) => runHoltWinters(y, period, decode(x), initial).sse;
  const start = kind === 'ANA' ? [-1, -2] : [-1, -2, -3, 0];
  const params = decode(nelderMead(objective, start));
  const run = runHoltWinters(y, period, params, initial);
  const k = (kind === 'ANA' ? 2 : 4) + period + (kind === 'ANA' ? 1 : 2);
  const n = y.length;
  const aicc = n * Math.log(run.sse / n) + 2 * k + (2 * k * (k + 1)) / Math.max(1, n - k - 1);
  return { kind, params, initial, run, sigma2: run.sse / Math.max(1, n - k), aicc };
}

/** The better of ANA and damped AAdA by AICc. */
export function fitBestHoltWinters(y: readonly number[], period: number): FittedHoltWinters {
  const candidates = [fitHoltWinters(y, period, 'ANA')];
  if (y.length >= 4 * period) candidates.push(fitHoltWinters(y, period, 'AAdA'));
  return candidates.reduce((best, c) => (c.aicc < best.aicc ? c : best));
}
