import { useEffect, useMemo, useState } from 'preact/hooks';
import type {
  CustomerValueCrossValidation,
  CustomerValueView,
  ForecastView,
  SegmentsView,
} from '../../../server/contracts/analytics-models.ts';
import { format as fill } from '../strings.ts';
import { fetchCustomerModels, retrainModels, type CustomerModels } from './api.ts';
import { ChartCard } from './ChartCard.tsx';
import { ScatterCanvas } from './ChartCanvas.tsx';
import { count, dateTime, decimal, duration, percent, shortDay } from './format.ts';
import { forecastChart, segmentsScatter, staffingChart } from './model-charts.ts';
import type { DrillTarget } from './query.ts';
import { ReportTable } from './ReportTable.tsx';
import { reportStrings as t } from './strings.ts';

const m = t.models;
const noDrill = (_target: DrillTarget) => {};

/** The three customer models (admins): regression, segments, forecast with staffing; and retraining. */
export function CustomerAnalytics() {
  const [models, setModels] = useState<CustomerModels | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [retraining, setRetraining] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const load = () =>
    fetchCustomerModels()
      .then((loaded) => {
        setModels(loaded);
        setError(null);
      })
      .catch((e: Error) => setError(e.message));
  useEffect(() => {
    void load();
  }, []);

  const retrain = async () => {
    setRetraining(true);
    setMessage(null);
    try {
      const outcome = await retrainModels();
      setMessage(fill(m.retrained, { ms: count(outcome.ms), customers: count(outcome.customers) }));
      await load();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setRetraining(false);
    }
  };

  const trainedAt = models?.status.models.find((x) => x.trainedAt !== null)?.trainedAt ?? null;
  return (
    <div class="cc-models">
      <div class="cc-report-toolbar">
        <button type="button" class="cc-button cc-primary" disabled={retraining} onClick={retrain}>
          {retraining ? m.retraining : m.retrain}
        </button>
        <span role="status" class="cc-muted">
          {message ?? (trainedAt === null ? (models === null ? '' : m.notTrained) : fill(m.trainedAt, { time: dateTime(trainedAt) }))}
        </span>
      </div>
      {error !== null && (
        <p class="cc-error" role="alert">
          {fill(t.errorLoading, { message: error })}
        </p>
      )}
      {models?.status.training === true && <p class="cc-muted">{m.training}</p>}
      {models?.status.lastError != null && (
        <p class="cc-error">{fill(m.lastError, { error: models.status.lastError })}</p>
      )}
      {models === null && error === null && <p class="cc-muted">{t.loading}</p>}
      {models !== null && (
        <>
          <RegressionSection view={models.value} />
          <SegmentsSection view={models.segments} />
          <ForecastSection view={models.forecast} />
        </>
      )}
    </div>
  );
}

function RegressionSection({ view }: { view: CustomerValueView | null }) {
  const fit = view?.model ?? null;
  return (
    <section class="cc-report-card cc-report-wide" aria-labelledby="cc-regression-title">
      <h3 id="cc-regression-title">{m.regression}</h3>
      {fit === null ? (
        <p class="cc-muted">{view === null ? m.notTrained : fill(m.noModel, { reason: view.reason ?? '' })}</p>
      ) : (
        <>
          <p>
            {fill(m.regressionIntro, {
              window: fit.windowDays,
              cutoff: dateTime(fit.cutoff).slice(0, 10),
              days: fit.horizonDays,
              train: count(fit.split.train),
              test: count(fit.split.test),
              seed: fit.split.seed,
            })}
          </p>
          <div class="cc-report-columns">
            <ReportTable
              testId="coefficients"
              caption={m.regression}
              captionHidden
              columns={[m.coefficient, m.estimate, m.standardError, m.t]}
            >
                  {fit.coefficients.map((c) => (
                    <tr key={c.name}>
                      <th scope="row">{c.name}</th>
                      <td>{decimal(c.estimate, 3)}</td>
                      <td>{decimal(c.standardError, 3)}</td>
                      <td>{decimal(c.t, 2)}</td>
                    </tr>
                  ))}
            </ReportTable>
            <div>
              <ReportTable
                testId="regression-scores"
                caption={m.testScores}
                columns={[m.metric, m.model, m.baseline]}
              >
                  <tr>
                    <th scope="row">{m.r2}</th>
                    <td>{decimal(fit.test.r2, 3)}</td>
                    <td>{decimal(fit.test.baselineR2, 3)}</td>
                  </tr>
                  <tr>
                    <th scope="row">{m.rmse}</th>
                    <td>{decimal(fit.test.rmse, 1)}</td>
                    <td>{decimal(fit.test.baselineRmse, 1)}</td>
                  </tr>
              </ReportTable>
              <CrossValidationScores cv={fit.crossValidation} />
              {fit.droppedFeatures.length > 0 && (
                <p class="cc-muted">{fill(m.dropped, { features: fit.droppedFeatures.join(', ') })}</p>
              )}
            </div>
          </div>
        </>
      )}
    </section>
  );
}

