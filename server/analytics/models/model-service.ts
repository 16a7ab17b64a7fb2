import type { ModelStore } from '../../data/analytics/model-store.ts';
import type { ReportStore } from '../../data/analytics/report-store.ts';
import { fillHours, totalsOf } from '../reports/service-report.ts';
import { mergeRollups } from '../reports/hour-rollup.ts';
import { resolveRange } from '../reports/report-range.ts';
import { localTime } from '../reports/time-zone.ts';
import { trainCustomerValue, type CustomerValueResult } from './customer-value.ts';
import { lifetimeRfm, segmentCustomers, type SegmentationResult } from './segments.ts';
import { forecastVolume, type ForecastInputs, type ForecastOutputs } from './volume-forecast.ts';

export const MODEL_NAMES = ['customer-value', 'segments', 'forecast'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

export interface ModelServiceOptions {
  models: ModelStore;
  reports: ReportStore;
  timeZone: string;
  /** Hours between scheduled retrains; 0: on demand only. */
  retrainHours: number;
  staffingTarget?: { serviceLevel: number; targetSeconds: number };
  now?: () => Date;
  onError?: (error: unknown) => void;
}

export interface TrainingOutcome {
  trainedAt: string;
  ms: number;
  customers: number;
  scored: number;
}

export type ModelService = ReturnType<typeof createModelService>;

const DAY = 86_400_000;

/**
 * Trains the three customer models off the reply path (a timer or an admin's request), stores their inputs'
 * summaries and outputs, and writes each contact's predicted value and segment for cheap reads.
 */
export function createModelService(options: ModelServiceOptions) {
  const now = options.now ?? (() => new Date());
  const target = options.staffingTarget ?? { serviceLevel: 0.8, targetSeconds: 60 };
  let running: Promise<TrainingOutcome> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let lastError: string | null = null;

  async function forecastInputs(at: Date): Promise<ForecastInputs> {
    const { range } = resolveRange(
      {
        to: localTime(at.getTime() - DAY, options.timeZone).date,
        from: localTime(at.getTime() - 365 * DAY, options.timeZone).date,
        timeZone: options.timeZone,
      },
      at,
    );
    const hours = fillHours(
      range,
      await options.reports.rollupsBetween(new Date(range.start), new Date(range.end)),
    );
    const byDay = new Map<string, number>();
    for (const h of hours) {
      const { date } = localTime(h.hour, options.timeZone);
      if (date >= range.from && date <= range.to) byDay.set(date, (byDay.get(date) ?? 0) + h.conversations);
    }
    // The series starts at the first day with any conversation.
    const daily = [...byDay.entries()].map(([date, conversations]) => ({ date, conversations }));
    const first = daily.findIndex((d) => d.conversations > 0);
    const recent = hours.slice(-56 * 24);
    const share = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
    const totals = Array.from({ length: 7 }, () => 0);
    for (const h of recent) {
      const local = localTime(h.hour, options.timeZone);
      share[local.weekday - 1]![local.hour]! += h.conversations;
      totals[local.weekday - 1]! += h.conversations;
    }
    const merged = totalsOf(mergeRollups(recent));
    const handling = mergeRollups(recent).handling;
    return {
      daily: first < 0 ? [] : daily.slice(first),
      hourlyShare: share.map((row, d) => row.map((v) => (totals[d]! > 0 ? v / totals[d]! : 0))),
      agentShare: merged.conversations > 0 ? merged.escalated / merged.conversations : 0,
      handleSeconds: handling.length > 0 ? handling.reduce((a, b) => a + b, 0) / handling.length : null,
      target,
    };
  }

  async function train(): Promise<TrainingOutcome> {
    const started = Date.now();
    const at = now();
    const histories = await options.models.customerHistories();
    await new Promise((resolve) => setImmediate(resolve));
    const value: CustomerValueResult = trainCustomerValue(histories, at);
    await new Promise((resolve) => setImmediate(resolve));
    const rfm = histories.flatMap((h) => lifetimeRfm(h, at) ?? []);
    const segments: SegmentationResult | null = segmentCustomers(rfm);
    await new Promise((resolve) => setImmediate(resolve));
    const inputs = await forecastInputs(at);
    const forecast: ForecastOutputs = forecastVolume(inputs);

    await options.models.saveRun('customer-value', at, {
      model: value.model,
      reason: value.reason ?? null,
      inputs: value.rows,
      predictions: value.predictions,
    });
    await options.models.saveRun('segments', at, segments);
    await options.models.saveRun('forecast', at, { inputs, outputs: forecast });
    const segmentOf = new Map(
      (segments?.assignments ?? []).map((a) => [a.contactId, segments!.segments[a.segment]!]),
    );
    // Every customer with an order gets a score; the predicted value only where the regression could describe
    // them (an order in its look-back window), else null, and escalation falls back to the lifetime spend.
    const predicted = new Map(value.predictions.map((p) => [p.contactId, p.predictedValue]));
    const scores = rfm.map(({ contactId }) => {
      const segment = segmentOf.get(contactId);
      const prediction = predicted.get(contactId);
      return {
        contactId,
        predictedValue:
          value.model === null || prediction === undefined ? null : Math.round(prediction * 100) / 100,
        segment: segment === undefined ? null : { id: segment.id, label: segment.label },
        scoredAt: at,
      };
    });
    await options.models.replaceScores(scores, at);
    return {
      trainedAt: at.toISOString(),
      ms: Date.now() - started,
      customers: histories.length,
      scored: scores.length,
    };
  }

  const service = {
    /** Trains now; a request while a training runs joins it. */
    retrain(): Promise<TrainingOutcome> {
      running ??= train()
        .then((outcome) => {
          lastError = null;
          return outcome;
        })
        .catch((error: unknown) => {
          lastError = error instanceof Error ? error.message : String(error);
          throw error;
        })
        .finally(() => {
          running = null;
        });
      return running;
    },
    isTraining: () => running !== null,
    lastError: () => lastError,
    async output(name: ModelName): Promise<{ trainedAt: Date; output: unknown } | null> {
      return options.models.loadRun(name);
    },
    start() {
      if (timer !== null || options.retrainHours <= 0) return;
      timer = setInterval(
        () => service.retrain().catch((e: unknown) => options.onError?.(e)),
        options.retrainHours * 3600_000,
      );
      timer.unref();
    },
    stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
    },
  };
  return service;
}
