// tsx scripts/eval-customer-models.ts [--now 2026-12-01T12:00:00Z] [--seed 20261125] [--splits 20] [--json]
//
// The customer models' figures on the demo data, exactly as `npm start` seeds it (the synthetic catalogue,
// customers, two years of orders and 90 days of support history) in a throw-away in-memory database: the
// value regression's test R² and RMSE beside the predict-the-mean baseline, the segments' k and silhouette,
// and the forecast's backtest MASE. A fixed `--now` makes the figures reproducible (the seed is
// deterministic; only the calendar under it moves with the date). `--splits N` refits the value regression
// on N other seeded 80/20 splits of the same customers: with a few hundred customers the test part is a few
// dozen, and which ones land in it moves R² a lot; the spread says how much.
import { parseArgs } from 'node:util';
import { startEmbeddedMongo } from '../embedded-mongo/index.ts';
import { createModelService } from '../server/analytics/models/model-service.ts';
import { createReports } from '../server/analytics/reports/index.ts';
import { OUT_OF_SCOPE_INTENT } from '../server/conversation/analysis.ts';
import { DEFAULT_CHAT_SETTINGS } from '../server/conversation/chat-deps.ts';
import { createModelStore } from '../server/data/analytics/model-store.ts';
import { createReportStore } from '../server/data/analytics/report-store.ts';
import {
  FEATURES,
  trainCustomerValue,
  type CustomerValueModel,
  type CustomerValueResult,
  type FeatureName,
} from '../server/analytics/models/customer-value.ts';
import type { SegmentationResult } from '../server/analytics/models/segments.ts';
import type { ForecastOutputs } from '../server/analytics/models/volume-forecast.ts';
import { connectDatabase } from '../server/data/connection.ts';
import { createRepositories } from '../server/data/repositories/index.ts';
import { DEFAULT_SEED } from '../server/data/seed/demo-data.ts';
import { seedDemoData } from '../server/data/seed/seed-database.ts';

const { values } = parseArgs({
  options: {
    now: { type: 'string', default: '2026-12-01T12:00:00Z' },
    seed: { type: 'string', default: String(DEFAULT_SEED) },
    splits: { type: 'string', default: '20' },
    json: { type: 'boolean', default: false },
  },
});
const now = new Date(values.now);
if (Number.isNaN(now.getTime())) throw new Error(`--now is not a date: ${values.now}`);
const seed = Number(values.seed);

function summary(xs: readonly number[]) {
  const sorted = [...xs].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const median =
    sorted.length === 0
      ? NaN
      : sorted.length % 2 === 1
        ? sorted[Math.floor(middle)]!
        : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0] ?? NaN, max: sorted[sorted.length - 1] ?? NaN };
}