/** The verdict rests on the cross-validated scores: one split's ~28 test customers can flatter or sink it. */
function CrossValidationScores({ cv }: { cv: CustomerValueCrossValidation }) {
  const beats = cv.rmseImprovement.mean > 0;
  return (
    <>
    <ReportTable
      testId="regression-cv"
      caption={fill(m.crossValidated, {
        folds: cv.folds,
        repeats: cv.repeats,
        customers: count(cv.customers),
      })}
      columns={[m.metric, m.model, m.baseline]}
    >
        <tr>
          <th scope="row">{m.r2}</th>
          <td>{fill(m.meanSd, { mean: decimal(cv.r2.mean, 3), sd: decimal(cv.r2.sd, 3) })}</td>
          <td>
            {fill(m.meanSd, { mean: decimal(cv.baselineR2.mean, 3), sd: decimal(cv.baselineR2.sd, 3) })}
          </td>
        </tr>
        <tr>
          <th scope="row">{m.rmse}</th>
          <td>{fill(m.meanSd, { mean: decimal(cv.rmse.mean, 1), sd: decimal(cv.rmse.sd, 1) })}</td>
          <td>
            {fill(m.meanSd, { mean: decimal(cv.baselineRmse.mean, 1), sd: decimal(cv.baselineRmse.sd, 1) })}
          </td>
        </tr>
    </ReportTable>
    <p class={beats ? '' : 'cc-warning'} data-testid="regression-verdict">
      {fill(beats ? m.beatsBaseline : m.losesToBaseline, {
        share: percent(Math.abs(cv.rmseImprovement.mean)),
        beat: cv.beatBaseline,
        folds: cv.folds * cv.repeats,
      })}
    </p>
    </>
  );
}

function SegmentsSection({ view }: { view: SegmentsView | null }) {
  const scatter = useMemo(() => (view === null ? null : segmentsScatter(view)), [view]);
  return (
    <section class="cc-report-card cc-report-wide" aria-labelledby="cc-segments-title">
      <h3 id="cc-segments-title">{m.segments}</h3>
      {view === null || view.segments === undefined || scatter === null ? (
        <p class="cc-muted">{view === null ? m.notTrained : m.noSegments}</p>
      ) : (
        <>
          <p>{fill(m.segmentsIntro, { k: view.k ?? view.segments.length })}</p>
          <div class="cc-report-columns">
            <div>
              <ReportTable
                testId="segments"
                caption={m.segments}
                captionHidden
                columns={[m.segment, m.size, m.recency, m.frequency, m.monetary]}
              >
                  {view.segments.map((seg) => (
                    <tr key={seg.id}>
                      <th scope="row">
                        {seg.label}
                        <br />
                        <span class="cc-muted">{seg.description}</span>
                      </th>
                      <td>
                        {count(seg.size)} ({percent(seg.share, 0)})
                      </td>
                      <td>{decimal(seg.centroid.recencyDays, 0)}</td>
                      <td>{decimal(seg.centroid.frequency, 1)}</td>
                      <td>{decimal(seg.centroid.monetary, 0)}</td>
                    </tr>
                  ))}
              </ReportTable>
              {view.candidates !== undefined && (
                <ReportTable caption={m.silhouette} columns={['k', m.silhouette]}>
                    {view.candidates.map((c) => (
                      <tr key={c.k}>
                        <th scope="row">{c.k}</th>
                        <td>{decimal(c.silhouette, 3)}</td>
                      </tr>
                    ))}
                </ReportTable>
              )}
            </div>
            <figure class="cc-figure">
              <ScatterCanvas spec={scatter} />
              <figcaption class="cc-muted">{scatter.summary}</figcaption>
            </figure>
          </div>
        </>
      )}
    </section>
  );
}

