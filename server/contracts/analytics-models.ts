// REST DTOs of the customer models (`/api/analytics/models/*`), shared with the console as types. What each
// figure means: docs/reports.md ("Customer models"). test/analytics/model-contracts.test.ts checks that the
// server's model outputs are assignable to these shapes, so the two cannot drift apart silently.

export interface ModelsStatus {
  training: boolean;
  lastError: string | null;
  models: { name: 'customer-value' | 'segments' | 'forecast'; trainedAt: string | null }[];
}

export interface RetrainOutcome {
  trainedAt: string;
  ms: number;
  customers: number;
  scored: number;
}

export interface ModelCoefficient {
  name: string;
  estimate: number;
  standardError: number;
  t: number;
}

/** Mean, sample standard deviation and range of one score over cross-validation folds. */
export interface ScoreSpread {
  mean: number;
  sd: number;
  min: number;
  max: number;
}

export interface CustomerValueCrossValidation {
  folds: number;
  repeats: number;
  seed: number;
  customers: number;
  r2: ScoreSpread;
  rmse: ScoreSpread;
  baselineR2: ScoreSpread;
  baselineRmse: ScoreSpread;
  rmseImprovement: ScoreSpread;
  beatBaseline: number;
}

export interface CustomerValueFit {
  trainedAt: string;
  cutoff: string;
  horizonDays: number;
  windowDays: number;
  features: readonly string[];
  droppedFeatures: string[];
  coefficients: ModelCoefficient[];
  residualStandardError: number;
  split: { train: number; test: number; seed: number; testShare: number };
  test: { r2: number; rmse: number; baselineR2: number; baselineRmse: number; baselinePrediction: number };
  rmseImprovement: number;
  crossValidation: CustomerValueCrossValidation;
}

/** `GET /api/analytics/models/customer-value` (the per-customer `inputs`/`predictions` arrays are left out here). */
export interface CustomerValueView {
  name: 'customer-value';
  trainedAt: string;
  model: CustomerValueFit | null;
  reason: string | null;
}

export interface SegmentView {
  id: number;
  label: string;
  description: string;
  size: number;
  share: number;
  centroid: { recencyDays: number; frequency: number; monetary: number };
  standardisedCentroid: number[];
}

/** `GET /api/analytics/models/segments`; only `name` and `trainedAt` when there were too few customers. */
export interface SegmentsView {
  name: 'segments';
  trainedAt: string;
  k?: number;
  candidates?: { k: number; silhouette: number; inertia: number }[];
  silhouetteSample?: number;
  standardisation?: { features: string[]; mean: number[]; sd: number[]; transform: string };
  segments?: SegmentView[];
  scatter?: {
    contactId: string;
    recencyDays: number;
    frequency: number;
    monetary: number;
    segment: number;
  }[];
}

export interface ForecastDayView {
  date: string;
  forecast: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
}

export interface ForecastOutputsView {
  model: {
    kind: 'ANA' | 'AAdA';
    params: { alpha: number; beta: number | null; gamma: number; phi: number };
    sigma2: number;
    aicc: number;
  } | null;
  backtest: {
    origins: { trainedThrough: string; maseModel: number; maseSeasonalNaive: number }[];
    horizon: number;
    maseModel: number | null;
    maseSeasonalNaive: number | null;
  };
  shipped: boolean;
  verdict: string;
  forecast: ForecastDayView[];
  staffing: {
    target: { serviceLevel: number; targetSeconds: number };
    handleSeconds: number | null;
    agentShare: number;
    days: { date: string; agents: number[]; contactsPerHour: number[] }[];
  } | null;
}

/** `GET /api/analytics/models/forecast`. */
export interface ForecastView {
  name: 'forecast';
  trainedAt: string;
  inputs: {
    daily: { date: string; conversations: number }[];
    agentShare: number;
    handleSeconds: number | null;
  };
  outputs: ForecastOutputsView;
}
