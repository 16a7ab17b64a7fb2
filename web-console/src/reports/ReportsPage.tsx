import { useEffect, useMemo, useState } from 'preact/hooks';
import type { AgentReport, ServiceReport } from '../../../server/contracts/reports.ts';
import { format as fill } from '../strings.ts';
import { fetchMyReport, fetchServiceReport } from './api.ts';
import { AgentReportView } from './AgentReportView.tsx';
import { CustomerAnalytics } from './CustomerAnalytics.tsx';
import { DrilldownList } from './DrilldownList.tsx';
import { csvUrl, type DrillTarget, type RangeChoice } from './query.ts';
import { RangePicker } from './RangePicker.tsx';
import { ServiceReportView } from './ServiceReportView.tsx';
import { reportStrings as t } from './strings.ts';
import './reports.css';

export interface ReportsPageProps {
  user: { id: string; name: string; role: string };
  onOpenConversation(conversationId: string): void;
}

type Tab = 'service' | 'customers';
type Loaded =
  | { kind: 'service'; report: ServiceReport }
  | { kind: 'agent'; report: AgentReport }
  | { kind: 'error'; message: string };

/**
 * Reports (loaded on demand with its chart library): admins read the service report and the customer models;
 * agents read their own figures. The server scopes every request by role; this page only picks the view.
 */
export function ReportsPage({ user, onOpenConversation }: ReportsPageProps) {
  const admin = user.role === 'admin';
  const [tab, setTab] = useState<Tab>('service');
  const [range, setRange] = useState<RangeChoice>({ from: '', to: '' });
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [drill, setDrill] = useState<DrillTarget | null>(null);

  useEffect(() => {
    let current = true;
    setLoaded(null);
    const request: Promise<Loaded> = admin
      ? fetchServiceReport(range).then((report) => ({ kind: 'service', report }))
      : fetchMyReport(range).then((report) => ({ kind: 'agent', report }));
    request
      .catch((error: Error): Loaded => ({ kind: 'error', message: error.message }))
      .then((result) => {
        if (current) setLoaded(result);
      });
    return () => {
      current = false;
    };
  }, [admin, range]);

  const report = loaded !== null && loaded.kind !== 'error' ? loaded.report : null;
  // The range the server resolved (the default is the last 28 days): drill-downs and exports use it exactly.
  const resolved = useMemo<RangeChoice>(
    () => (report === null ? range : { from: report.range.from, to: report.range.to }),
    [report, range],
  );
  const agentNames = useMemo(() => {
    const names = new Map<string, string>();
    if (loaded?.kind === 'service') for (const a of loaded.report.agents) names.set(a.agentId, a.name ?? a.agentId);
    if (loaded?.kind === 'agent') names.set(user.id, user.name);
    return names;
  }, [loaded, user]);

  const today = report?.range.to ?? new Date().toISOString().slice(0, 10);
  const showCustomers = admin && tab === 'customers';

  return (
    <main class="cc-reports" aria-labelledby="cc-reports-title">
      <div class="cc-reports-head">
        <h2 id="cc-reports-title">{t.title}</h2>
        {admin && (
          <div class="cc-segmented" role="group" aria-label={t.title}>
            {(['service', 'customers'] as const).map((key) => (
              <button
                type="button"
                key={key}
                class={`cc-button${tab === key ? ' cc-primary' : ''}`}
                aria-pressed={tab === key}
                onClick={() => setTab(key)}
              >
                {t.tabs[key]}
              </button>
            ))}
          </div>
        )}
      </div>
      {showCustomers ? (
        <CustomerAnalytics />
      ) : (
        <>
          <div class="cc-report-toolbar">
            <RangePicker value={resolved} today={today} onChange={(next) => {
              setDrill(null);
              setRange(next);
            }} />
            <a class="cc-button" href={csvUrl(resolved)} download>
              {t.exportCsv}
            </a>
          </div>
          {report !== null && (
            <p class="cc-muted" data-testid="range-shown">
              {fill(t.range.shown, {
                from: report.range.from,
                to: report.range.to,
                days: report.range.days,
                zone: report.range.timeZone,
                previousFrom: report.previousRange.from,
                previousTo: report.previousRange.to,
              })}
            </p>
          )}
          {drill !== null && (
            <DrilldownList
              range={resolved}
              target={drill}
              agentNames={agentNames}
              onOpenConversation={onOpenConversation}
              onClose={() => setDrill(null)}
            />
          )}
          {loaded === null && <p class="cc-muted">{t.loading}</p>}
          {loaded?.kind === 'error' && (
            <p class="cc-error" role="alert">
              {fill(t.errorLoading, { message: loaded.message })}
            </p>
          )}
          {loaded?.kind === 'service' && <ServiceReportView report={loaded.report} onDrill={setDrill} />}
          {loaded?.kind === 'agent' && <AgentReportView report={loaded.report} onDrill={setDrill} />}
        </>
      )}
    </main>
  );
}
