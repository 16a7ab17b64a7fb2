import type { AgentReport } from '../../../server/contracts/reports.ts';
import { ChartCard } from './ChartCard.tsx';
import { PALETTE } from './chart-spec.ts';
import { change, count, decimal, duration } from './format.ts';
import type { DrillTarget } from './query.ts';
import {
  agentDailyChart,
  durationCaption,
  durationChart,
  ratingCaption,
  ratingsChart,
} from './service-charts.ts';
import { reportStrings as t } from './strings.ts';

/** An agent's own figures (what `GET /api/reports/agents/me` returns): theirs and nobody else's. */
export function AgentReportView(props: { report: AgentReport; onDrill(target: DrillTarget): void }) {
  const { report, onDrill } = props;
  const { agent, previous } = report;
  const rows: { label: string; now: string; before: string; delta: string | null }[] = [
    {
      label: t.agents.conversations,
      now: count(agent.conversations),
      before: count(previous.conversations),
      delta: change(agent.conversations - previous.conversations, null, 'count'),
    },
    {
      label: t.agents.resolved,
      now: count(agent.resolved),
      before: count(previous.resolved),
      delta: change(agent.resolved - previous.resolved, null, 'count'),
    },
    {
      label: t.kpis.firstResponseMedian!,
      now: duration(agent.firstResponse.median),
      before: duration(previous.firstResponse.median),
      delta: null,
    },
    {
      label: t.kpis.resolutionMedian!,
      now: duration(agent.resolution.median),
      before: duration(previous.resolution.median),
      delta: null,
    },
    {
      label: t.kpis.ratingAverage!,
      now: decimal(agent.ratingAverage),
      before: decimal(previous.ratingAverage),
      delta: null,
    },
  ];
  return (
    <>
      <p class="cc-muted">{t.agentOnly}</p>
      <dl class="cc-kpis" data-testid="my-figures">
        {rows.map((row) => (
          <div class="cc-kpi" key={row.label}>
            <dt>{row.label}</dt>
            <dd class="cc-kpi-value">{row.now}</dd>
            <dd class="cc-kpi-change">
              {row.delta === null ? '' : `${row.delta} · `}
              previous period: {row.before}
            </dd>
          </div>
        ))}
      </dl>
      <div class="cc-report-grid">
        <ChartCard wide title={t.charts.agentDaily} spec={agentDailyChart(report)} onDrill={onDrill} />
        <ChartCard
          title={t.charts.firstResponse}
          caption={durationCaption(report.firstResponse)}
          spec={durationChart(t.charts.firstResponse, report.firstResponse)}
          onDrill={onDrill}
        />
        <ChartCard
          title={t.charts.resolution}
          caption={durationCaption(report.resolution)}
          spec={durationChart(t.charts.resolution, report.resolution, PALETTE[2])}
          onDrill={onDrill}
        />
        <ChartCard
          title={t.charts.ratings}
          caption={ratingCaption(report.ratings)}
          spec={ratingsChart(report.ratings)}
          onDrill={onDrill}
        />
      </div>
    </>
  );
}
