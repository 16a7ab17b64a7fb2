import { agentsNeeded, type StaffingTarget } from './erlang-c.ts';
import {
  fitBestHoltWinters,
  forecastHoltWinters,
  varianceFactors,
  type HoltWintersParams,
} from './holt-winters.ts';

export const PERIOD = 7;
export const HORIZON = 14;
const ORIGINS = 4;
const Z80 = 1.2815515655446004;
const Z95 = 1.959963984540054;

export interface DailyCount {
  date: string;
  conversations: number;
}

export interface ForecastInputs {
  /** Consecutive local days, oldest first (missing days must be present with 0). */
  daily: DailyCount[];
  /** Share of a weekday's conversations in each local hour: [weekday 1..7 → index 0..6][hour 0..23]. */
  hourlyShare: number[][];
  /** Share of conversations that need an agent (escalated). */
  agentShare: number;
  /** Measured average handling time of agent conversations, seconds; null when none was measured. */
  handleSeconds: number | null;
  target: StaffingTarget;
}

export interface BacktestOrigin {
  trainedThrough: string;
  maseModel: number;
  maseSeasonalNaive: number;
}

export interface ForecastDay {
  date: string;
  forecast: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
}

export interface StaffingDay {
  date: string;
  /** Agents needed in each local hour 0…23. */
  agents: number[];
  /** Expected agent conversations per hour. */
  contactsPerHour: number[];
}

export interface ForecastOutputs {
  model: { kind: 'ANA' | 'AAdA'; params: HoltWintersParams; sigma2: number; aicc: number } | null;
  backtest: {
    origins: BacktestOrigin[];
    horizon: number;
    /** Mean absolute scaled error (scaled by the in-sample seasonal-naive MAE), averaged over origins. */
    maseModel: number | null;
    maseSeasonalNaive: number | null;
  };
  /** MASE below 1: the model beats the seasonal-naive benchmark's in-sample error; otherwise not shipped. */
  shipped: boolean;
  verdict: string;
  forecast: ForecastDay[];
  staffing: {
    target: StaffingTarget;
    handleSeconds: number | null;
    agentShare: number;
    days: StaffingDay[];
  } | null;
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

function seasonalNaiveScale(train: readonly number[]): number {
  const diffs = [];
  for (let t = PERIOD; t < train.length; t += 1) diffs.push(Math.abs(train[t]! - train[t - PERIOD]!));
  return mean(diffs);
}

/** Rolling origin: refit at each of the last origins, forecast the horizon, score both methods by MASE. */
export function backtest(y: readonly number[], dates: readonly string[]): BacktestOrigin[] {
  const origins: BacktestOrigin[] = [];
  for (let i = ORIGINS - 1; i >= 0; i -= 1) {
    const origin = y.length - HORIZON - i * PERIOD;
    if (origin < 4 * PERIOD) continue;
    const train = y.slice(0, origin);
    const actual = y.slice(origin, origin + HORIZON);
    const scale = seasonalNaiveScale(train);
    if (!(scale > 0)) continue;
    const fit = fitBestHoltWinters(train, PERIOD);
    const model = forecastHoltWinters(fit.run, fit.params, actual.length);
    const naive = actual.map((_, h) => train[train.length - PERIOD + (h % PERIOD)]!);
    origins.push({
      trainedThrough: dates[origin - 1]!,
      maseModel: mean(actual.map((a, h) => Math.abs(a - model[h]!))) / scale,
      maseSeasonalNaive: mean(actual.map((a, h) => Math.abs(a - naive[h]!))) / scale,
    });
  }
  return origins;
}

function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function isoWeekday(date: string): number {
  return ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

/** Fits, backtests and forecasts the daily volume, then staffs each forecast hour with Erlang C. */
export function forecastVolume(inputs: ForecastInputs): ForecastOutputs {
  const y = inputs.daily.map((d) => d.conversations);
  const dates = inputs.daily.map((d) => d.date);
  if (y.length < 5 * PERIOD) {
    return {
      model: null,
      backtest: { origins: [], horizon: HORIZON, maseModel: null, maseSeasonalNaive: null },
      shipped: false,
      verdict: `Not enough history: ${y.length} days, at least ${5 * PERIOD} are needed.`,
      forecast: [],
      staffing: null,
    };
  }
  const origins = backtest(y, dates);
  const maseModel = origins.length === 0 ? null : mean(origins.map((o) => o.maseModel));
  const maseSeasonalNaive = origins.length === 0 ? null : mean(origins.map((o) => o.maseSeasonalNaive));
  const shipped = maseModel !== null && maseModel < 1;
  const fit = fitBestHoltWinters(y, PERIOD);
  const points = forecastHoltWinters(fit.run, fit.params, HORIZON);
  const factors = varianceFactors(fit.params, PERIOD, HORIZON);
  const last = dates.at(-1)!;
  const forecast = points.map((point, h) => {
    const sd = Math.sqrt(fit.sigma2 * factors[h]!);
    const clip = (v: number) => Math.max(0, v);
    return {
      date: addDays(last, h + 1),
      forecast: clip(point),
      lower80: clip(point - Z80 * sd),
      upper80: clip(point + Z80 * sd),
      lower95: clip(point - Z95 * sd),
      upper95: clip(point + Z95 * sd),
    };
  });
  const verdict = shipped
    ? `Shipped: MASE ${maseModel!.toFixed(2)} < 1 over ${origins.length} rolling origins (seasonal naive: ${maseSeasonalNaive!.toFixed(2)}).`
    : maseModel === null
      ? 'Not shipped: the backtest had no usable origin.'
      : `Not shipped: MASE ${maseModel.toFixed(2)} is not below 1 (seasonal naive: ${maseSeasonalNaive!.toFixed(2)}); use the seasonal-naive figures instead.`;
  const handle = inputs.handleSeconds;
  const staffing =
    handle === null || !(handle > 0)
      ? null
      : {
          target: inputs.target,
          handleSeconds: handle,
          agentShare: inputs.agentShare,
          days: forecast.map((day) => {
            const share = inputs.hourlyShare[isoWeekday(day.date) - 1]!;
            const contactsPerHour = share.map((s) => day.forecast * s * inputs.agentShare);
            return {
              date: day.date,
              contactsPerHour,
              agents: contactsPerHour.map((rate) => agentsNeeded(rate, handle, inputs.target)),
            };
          }),
        };
  return {
    model: { kind: fit.kind, params: fit.params, sigma2: fit.sigma2, aicc: fit.aicc },
    backtest: { origins, horizon: HORIZON, maseModel, maseSeasonalNaive },
    shipped,
    verdict,
    forecast,
    staffing,
  };
}