const engine = await startEmbeddedMongo();
const database = await connectDatabase(engine.uri, { dbName: 'eval' });
try {
  const repositories = createRepositories(database.models);
  const seedStarted = Date.now();
  const seeded = await seedDemoData(repositories, { models: database.models, now, seed });
  const seedMs = Date.now() - seedStarted;
  // The rollups the forecast reads, rebuilt from the seeded records as at a server's first start.
  const reports = createReports({
    models: database.models,
    meta: repositories.meta,
    settings: {
      minIntentConfidence: DEFAULT_CHAT_SETTINGS.minIntentConfidence,
      outOfScopeIntent: OUT_OF_SCOPE_INTENT,
    },
    timeZone: 'UTC',
    now: () => now,
  });
  await reports.start();
  reports.close();
  // The model service's clock is the seed's `now`, so the cut-off lies exactly a year before it.
  const service = createModelService({
    models: createModelStore(database.models),
    reports: createReportStore(database.models),
    timeZone: 'UTC',
    retrainHours: 0,
    now: () => now,
  });
  await service.retrain();
  const value = (await service.output('customer-value'))!.output as {
    model: CustomerValueModel | null;
    reason: string | null;
    inputs: CustomerValueResult['rows'];
    predictions: CustomerValueResult['predictions'];
  };
  // Today's scores use today's features; where these lie beyond every training row's (a longer tenure, more
  // orders), the equation extrapolates.
  const trainingRows = value.inputs.filter((r) => r.split === 'train');
  const trainingMax = (name: FeatureName) => Math.max(...trainingRows.map((r) => r.features[name]));
  const trainingMin = (name: FeatureName) => Math.min(...trainingRows.map((r) => r.features[name]));
  // Only the features the equation uses: one left out (constant in training, e.g. tickets before the support
  // history began) cannot extrapolate.
  const used = FEATURES.filter((name) => value.model?.features.includes(name) ?? false);
  const outsideTraining = (p: CustomerValueResult['predictions'][number]) =>
    used.some((name) => p.features[name] > trainingMax(name) || p.features[name] < trainingMin(name));
  const recent = value.predictions.filter((p) => p.features.recencyDays < 90);
  const recentZero = recent.filter((p) => p.predictedValue === 0);
  const scoring = {
    customers: value.predictions.length,
    outsideTrainingRange: value.predictions.filter(outsideTraining).length,
    beyondTrainingTenure: value.predictions.filter((p) => p.features.tenureDays > trainingMax('tenureDays'))
      .length,
    beyondTrainingMonetary: value.predictions.filter((p) => p.features.monetary > trainingMax('monetary'))
      .length,
    boughtInLast90Days: recent.length,
    boughtInLast90DaysPredictedZero: recentZero.length,
    // A recent buyer clipped to 0 with every feature inside the training rows' range is the model's own
    // verdict, not an extrapolation.
    boughtInLast90DaysPredictedZeroOutsideTrainingRange: recentZero.filter(outsideTraining).length,
    predictedZero: value.predictions.filter((p) => p.predictedValue === 0).length,
  };
  const histories = await createModelStore(database.models).customerHistories();
  const scored = new Set(value.predictions.map((p) => p.contactId));
  // Customers with an order but none in the features' look-back window: no prediction (a null score).
  const notScored = histories.filter(
    (h) => h.orders.some((o) => o.placedAt < now) && !scored.has(h.contactId),
  ).length;
  const splits = Array.from({ length: Number(values.splits) }, (_, index) => {
    const m = trainCustomerValue(histories, now, { seed: index + 1 }).model;
    return m === null ? null : { seed: index + 1, r2: m.test.r2, rmseImprovement: m.rmseImprovement };
  }).filter((x) => x !== null);
  const segments = (await service.output('segments'))!.output as SegmentationResult | null;
  const forecast = ((await service.output('forecast'))!.output as { outputs: ForecastOutputs }).outputs;
  const figures = {
    now: now.toISOString(),
    seed,
    seeded: { contacts: seeded.contacts, orders: seeded.orders, ...seeded.history, seedMs },
    customerValue:
      value.model === null
        ? { reason: value.reason }
        : {
            split: value.model.split,
            droppedFeatures: value.model.droppedFeatures,
            r2: value.model.test.r2,
            rmse: value.model.test.rmse,
            baselineRmse: value.model.test.baselineRmse,
            rmseImprovement: value.model.rmseImprovement,
            crossValidation: value.model.crossValidation,
            coefficients: value.model.coefficients,
          },
    scoring: { ...scoring, notScored },
    otherSplits: {
      count: splits.length,
      r2: summary(splits.map((x) => x.r2)),
      rmseImprovement: summary(splits.map((x) => x.rmseImprovement)),
      beatBaseline: splits.filter((x) => x.rmseImprovement > 0).length,
    },
    segments:
      segments === null
        ? null
        : {
            k: segments.k,
            candidates: segments.candidates,
            segments: segments.segments.map((s) => ({ label: s.label, size: s.size, centroid: s.centroid })),
          },
    forecast: {
      model: forecast.model?.kind ?? null,
      maseModel: forecast.backtest.maseModel,
      maseSeasonalNaive: forecast.backtest.maseSeasonalNaive,
      shipped: forecast.shipped,
    },
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  } else {
    const v = figures.customerValue;
    const f = (x: number | null, digits = 3) => (x === null ? 'none' : x.toFixed(digits));
    process.stdout.write(
      `demo data (seed ${seed}, now ${figures.now}): ${seeded.contacts} customers, ${seeded.orders} orders, ` +
        `${seeded.history?.conversations ?? 0} conversations; seeded in ${(seedMs / 1000).toFixed(1)} s\n`,
    );
    if ('reason' in v) process.stdout.write(`customer value: no model (${v.reason})\n`);
    else {
      process.stdout.write(
        `customer value: train ${v.split.train} / test ${v.split.test}; test R² ${f(v.r2)}, ` +
          `RMSE ${f(v.rmse, 2)} vs predict-the-mean RMSE ${f(v.baselineRmse, 2)} ` +
          `(${(v.rmseImprovement * 100).toFixed(1)}% lower)\n`,
      );
      const cv = v.crossValidation;
      const ms = (x: { mean: number; sd: number }, digits: number) =>
        `${f(x.mean, digits)} ± ${f(x.sd, digits)}`;
      process.stdout.write(
        `  cross-validated (${cv.folds}-fold × ${cv.repeats}, ${cv.customers} customers, mean ± sd over folds): ` +
          `R² ${ms(cv.r2, 3)} (min ${f(cv.r2.min)}, max ${f(cv.r2.max)}) vs baseline ${ms(cv.baselineR2, 3)}; ` +
          `RMSE ${ms(cv.rmse, 1)} vs baseline ${ms(cv.baselineRmse, 1)}; ` +
          `${(cv.rmseImprovement.mean * 100).toFixed(1)}% lower on average, lower in ${cv.beatBaseline} of ` +
          `${cv.folds * cv.repeats} folds\n`,
      );
      for (const c of v.coefficients) {
        process.stdout.write(
          `  ${c.name.padEnd(18)} ${f(c.estimate, 4).padStart(12)}  se ${f(c.standardError, 4)}  t ${f(c.t, 2)}\n`,
        );
      }
    }
    const z = figures.scoring;
    process.stdout.write(
      `  today's scores: ${z.predictedZero} of ${z.customers} customers predicted 0 (${z.boughtInLast90DaysPredictedZero} ` +
        `of the ${z.boughtInLast90Days} who bought in the last 90 days, ` +
        `${z.boughtInLast90DaysPredictedZeroOutsideTrainingRange} of them outside the training range); ` +
        `tenure beyond every training row's for ${z.beyondTrainingTenure}, spend for ${z.beyondTrainingMonetary}, ` +
        `any feature outside the training range for ${z.outsideTrainingRange}; ` +
        `${z.notScored} customers not scored (no order in the look-back window)\n`,
    );
    const o = figures.otherSplits;
    if (o.count > 0) {
      process.stdout.write(
        `  over ${o.count} other splits (seeds 1–${o.count}): R² median ${f(o.r2.median)} ` +
          `(min ${f(o.r2.min)}, max ${f(o.r2.max)}); RMSE below the baseline's in ${o.beatBaseline} of ${o.count}, ` +
          `by ${(o.rmseImprovement.median * 100).toFixed(1)}% at the median\n`,
      );
    }
    if (figures.segments !== null) {
      const s = figures.segments;
      process.stdout.write(
        `segments: k ${s.k}; silhouette by k ${s.candidates.map((c) => `${c.k}: ${f(c.silhouette)}`).join(', ')}\n`,
      );
      for (const x of s.segments) process.stdout.write(`  ${x.label} (${x.size})\n`);
    }
    process.stdout.write(
      `forecast: ${figures.forecast.model}; backtest MASE ${f(figures.forecast.maseModel)} vs seasonal naive ` +
        `${f(figures.forecast.maseSeasonalNaive)}; ${figures.forecast.shipped ? 'shipped' : 'not shipped'}\n`,
    );
  }
} finally {
  await database.close();
  await engine.stop();
}
