import type {
  AgentReport,
  DistributionBin,
  DrilldownQuery,
  DurationReport,
  RatingReport,
  ServiceReport,
} from '../../../server/contracts/reports.ts';
import { format as fill } from '../strings.ts';
import { PALETTE, type ChartSpec } from './chart-spec.ts';
import { count, decimal, duration, hourLabel, percent, shortDay } from './format.ts';
import type { DrillTarget } from './query.ts';
import { reportStrings as t } from './strings.ts';

// The Reports page's charts as specs built from the report DTOs: pure, unit-tested without a browser.

const [BLUE, ORANGE, GREEN, PINK, YELLOW, , GREY] = PALETTE as [string, ...string[]];
const s = t.series;
const conversations = (title: string, query: DrilldownQuery): DrillTarget => ({
  kind: 'conversations',
  title,
  query,
});

export function dailyChart(report: ServiceReport): ChartSpec {
  const days = report.volume.daily;
  const labels = days.map((d) => shortDay(d.date));
  const total = days.reduce((sum, d) => sum + d.conversations, 0);
  const busiest = days.reduce((a, b) => (b.conversations > a.conversations ? b : a), days[0]!);
  return {
    type: 'bar',
    stacked: true,
    labels,
    categoryTitle: t.axis.day,
    series: [
      {
        label: s.contained,
        color: GREEN!,
        values: days.map((d) => d.contained),
        drill: days.map((d, i) => conversations(`${labels[i]}, ${s.contained}`, { date: d.date, contained: true })),
      },
      {
        label: s.escalated,
        color: ORANGE!,
        values: days.map((d) => d.escalated),
        drill: days.map((d, i) => conversations(`${labels[i]}, ${s.escalated}`, { date: d.date, escalated: true })),
      },
      {
        label: s.other,
        color: BLUE,
        values: days.map((d) => d.conversations - d.contained - d.escalated),
        drill: days.map((d, i) =>
          conversations(`${labels[i]}, ${s.other}`, { date: d.date, contained: false, escalated: false }),
        ),
      },
    ],
    format: count,
    summary:
      days.length === 0
        ? t.noData
        : `${count(total)} conversations over ${days.length} days; busiest ${shortDay(busiest.date)} with ${count(busiest.conversations)}.`,
  };
}

export function hourlyChart(report: ServiceReport): ChartSpec {
  const hours = report.volume.hourOfDay;
  const peak = hours.reduce((a, b) => (b.conversations > a.conversations ? b : a), hours[0]!);
  return {
    type: 'bar',
    labels: hours.map((h) => hourLabel(h.hourOfDay)),
    categoryTitle: t.axis.hour,
    series: [
      {
        label: s.conversations,
        color: BLUE,
        values: hours.map((h) => h.conversations),
        drill: hours.map((h) => conversations(`${hourLabel(h.hourOfDay)}`, h.drilldown)),
      },
    ],
    format: count,
    summary:
      hours.length === 0
        ? t.noData
        : `Conversations by hour of day; the busiest hour is ${hourLabel(peak.hourOfDay)} with ${count(peak.conversations)}.`,
  };
}

export function outcomeChart(report: ServiceReport): ChartSpec {
  const totals = report.totals;
  const other = totals.conversations - totals.contained - totals.escalated;
  return {
    type: 'bar',
    horizontal: true,
    labels: [s.contained, s.escalated, s.other],
    categoryTitle: t.kpis.conversations!,
    series: [
      {
        label: s.conversations,
        color: GREEN!,
        values: [totals.contained, totals.escalated, other],
        drill: [
          conversations(s.contained, { contained: true }),
          conversations(s.escalated, { escalated: true }),
          conversations(s.other, { contained: false, escalated: false }),
        ],
      },
    ],
    format: count,
    summary: `Of ${count(totals.conversations)} conversations, ${count(totals.contained)} (${percent(totals.containmentRate)}) were contained by the bot and ${count(totals.escalated)} (${percent(totals.escalationRate)}) escalated.`,
  };
}

export function reasonsChart(report: ServiceReport): ChartSpec {
  const reasons = report.escalations.reasons;
  const label = (key: string) => t.reasons[key] ?? key;
  return {
    type: 'bar',
    horizontal: true,
    labels: reasons.map((r) => label(r.key)),
    categoryTitle: t.axis.reason,
    series: [
      {
        label: s.escalated,
        color: ORANGE!,
        values: reasons.map((r) => r.count),
        drill: reasons.map((r) => conversations(label(r.key), r.drilldown)),
      },
    ],
    format: count,
    summary:
      reasons.length === 0
        ? t.noData
        : `Escalations by reason: ${reasons.map((r) => `${label(r.key)} ${count(r.count)} (${percent(r.share)})`).join(', ')}.`,
  };
}

export function durationChart(title: string, report: DurationReport, color = BLUE): ChartSpec {
  const bins: DistributionBin[] = report.distribution;
  return {
    type: 'bar',
    labels: bins.map((b) => b.label),
    categoryTitle: t.axis.bin,
    series: [
      {
        label: s.conversations,
        color,
        values: bins.map((b) => b.count),
        drill: bins.map((b) => conversations(`${title} ${b.label}`, b.drilldown)),
      },
    ],
    format: count,
    summary: `${title}: ${durationCaption(report)}. ${bins.map((b) => `${b.label}: ${count(b.count)}`).join('; ')}.`,
  };
}

