import MultivariateLinearRegression from 'ml-regression-multivariate-linear';

export interface Coefficient {
  name: string;
  estimate: number;
  standardError: number;
  t: number;
}

export interface OlsFit {
  coefficients: Coefficient[];
  /** Residual standard error on the training rows. */
  residualStandardError: number;
  predict(row: readonly number[]): number;
}

/**
 * Ordinary least squares with an intercept (y = β0 + β1·x1 + … + βn·xn + ε), through mljs's
 * multivariate-linear regression; standard errors are √diag(σ²(XᵀX)⁻¹) with σ² = RSS / (n − p).
 */
export function fitOls(
  rows: readonly (readonly number[])[],
  y: readonly number[],
  names: readonly string[],
): OlsFit {
  const p = names.length + 1;
  if (rows.length <= p) throw new Error(`OLS needs more than ${p} rows, got ${rows.length}`);
  const model = new MultivariateLinearRegression(
    rows.map((r) => [...r]),
    y.map((v) => [v]),
    { intercept: true, statistics: true },
  );
  // mljs puts the intercept last; here it comes first, as in the regression equation.
  const weights = model.weights.map((w) => w[0]!);
  const errors = model.stdErrors;
  const order = [names.length, ...names.map((_, index) => index)];
  const coefficients = order.map((index) => ({
    name: index === names.length ? 'intercept' : names[index]!,
    estimate: weights[index]!,
    standardError: errors[index]!,
    t: errors[index] === 0 ? 0 : weights[index]! / errors[index]!,
  }));
  return {
    coefficients,
    residualStandardError: model.stdError,
    predict: (row) => model.predict([...row])[0]!,
  };
}

export function rmse(actual: readonly number[], predicted: readonly number[]): number {
  const sum = actual.reduce((acc, value, index) => acc + (value - predicted[index]!) ** 2, 0);
  return Math.sqrt(sum / actual.length);
}

/** Coefficient of determination against the mean of `actual` itself. */
export function rSquared(actual: readonly number[], predicted: readonly number[]): number {
  const mean = actual.reduce((a, b) => a + b, 0) / actual.length;
  const total = actual.reduce((acc, value) => acc + (value - mean) ** 2, 0);
  const residual = actual.reduce((acc, value, index) => acc + (value - predicted[index]!) ** 2, 0);
  return total === 0 ? 0 : 1 - residual / total;
}
