import { useEffect, useState } from 'preact/hooks';
import {
  fetchJob,
  fetchRecentJobs,
  fetchRows,
  rejectedUrl,
  ROWS_PAGE,
  startDryRun,
  startRun,
  uploadFile,
  type ImportJob,
  type ImportKind,
  type Outcome,
  type RowReport,
} from './api.ts';

const KINDS: ImportKind[] = ['contacts', 'products', 'orders'];
const OUTCOMES: Outcome[] = ['created', 'updated', 'merged', 'unchanged', 'rejected'];
const IGNORE = '-';
const ATTRIBUTE = 'attribute';
const POLL_MS = 700;

const SEEN_KEY = 'concierge.imports.seenDone';
/** Finished imports whose result this tab has shown. */
function seenDone(): string[] {
  try {
    const stored: unknown = JSON.parse(sessionStorage.getItem(SEEN_KEY) ?? '[]');
    return Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}
const running = (job: ImportJob | null) => job?.state === 'checking' || job?.state === 'running';

/** The attribute name a column gets when kept as a free-form attribute: its header, as a field name. */
const attributeName = (column: string) =>
  `attributes.${
    column
      .replace(/[^A-Za-z0-9_-]/g, '_')
      .replace(/^[^A-Za-z]+/, '')
      .slice(0, 64) || 'column'
  }`;

function Counts({ counts, label }: { counts: Record<Outcome, number>; label: string }) {
  return (
    <dl class="cc-data-counts" aria-label={label}>
      {OUTCOMES.map((outcome) => (
        <div key={outcome}>
          <dt>{outcome}</dt>
          <dd>{counts[outcome]}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * Import: upload → column mapping → dry run (per-row table) → run with a progress bar → rejected rows. The job
 * lives on the server, so a reload comes back to the latest one where it was.
 */
export function ImportPanel() {
  const [kind, setKind] = useState<ImportKind>('contacts');
  const [file, setFile] = useState<File | null>(null);
  const [job, setJob] = useState<ImportJob | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [dateFormat, setDateFormat] = useState<'dmy' | 'mdy'>('dmy');
  const [currency, setCurrency] = useState('EUR');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [filter, setFilter] = useState<Outcome | ''>('');
  const [rows, setRows] = useState<{ items: RowReport[]; total: number; page: number } | null>(null);

  const adopt = (next: ImportJob) => {
    setJob(next);
    setMapping(
      Object.keys(next.mapping).length > 0
        ? { ...next.suggestedMapping, ...next.mapping }
        : next.suggestedMapping,
    );
    setDateFormat(next.dateFormat);
    setCurrency(next.currency);
  };

  // After a reload: the latest import, unless it was finished and its result already shown in this tab (an
  // import that finished during the reload is still shown once).
  useEffect(() => {
    fetchRecentJobs()
      .then(({ items }) => {
        const latest = items[0];
        if (latest !== undefined && (latest.state !== 'done' || !seenDone().includes(latest.id))) {
          adopt(latest);
        }
      })
      .catch((reason: Error) => setError(reason.message));
  }, []);
  useEffect(() => {
    if (job?.state === 'done' && !seenDone().includes(job.id)) {
      sessionStorage.setItem(SEEN_KEY, JSON.stringify([...seenDone(), job.id].slice(-20)));
    }
  }, [job?.id, job?.state]);

  // While a phase runs, its progress is polled from the server.
  useEffect(() => {
    if (job === null || !running(job)) return;
    const timer = setTimeout(() => {
      fetchJob(job.id)
        .then(setJob)
        .catch((reason: Error) => setError(reason.message));
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [job]);

  const phase: 'dry-run' | 'run' = job?.state === 'done' || job?.phase === 'run' ? 'run' : 'dry-run';
  const reportReady = job !== null && (job.state === 'checked' || job.state === 'done');
  useEffect(() => {
    if (job === null || !reportReady) {
      setRows(null);
      return;
    }
    fetchRows(job.id, phase, filter, 1)
      .then(setRows)
      .catch((reason: Error) => setError(reason.message));
  }, [job?.id, job?.state, phase, filter]);

  const act = async (work: () => Promise<ImportJob>, keepMapping = false) => {
    setBusy(true);
    setError(null);
    try {
      const next = await work();
      if (keepMapping) setJob(next);
      else adopt(next);
    } catch (reason) {
      const issues = (reason as { details?: { issues?: { message: string }[] } }).details?.issues ?? [];
      setError([(reason as Error).message, ...issues.map((issue) => issue.message)].join(' '));
    } finally {
      setBusy(false);
    }
  };

  const onUpload = (event: Event) => {
    event.preventDefault();
    if (file === null) {
      setError('Choose a CSV file first.');
      return;
    }
    void act(() => uploadFile(kind, file));
  };

  const fieldChoice = (column: string) => {
    const field = mapping[column] ?? IGNORE;
    return field.startsWith('attributes.') ? ATTRIBUTE : field;
  };
  const choose = (column: string, choice: string) =>
    setMapping({ ...mapping, [column]: choice === ATTRIBUTE ? attributeName(column) : choice });

  return (
    <section class="cc-data-section" aria-labelledby="cc-import-title">
      <h3 id="cc-import-title">Import</h3>
      {error !== null && (
        <p class="cc-data-error" role="alert">
          {error}
        </p>
      )}
      {job === null ? (
        <form class="cc-data-form" onSubmit={onUpload}>
          <label>
            What the file holds
            <select
              value={kind}
              onChange={(event) => setKind((event.target as HTMLSelectElement).value as ImportKind)}
            >
              {KINDS.map((value) => (
                <option key={value} value={value}>
                  {value}
                </option>
              ))}
            </select>
          </label>
          <label>
            CSV file
            <input
              type="file"
              accept=".csv,text/csv"
              onChange={(event) => setFile((event.target as HTMLInputElement).files?.[0] ?? null)}
            />
          </label>
          <button type="submit" disabled={busy}>
            Upload
          </button>
        </form>
      ) : (
        <div class="cc-data-job">
          <p role="status">
            {job.kind} from <strong>{job.filename}</strong>: {job.state}
            {job.error !== null && ` — ${job.error}`}
          </p>
          {(job.state === 'uploaded' || job.state === 'checked' || job.state === 'failed') &&
            job.result === null && (
              <form
                class="cc-data-mapping"
                onSubmit={(event) => {
                  event.preventDefault();
                  void act(() => startDryRun(job.id, { mapping, dateFormat, currency }), true);
                }}
              >
                <table>
                  <caption>Column mapping</caption>
                  <thead>
                    <tr>
                      <th scope="col">Column in the file</th>
                      <th scope="col">Field</th>
                    </tr>
                  </thead>
                  <tbody>
                    {job.headers.map((column) => (
                      <tr key={column}>
                        <th scope="row">{column}</th>
                        <td>
                          <select
                            aria-label={`Field for column ${column}`}
                            value={fieldChoice(column)}
                            onChange={(event) => choose(column, (event.target as HTMLSelectElement).value)}
                          >
                            <option value={IGNORE}>(ignore)</option>
                            {job.fields.map((field) => (
                              <option key={field} value={field}>
                                {field}
                              </option>
                            ))}
                            {job.kind !== 'orders' && <option value={ATTRIBUTE}>keep as attribute</option>}
                          </select>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <label>
                  Dates are written
                  <select
                    value={dateFormat}
                    onChange={(event) =>
                      setDateFormat((event.target as HTMLSelectElement).value as 'dmy' | 'mdy')
                    }
                  >
                    <option value="dmy">day first (31/12/2026)</option>
                    <option value="mdy">month first (12/31/2026)</option>
                  </select>
                </label>
                {job.kind !== 'contacts' && (
                  <label>
                    Default currency
                    <input
                      value={currency}
                      maxLength={3}
                      size={4}
                      onInput={(event) => setCurrency((event.target as HTMLInputElement).value)}
                    />
                  </label>
                )}
                <button type="submit" disabled={busy}>
                  Dry run
                </button>
              </form>
            )}
          {running(job) && (
            <div class="cc-data-progress">
              <div
                role="progressbar"
                aria-label={job.state === 'checking' ? 'Dry run progress' : 'Import progress'}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={Math.round(job.progress * 100)}
                aria-valuetext={`${Math.round(job.progress * 100)}%, ${job.processedRows} rows`}
              >
                <span style={{ width: `${Math.round(job.progress * 100)}%` }} />
              </div>
              <p>{job.processedRows} rows so far</p>
            </div>
          )}
          {job.dryRun !== null && job.result === null && !running(job) && (
            <>
              <Counts counts={job.dryRun.counts} label="Dry run outcome" />
              <button type="button" disabled={busy} onClick={() => void act(() => startRun(job.id), true)}>
                Start import
              </button>
            </>
          )}
          {job.state === 'done' && job.result !== null && (
            <>
              <p>Import done: {job.result.rows} rows.</p>
              <Counts counts={job.result.counts} label="Import outcome" />
            </>
          )}
          {reportReady && (
            <a class="cc-data-download" href={rejectedUrl(job.id, phase)} download>
              Download rejected rows{phase === 'dry-run' ? ' (dry run)' : ''}
            </a>
          )}
          {reportReady && rows !== null && (
            <div class="cc-data-rows">
              <label>
                Show
                <select
                  value={filter}
                  onChange={(event) => setFilter((event.target as HTMLSelectElement).value as Outcome | '')}
                >
                  <option value="">every row</option>
                  {OUTCOMES.map((outcome) => (
                    <option key={outcome} value={outcome}>
                      {outcome}
                    </option>
                  ))}
                </select>
              </label>
              <table>
                <caption>
                  {phase === 'dry-run' ? 'Dry run, row by row' : 'Import, row by row'} (first{' '}
                  {Math.min(ROWS_PAGE, rows.total)} of {rows.total})
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Line</th>
                    <th scope="col">Outcome</th>
                    <th scope="col">Key</th>
                    <th scope="col">Why</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.items.map((row) => (
                    <tr key={row.line}>
                      <td>{row.line}</td>
                      <td>{row.outcome}</td>
                      <td>{row.key ?? ''}</td>
                      <td>{row.reason ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {!running(job) && (
            <button
              type="button"
              onClick={() => {
                setJob(null);
                setFile(null);
                setError(null);
              }}
            >
              New import
            </button>
          )}
        </div>
      )}
    </section>
  );
}
