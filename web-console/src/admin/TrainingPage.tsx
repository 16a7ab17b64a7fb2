import type { FunctionComponent } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { CandidateReport, ModelVersionView, TrainingJobView } from '../../../server/contracts/admin.ts';
import { format as fill } from '../strings.ts';
import { modelsApi, type ModelVersionWithReport } from './api.ts';
import { dateTime, ErrorNotice, percent, score } from './common.tsx';
import { DeployPanel } from './DeployPanel.tsx';
import { adminStrings as t } from './strings.ts';
import './admin.css';

const POLL_MS = 1000;

type ReportView = FunctionComponent<{ report: CandidateReport }>;
let reportView: Promise<ReportView> | undefined;
/** The report with its charts is a chunk of its own (Chart.js), loaded when a report is first opened. */
const loadReportView = () =>
  (reportView ??= import('./ModelReport.tsx').then((module) => module.ModelReport));

/** The running job's stage and a live progress bar; polls the job until it ends. */
function JobProgress({ job }: { job: TrainingJobView }) {
  const id = useId();
  return (
    <div class="cc-job" aria-live="polite">
      <p id={`${id}-stage`}>{t.training.stages[job.stage] ?? job.stage}</p>
      <div
        class="cc-progress"
        role="progressbar"
        aria-label={t.training.progress}
        aria-describedby={`${id}-stage`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(job.progress * 100)}
        aria-valuetext={`${Math.round(job.progress * 100)}% (${t.training.stages[job.stage] ?? job.stage})`}
      >
        <span style={{ width: `${Math.round(job.progress * 100)}%` }} />
      </div>
    </div>
  );
}

