import type { ServiceReport } from '../../../server/contracts/reports.ts';
import { format as fill } from '../strings.ts';
import { ChartCard } from './ChartCard.tsx';
import { count, decimal, duration, percent } from './format.ts';
import { Kpis } from './Kpis.tsx';
import type { DrillTarget } from './query.ts';
import { ReportTable } from './ReportTable.tsx';
import {
  dailyChart,
  durationCaption,
  durationChart,
  hourlyChart,
  intentsChart,
  outcomeChart,
  ratingCaption,
  ratingsChart,
  reasonsChart,
  slaChart,
  ticketsChart,
} from './service-charts.ts';
import { reportStrings as t } from './strings.ts';
import { PALETTE } from './chart-spec.ts';

/** The admin's service report: headline figures, then a chart per question a support lead asks. */
export function ServiceReportView(props: { report: ServiceReport; onDrill(target: DrillTarget): void }) {
  const { report, onDrill } = props;
  const c = t.charts;
  return (
    <>
      <Kpis changes={report.changes} />
      <div class="cc-report-grid">
        <ChartCard wide title={c.daily} spec={dailyChart(report)} onDrill={onDrill} />
        <ChartCard title={c.hourly} spec={hourlyChart(report)} onDrill={onDrill} />
        <ChartCard
          title={c.outcome}
          caption={`${percent(report.totals.containmentRate)} contained, ${percent(report.escalations.rate)} escalated`}
          spec={outcomeChart(report)}
          onDrill={onDrill}
        />
        <ChartCard title={c.reasons} spec={reasonsChart(report)} onDrill={onDrill} />
        <ChartCard
          title={c.firstResponse}
          caption={durationCaption(report.firstResponse)}
          spec={durationChart(c.firstResponse, report.firstResponse)}
          onDrill={onDrill}
        />
        <ChartCard
          title={c.resolution}
          caption={durationCaption(report.resolution)}
          spec={durationChart(c.resolution, report.resolution, PALETTE[2])}
          onDrill={onDrill}
        />
        <ChartCard
          title={c.handling}
          caption={durationCaption(report.handling)}
          spec={durationChart(c.handling, report.handling, PALETTE[3])}
          onDrill={onDrill}
        />
        <ChartCard
          title={c.ratings}
          caption={ratingCaption(report.ratings)}
          spec={ratingsChart(report.ratings)}
          onDrill={onDrill}
        />
        <ChartCard
          title={c.intents}
          caption={`Fallback rate ${percent(report.totals.fallbackRate)} of ${count(report.totals.visitorMessages)} visitor messages`}
          spec={intentsChart(report)}
          onDrill={onDrill}
        />
        <ChartCard
          title={c.tickets}
          caption={`${count(report.tickets.total)} tickets opened`}
          spec={ticketsChart(report)}
          onDrill={onDrill}
        />
        <ChartCard title={c.sla} spec={slaChart(report)} onDrill={onDrill} />
      </div>
      <AgentTable report={report} onDrill={onDrill} />
      <IntentTable report={report} onDrill={onDrill} />
    </>
  );
}

function AgentTable(props: { report: ServiceReport; onDrill(target: DrillTarget): void }) {
  const a = t.agents;
  return (
    <section class="cc-report-card cc-report-wide" aria-labelledby="cc-agents-title">
      <h3 id="cc-agents-title">{a.title}</h3>
      {props.report.agents.length === 0 ? (
        <p class="cc-muted">{t.noData}</p>
      ) : (
        <ReportTable
          testId="agent-table"
          columns={[
            a.name,
            a.conversations,
            a.resolved,
            a.replies,
            a.firstResponse,
            a.resolution,
            a.handling,
            a.rating,
          ]}
        >
              {props.report.agents.map((agent) => {
                const name = agent.name ?? agent.agentId;
                return (
                  <tr key={agent.agentId}>
                    <th scope="row">
                      {name}
                      {agent.demo && <span class="cc-tag">{a.demo}</span>}
                    </th>
                    <td>
                      <button
                        type="button"
                        class="cc-link-button"
                        aria-label={`${count(agent.conversations)}: ${name}`}
                        onClick={() =>
                          props.onDrill({ kind: 'conversations', title: name, query: agent.drilldown })
                        }
                      >
                        {count(agent.conversations)}
                      </button>
                    </td>
                    <td>{count(agent.resolved)}</td>
                    <td>{count(agent.replies)}</td>
                    <td>
                      {duration(agent.firstResponse.median)} / {duration(agent.firstResponse.p90)}
                    </td>
                    <td>
                      {duration(agent.resolution.median)} / {duration(agent.resolution.p90)}
                    </td>
                    <td>{duration(agent.handling.median)}</td>
                    <td>
                      {decimal(agent.ratingAverage)} ({count(agent.ratings)})
                    </td>
                  </tr>
                );
              })}
        </ReportTable>
      )}
    </section>
  );
}

function IntentTable(props: { report: ServiceReport; onDrill(target: DrillTarget): void }) {
  const h = t.intentsTable;
  if (props.report.intents.length === 0) return null;
  return (
    <section class="cc-report-card cc-report-wide" aria-labelledby="cc-intents-title">
      <h3 id="cc-intents-title">{fill('{title}: fallback rates', { title: t.charts.intents })}</h3>
      <ReportTable columns={[h.intent, h.messages, h.fallbacks, h.rate]}>
            {props.report.intents.map((i) => (
              <tr key={i.intent}>
                <th scope="row">{i.intent}</th>
                <td>
                  <button
                    type="button"
                    class="cc-link-button"
                    aria-label={`${count(i.messages)}: ${i.intent}`}
                    onClick={() => props.onDrill({ kind: 'conversations', title: i.intent, query: i.drilldown })}
                  >
                    {count(i.messages)}
                  </button>
                </td>
                <td>{count(i.fallbacks)}</td>
                <td>{percent(i.fallbackRate)}</td>
              </tr>
            ))}
      </ReportTable>
    </section>
  );
}
