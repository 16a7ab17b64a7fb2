import { expect } from 'chai';
import type { ServiceReport } from '../../server/contracts/reports.ts';
import type { ForecastView } from '../../server/contracts/analytics-models.ts';
import { change, daysBefore, duration, percent } from '../../web-console/src/reports/format.ts';
import { forecastChart } from '../../web-console/src/reports/model-charts.ts';
import { csvUrl, reportQuery } from '../../web-console/src/reports/query.ts';
import {
  dailyChart,
  outcomeChart,
  reasonsChart,
  slaChart,
  ticketsChart,
} from '../../web-console/src/reports/service-charts.ts';

/** A small service report written by hand: two days, two reasons, one ticket category. */
function fixture(): ServiceReport {
  const totals = {
    conversations: 10,
    visitorMessages: 30,
    botMessages: 25,
    agentMessages: 8,
    contained: 6,
    containmentRate: 0.6,
    escalated: 3,
    escalationRate: 0.3,
    resolved: 4,
    fallbackRate: 0.1,
    ratings: 2,
    ratingAverage: 4.5,
    firstResponseMedian: 60,
    firstResponseP90: 120,
    resolutionMedian: 600,
    resolutionP90: 900,
  };
  const range = { from: '2026-11-01', to: '2026-11-02', timeZone: 'UTC', start: '', end: '', days: 2 };
  return {
    range,
    previousRange: { ...range, from: '2026-10-30', to: '2026-10-31' },
    generatedAt: '',
    totals,
    previousTotals: totals,
    changes: {} as ServiceReport['changes'],
    volume: {
      daily: [
        {
          date: '2026-11-01',
          conversations: 4,
          contained: 3,
          escalated: 1,
          drilldown: { date: '2026-11-01' },
        },
        {
          date: '2026-11-02',
          conversations: 6,
          contained: 3,
          escalated: 2,
          drilldown: { date: '2026-11-02' },
        },
      ],
      hourOfDay: [],
      weekdayHour: [],
    },
    escalations: {
      count: 3,
      rate: 0.3,
      reasons: [
        {
          key: 'requested_human',
          count: 2,
          share: 2 / 3,
          drilldown: { escalated: true, reason: 'requested_human' },
        },
        { key: 'unknown', count: 1, share: 1 / 3, drilldown: { escalated: true, reason: 'unknown' } },
      ],
    },
    firstResponse: { count: 0, mean: null, median: null, p90: null, distribution: [] },
    resolution: { count: 0, mean: null, median: null, p90: null, distribution: [] },
    handling: { count: 0, mean: null, median: null, p90: null, distribution: [] },
    ratings: { count: 0, average: null, distribution: [] },
    agents: [],
    intents: [],
    tickets: {
      total: 3,
      byStatus: { open: 1, resolved: 2 },
      byCategory: [{ category: 'returns', total: 3, byStatus: { open: 1, resolved: 2 } }],
    },
    sla: [{ priority: 'high', met: 2, breached: 1, pending: 0, attainment: 2 / 3 }],
  };
}