function RollbackForm(props: { version: ModelVersionView; onDone(message: string): void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  return (
    <form
      class="cc-rollback"
      onSubmit={(event) => {
        event.preventDefault();
        modelsApi
          .rollback(props.version.id, reason)
          .then(() => props.onDone(fill(t.training.rolledBack, { number: props.version.number })), setError);
      }}
    >
      <label class="cc-field">
        <span>{t.training.rollbackReason}</span>
        <input
          type="text"
          value={reason}
          onInput={(e) => setReason(e.currentTarget.value)}
          minLength={10}
          required
        />
      </label>
      <button type="submit" class="cc-button" disabled={reason.trim().length < 10}>
        {fill(t.training.rollback, { number: props.version.number })}
      </button>
      {error !== null && <ErrorNotice error={error} />}
    </form>
  );
}

/**
 * Training: start a job (one at a time, on the server's worker thread), follow its stages, read each kept
 * version's evaluation report, deploy through the gate, and roll back to any kept version.
 */
export function TrainingPage() {
  const [job, setJob] = useState<TrainingJobView | null>(null);
  const [versions, setVersions] = useState<ModelVersionView[] | null>(null);
  const [selected, setSelected] = useState<ModelVersionWithReport | null>(null);
  const [Report, setReport] = useState<ReportView | null>(null);
  const [rollingBack, setRollingBack] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const alive = useRef(true);

  const reload = async (select?: string) => {
    const { items } = await modelsApi.list();
    if (!alive.current) return;
    setVersions(items);
    const id = select ?? selected?.id;
    if (id !== undefined) await open(id);
  };

  const open = async (id: string) => {
    const [version, view] = await Promise.all([modelsApi.get(id), loadReportView()]);
    if (!alive.current) return;
    setReport(() => view);
    setSelected(version);
  };

  const follow = async (started: TrainingJobView) => {
    let current = started;
    setJob(current);
    while (alive.current && current.state === 'running') {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      current = await modelsApi.job(current.id);
      if (alive.current) setJob(current);
    }
    if (!alive.current) return;
    if (current.state === 'succeeded' && current.modelVersionId !== null) {
      await reload(current.modelVersionId);
      setNotice(null);
    }
  };

  useEffect(() => {
    alive.current = true;
    reload().catch(setError);
    // A job started earlier (here or by another admin) is still followed.
    modelsApi
      .jobs()
      .then((jobs) => {
        const running = jobs.find((j) => j.state === 'running');
        if (running) return follow(running);
        return undefined;
      })
      .catch(setError);
    return () => {
      alive.current = false;
    };
  }, []);

  const train = async () => {
    setError(null);
    setNotice(null);
    try {
      await follow(await modelsApi.startTraining());
    } catch (e) {
      setError(e);
    }
  };

  const running = job?.state === 'running';
  const finishedVersion = versions?.find((v) => v.id === job?.modelVersionId);

  return (
    <main class="cc-admin" aria-labelledby="cc-training-title">
      <div class="cc-admin-head">
        <h2 id="cc-training-title">{t.training.title}</h2>
        <button type="button" class="cc-button cc-primary" disabled={running} onClick={() => void train()}>
          {running ? t.training.training : t.training.train}
        </button>
      </div>
      <p class="cc-muted">{t.training.trainHint}</p>
      {job !== null && running && <JobProgress job={job} />}
      {job?.state === 'failed' && (
        <p class="cc-error" role="alert">
          {fill(t.training.failed, { error: job.error ?? '' })}
        </p>
      )}
      {job?.state === 'succeeded' && finishedVersion !== undefined && (
        <p class="cc-notice cc-notice-info" role="status">
          {fill(t.training.succeeded, { number: finishedVersion.number })}
        </p>
      )}
      {notice !== null && (
        <p class="cc-notice cc-notice-info" role="status">
          {notice}
        </p>
      )}
      {error !== null && <ErrorNotice error={error} />}

      <section aria-labelledby="cc-versions-title">
        <h3 id="cc-versions-title">{t.training.versions}</h3>
        {versions === null ? (
          <p class="cc-muted">{t.loading}</p>
        ) : versions.length === 0 ? (
          <p class="cc-muted">{t.training.noVersions}</p>
        ) : (
          <div class="cc-table-scroll">
            <table class="cc-admin-table cc-numbers">
              <thead>
                <tr>
                  <th scope="col">{t.training.columns.version}</th>
                  <th scope="col">{t.training.columns.created}</th>
                  <th scope="col">{t.training.columns.macroF1}</th>
                  <th scope="col">{t.training.columns.accuracy}</th>
                  <th scope="col">{t.training.columns.ece}</th>
                  <th scope="col">{t.training.columns.examples}</th>
                  <th scope="col">{t.training.columns.state}</th>
                  <th scope="col">{t.training.columns.actions}</th>
                </tr>
              </thead>
              <tbody>
                {versions.map((v) => (
                  <tr key={v.id} class={selected?.id === v.id ? 'cc-admin-selected' : undefined}>
                    <th scope="row">v{v.number}</th>
                    <td>{dateTime(v.createdAt)}</td>
                    <td>{score(v.macroF1)}</td>
                    <td>{percent(v.accuracy)}</td>
                    <td>{score(v.expectedCalibrationError)}</td>
                    <td>{v.examples}</td>
                    <td>
                      {v.deployed ? <span class="cc-tag cc-tag-ok">{t.training.deployedBadge}</span> : ''}
                    </td>
                    <td class="cc-actions">
                      <button
                        type="button"
                        class="cc-button cc-small"
                        aria-label={`${t.training.report} v${v.number}`}
                        aria-pressed={selected?.id === v.id}
                        onClick={() => open(v.id).catch(setError)}
                      >
                        {t.training.report}
                      </button>
                      {!v.deployed && (
                        <button
                          type="button"
                          class="cc-button cc-small"
                          aria-expanded={rollingBack === v.id}
                          onClick={() => setRollingBack(rollingBack === v.id ? null : v.id)}
                        >
                          {fill(t.training.rollback, { number: v.number })}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {rollingBack !== null && versions?.find((v) => v.id === rollingBack) !== undefined && (
          <RollbackForm
            version={versions.find((v) => v.id === rollingBack)!}
            onDone={(message) => {
              setRollingBack(null);
              setNotice(message);
              reload().catch(setError);
            }}
          />
        )}
      </section>

      {selected !== null && Report !== null && (
        <section class="cc-report" aria-labelledby="cc-report-title">
          <div class="cc-admin-head">
            <h3 id="cc-report-title">{fill(t.report.title, { number: selected.number })}</h3>
          </div>
          <DeployPanel
            version={selected}
            onDeployed={(message) => {
              setNotice(message);
              reload(selected.id).catch(setError);
            }}
          />
          <Report report={selected.report} />
        </section>
      )}
    </main>
  );
}