export const durationCaption = (report: DurationReport) =>
  fill(t.medianP90, {
    median: duration(report.median),
    p90: duration(report.p90),
    count: count(report.count),
  });

export function ratingsChart(ratings: RatingReport): ChartSpec {
  return {
    type: 'bar',
    labels: ratings.distribution.map((r) => `${r.score} ★`),
    categoryTitle: t.axis.score,
    series: [
      {
        label: t.charts.ratings,
        color: YELLOW!,
        values: ratings.distribution.map((r) => r.count),
        drill: ratings.distribution.map((r) => conversations(`rating ${r.score}`, r.drilldown)),
      },
    ],
    format: count,
    summary: `${ratingCaption(ratings)}: ${ratings.distribution.map((r) => `${r.score} stars ${count(r.count)}`).join(', ')}.`,
  };
}

export const ratingCaption = (ratings: RatingReport) =>
  fill(t.ratingSummary, { average: decimal(ratings.average), count: count(ratings.count) });

export function intentsChart(report: ServiceReport): ChartSpec {
  const intents = report.intents;
  return {
    type: 'bar',
    stacked: true,
    horizontal: true,
    tall: intents.length > 8,
    labels: intents.map((i) => i.intent),
    categoryTitle: t.axis.intent,
    series: [
      {
        label: s.understood,
        color: BLUE,
        values: intents.map((i) => i.messages - i.fallbacks),
        drill: intents.map((i) => conversations(`${i.intent}, ${s.understood}`, { intent: i.intent, fallback: false })),
      },
      {
        label: s.fallbacks,
        color: ORANGE!,
        values: intents.map((i) => i.fallbacks),
        drill: intents.map((i) => conversations(`${i.intent}, ${s.fallbacks}`, { intent: i.intent, fallback: true })),
      },
    ],
    format: count,
    summary: `Visitor messages per intent: ${intents
      .map((i) => `${i.intent} ${count(i.messages)} (fallback rate ${percent(i.fallbackRate)})`)
      .join(', ')}.`,
  };
}

const TICKET_STATUSES = ['open', 'pending', 'resolved', 'closed'];

export function ticketsChart(report: ServiceReport): ChartSpec {
  const categories = report.tickets.byCategory;
  const statuses = [
    ...TICKET_STATUSES,
    ...Object.keys(report.tickets.byStatus).filter((k) => !TICKET_STATUSES.includes(k)),
  ];
  const colours = [ORANGE!, YELLOW!, GREEN!, GREY!, PINK!];
  return {
    type: 'bar',
    stacked: true,
    labels: categories.map((c) => c.category),
    categoryTitle: t.drill.columns.category,
    series: statuses.map((status, index) => ({
      label: status,
      color: colours[index % colours.length]!,
      values: categories.map((c) => c.byStatus[status] ?? 0),
      drill: categories.map(
        (c): DrillTarget => ({
          kind: 'tickets',
          title: `${c.category}, ${status}`,
          query: { category: c.category, status },
        }),
      ),
    })),
    format: count,
    summary: `${count(report.tickets.total)} tickets: ${categories
      .map((c) => `${c.category} ${count(c.total)}`)
      .join(', ')}; by status ${statuses.map((st) => `${st} ${count(report.tickets.byStatus[st] ?? 0)}`).join(', ')}.`,
  };
}

export function slaChart(report: ServiceReport): ChartSpec {
  const rows = report.sla;
  const series = (['met', 'breached', 'pending'] as const).map((key, index) => ({
    label: s[key],
    color: [GREEN!, ORANGE!, GREY!][index]!,
    values: rows.map((r) => r[key]),
    drill: rows.map(
      (r): DrillTarget => ({
        kind: 'tickets',
        title: `${r.priority} priority, SLA ${key}`,
        query: { priority: r.priority, sla: key },
      }),
    ),
  }));
  return {
    type: 'bar',
    stacked: true,
    labels: rows.map((r) => `${r.priority} (${percent(r.attainment)})`),
    categoryTitle: t.drill.columns.priority,
    series,
    format: count,
    summary: `First-reply SLA attainment: ${rows.map((r) => `${r.priority} ${percent(r.attainment)} (${count(r.met)} met, ${count(r.breached)} breached)`).join(', ')}.`,
  };
}

export function agentDailyChart(report: AgentReport): ChartSpec {
  const days = report.daily;
  const labels = days.map((d) => shortDay(d.date));
  return {
    type: 'bar',
    labels,
    categoryTitle: t.axis.day,
    series: [
      {
        label: s.conversations,
        color: BLUE,
        values: days.map((d) => d.conversations),
        drill: days.map((d, i) => conversations(labels[i]!, d.drilldown)),
      },
      {
        label: s.resolved,
        color: GREEN!,
        values: days.map((d) => d.resolved),
        line: true,
      },
    ],
    format: count,
    summary: `${count(report.agent.conversations)} conversations, ${count(report.agent.resolved)} resolved, over ${days.length} days.`,
  };
}