describe('the Reports page’s charts (specs built from the report DTOs)', () => {
  it('splits each day into contained, escalated and the rest, each bar drilling into exactly that set', () => {
    const spec = dailyChart(fixture());
    expect(spec.series.map((s) => s.values)).to.deep.equal([
      [3, 3],
      [1, 2],
      [0, 1],
    ]);
    expect(spec.series.map((s) => s.drill![1]!.kind === 'conversations' && s.drill![1]!.query)).to.deep.equal(
      [
        { date: '2026-11-02', contained: true },
        { date: '2026-11-02', escalated: true },
        { date: '2026-11-02', contained: false, escalated: false },
      ],
    );
    expect(spec.summary).to.equal('10 conversations over 2 days; busiest Mon, Nov 2 with 6.');
  });

  it('uses the report’s own drill-down for reasons, and the totals for the outcome chart', () => {
    const reasons = reasonsChart(fixture());
    expect(reasons.labels).to.deep.equal(['Asked for a person', 'Unknown']);
    expect(reasons.series[0]!.drill!.map((d) => d!.query)).to.deep.equal([
      { escalated: true, reason: 'requested_human' },
      { escalated: true, reason: 'unknown' },
    ]);
    const outcome = outcomeChart(fixture());
    expect(outcome.series[0]!.values).to.deep.equal([6, 3, 1]);
  });

  it('drills tickets and SLA buckets into the tickets endpoint’s filters', () => {
    const tickets = ticketsChart(fixture());
    const open = tickets.series.find((s) => s.label === 'open')!;
    expect(open.values).to.deep.equal([1]);
    expect(open.drill![0]).to.deep.include({
      kind: 'tickets',
      query: { category: 'returns', status: 'open' },
    });
    const sla = slaChart(fixture());
    expect(sla.labels).to.deep.equal(['high (66.7%)']);
    expect(sla.series.map((s) => s.drill![0]!.query)).to.deep.equal([
      { priority: 'high', sla: 'met' },
      { priority: 'high', sla: 'breached' },
      { priority: 'high', sla: 'pending' },
    ]);
  });

  it('draws the forecast after the history, with its intervals, never below zero', () => {
    const view = {
      name: 'forecast',
      trainedAt: '',
      inputs: {
        daily: [
          { date: '2026-11-01', conversations: 5 },
          { date: '2026-11-02', conversations: 7 },
        ],
        agentShare: 0.2,
        handleSeconds: 300,
      },
      outputs: {
        forecast: [
          { date: '2026-11-03', forecast: 6.04, lower80: 2, upper80: 10, lower95: -1.2, upper95: 13 },
        ],
      },
    } as unknown as ForecastView;
    const spec = forecastChart(view);
    expect(spec.labels).to.have.length(3);
    const byLabel = Object.fromEntries(spec.series.map((s) => [s.label, s.values]));
    expect(byLabel.Actual).to.deep.equal([5, 7, null]);
    expect(byLabel.Forecast).to.deep.equal([null, null, 6]);
    expect(byLabel['_95% interval']).to.deep.equal([null, null, 0]);
    expect(byLabel['95% interval']).to.deep.equal([null, null, 13]);
  });
});

describe('the Reports page’s formatting and queries', () => {
  it('formats durations with their two largest units', () => {
    expect([null, 0, 45, 60, 192, 3600, 3725, 90_000].map(duration)).to.deep.equal([
      '–',
      '0 s',
      '45 s',
      '1 min',
      '3 min 12 s',
      '1 h 00 min',
      '1 h 02 min',
      '1 d 1 h',
    ]);
  });

  it('formats rates and changes against the previous period', () => {
    expect(percent(0.682591)).to.equal('68.3%');
    expect(percent(null)).to.equal('–');
    expect(change(117, 0.1046, 'count')).to.equal('+117 (+10.5%)');
    expect(change(-0.007, null, 'rate')).to.equal('−0.7 points');
    expect(change(-13, null, 'duration')).to.equal('−13 s');
    expect(change(null, null, 'score')).to.equal(null);
  });

  it('builds the API’s query strings, leaving out what is not set', () => {
    expect(reportQuery({ from: '', to: '' })).to.equal('');
    expect(
      reportQuery({ from: '2026-11-01', to: '2026-11-28' }, { escalated: true, reason: 'a b', page: 2 }),
    ).to.equal('?from=2026-11-01&to=2026-11-28&escalated=true&reason=a+b&page=2');
    expect(csvUrl({ from: '2026-11-01', to: '' }, { contained: false })).to.equal(
      '/api/reports/conversations.csv?from=2026-11-01&contained=false',
    );
    expect(daysBefore('2026-03-01', 1)).to.equal('2026-02-28');
  });
});