function ForecastSection({ view }: { view: ForecastView | null }) {
  const [day, setDay] = useState(0);
  const forecast = useMemo(() => (view === null ? null : forecastChart(view)), [view]);
  const staffing = useMemo(() => (view === null ? null : staffingChart(view, day)), [view, day]);
  if (view === null || forecast === null) {
    return (
      <section class="cc-report-card cc-report-wide">
        <h3>{m.forecast}</h3>
        <p class="cc-muted">{m.notTrained}</p>
      </section>
    );
  }
  const { outputs } = view;
  const model = outputs.model;
  const mase = outputs.backtest.maseModel;
  return (
    <>
      <section class="cc-report-card cc-report-wide" aria-labelledby="cc-forecast-title">
        <h3 id="cc-forecast-title">{m.forecast}</h3>
        <p class={outputs.shipped ? '' : 'cc-warning'} data-testid="forecast-verdict">
          {outputs.shipped
            ? fill(m.shipped, { model: decimal(mase), naive: decimal(outputs.backtest.maseSeasonalNaive) })
            : fill(m.notShipped, { model: decimal(mase) })}{' '}
          <span class="cc-muted">({outputs.verdict})</span>
        </p>
        {model !== null && (
          <p class="cc-muted">
            {fill(m.forecastModel, {
              kind: model.kind,
              alpha: decimal(model.params.alpha, 3),
              gamma: decimal(model.params.gamma, 3),
              trend:
                model.params.beta === null
                  ? ''
                  : `, β ${decimal(model.params.beta, 3)}, φ ${decimal(model.params.phi, 3)}`,
            })}
          </p>
        )}
        <ChartCard title={t.charts.forecast} spec={forecast} onDrill={noDrill} wide />
        <ReportTable testId="backtest" caption={m.backtest} columns={[m.origin, m.maseModel, m.maseNaive]}>
              {outputs.backtest.origins.map((o) => (
                <tr key={o.trainedThrough}>
                  <th scope="row">{o.trainedThrough}</th>
                  <td>{decimal(o.maseModel)}</td>
                  <td>{decimal(o.maseSeasonalNaive)}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">{m.mean}</th>
                <td>{decimal(outputs.backtest.maseModel)}</td>
                <td>{decimal(outputs.backtest.maseSeasonalNaive)}</td>
              </tr>
        </ReportTable>
      </section>
      <section class="cc-report-card cc-report-wide" aria-labelledby="cc-staffing-title">
        <h3 id="cc-staffing-title">{m.staffing}</h3>
        {outputs.staffing === null || staffing === null ? (
          <p class="cc-muted">{m.noStaffing}</p>
        ) : (
          <>
            <p>
              {fill(m.staffingIntro, {
                level: percent(outputs.staffing.target.serviceLevel, 0),
                seconds: outputs.staffing.target.targetSeconds,
                handle: duration(outputs.staffing.handleSeconds),
                share: percent(outputs.staffing.agentShare),
              })}
            </p>
            <label class="cc-inline-field">
              <span>{m.staffingDay}</span>
              <select value={String(day)} onChange={(e) => setDay(Number(e.currentTarget.value))}>
                {outputs.staffing.days.map((d, index) => (
                  <option key={d.date} value={String(index)}>
                    {shortDay(d.date)}
                  </option>
                ))}
              </select>
            </label>
            <ChartCard title={t.charts.staffing} spec={staffing} onDrill={noDrill} wide />
          </>
        )}
      </section>
    </>
  );
}
