import { expect } from 'chai';
import { ObjectId, type Document } from 'mongodb';
import { factFilter } from '../../server/analytics/reports/drilldown.ts';
import { rangeOf } from '../../server/analytics/reports/report-range.ts';
import type { DrilldownQuery } from '../../server/contracts/reports.ts';
import {
  ANALYTICS_COLLECTIONS,
  analyticsCollection,
  ensureAnalyticsIndexes,
} from '../../server/data/analytics/collections.ts';
import { startTestDatabase, type TestDatabase } from '../support/database.ts';

const HOUR = 3_600_000;
const START = Date.UTC(2026, 9, 1);
const AGENTS = ['a'.repeat(24), 'b'.repeat(24)];
const REASONS = ['requested_human', 'not_understood', 'complaint'];
const INTENTS = ['order_status', 'returns', 'complaint'];
const PAGE = 50;

/** Stage names and index names anywhere in an explain's winning plan (MongoDB nests them; the engine does not). */
function stagesOf(plan: Document | undefined, out: { stage: string; indexName?: string }[] = []) {
  if (!plan) return out;
  out.push({ stage: String(plan.stage), indexName: plan.indexName as string | undefined });
  stagesOf(plan.inputStage as Document | undefined, out);
  for (const input of (plan.inputStages as Document[] | undefined) ?? []) stagesOf(input, out);
  return out;
}

describe('report drill-downs: each chart condition is one index range in list order', () => {
  let db: TestDatabase;
  const range = rangeOf('2026-10-01', '2026-10-30', 'UTC');

  before(async () => {
    db = await startTestDatabase();
    await ensureAnalyticsIndexes(db.database.models);
    // 2,000 facts over 30 days: enough that a scan of the whole range and an index range differ by far.
    const facts = Array.from({ length: 2000 }, (_, i) => {
      const startedAt = new Date(START + i * 21 * 60_000);
      const escalated = i % 3 === 0;
      return {
        _id: new ObjectId(),
        counted: i % 17 !== 0,
        startedAt,
        hour: new Date(Math.floor(startedAt.getTime() / HOUR) * HOUR),
        contained: !escalated,
        escalated,
        escalationReason: escalated ? REASONS[i % REASONS.length]! : null,
        agentId: escalated ? AGENTS[i % 2]! : null,
        rating: i % 4 === 0 ? (i % 5) + 1 : null,
        intents: [{ intent: INTENTS[i % 3]!, fallbacks: i % 7 === 0 ? 1 : 0 }],
        fallbacks: i % 7 === 0 ? 1 : 0,
        firstResponseSeconds: escalated ? (i * 37) % 900 : null,
        resolutionSeconds: escalated ? (i * 53) % 7200 : null,
        handlingSeconds: escalated ? (i * 29) % 1800 : null,
      };
    });
    await analyticsCollection(db.database.models, ANALYTICS_COLLECTIONS.facts).insertMany(facts);
  });
  after(async () => {
    await db.stop();
  });

  async function explainPage(query: DrilldownQuery) {
    const filter = factFilter(range, query) as Document;
    const facts = analyticsCollection(db.database.models, ANALYTICS_COLLECTIONS.facts);
    const cursor = facts.find(filter).sort({ startedAt: 1, _id: 1 }).limit(PAGE);
    const explain = await cursor.explain('executionStats');
    return {
      stages: stagesOf(explain.queryPlanner.winningPlan as Document),
      stats: explain.executionStats as { nReturned: number; totalDocsExamined: number },
      total: await facts.countDocuments(filter),
    };
  }

  for (const [query, index] of [
    [{ reason: 'requested_human' }, 'counted_1_escalationReason_1_startedAt_1__id_1'],
    [{ intent: 'returns' }, 'counted_1_intents.intent_1_startedAt_1__id_1'],
    [{ rating: 5 }, 'counted_1_rating_1_startedAt_1__id_1'],
  ] as const) {
    it(`reads only the page of ${JSON.stringify(query)} from ${index}, in order`, async () => {
      const { stages, stats, total } = await explainPage(query);
      expect(stages.find((s) => s.stage === 'IXSCAN')?.indexName).to.equal(index);
      expect(stages.map((s) => s.stage)).to.not.include('SORT');
      expect(total).to.be.greaterThan(PAGE);
      expect(stats.nReturned).to.equal(PAGE);
      expect(stats.totalDocsExamined).to.equal(PAGE);
    });
  }

  for (const [query, index] of [
    [{ firstResponseMin: 60, firstResponseMax: 120 }, 'counted_1_firstResponseSeconds_1_startedAt_1'],
    [{ resolutionMin: 0, resolutionMax: 300 }, 'counted_1_resolutionSeconds_1_startedAt_1'],
    [{ handlingMin: 600 }, 'counted_1_handlingSeconds_1_startedAt_1'],
    [{ agentId: AGENTS[0]! }, 'agentId_1_startedAt_1'],
    [{ date: '2026-10-12' }, 'hour_1'],
    [{ intent: 'returns', fallback: true }, 'counted_1_intents.intent_1_startedAt_1__id_1'],
  ] as const) {
    it(`reads ${JSON.stringify(query)} through ${index}, not the whole range`, async () => {
      const { stages, stats, total } = await explainPage(query);
      expect(stages.find((s) => s.stage === 'IXSCAN')?.indexName).to.equal(index);
      expect(stats.nReturned).to.equal(Math.min(total, PAGE));
      // The facts of the whole range number about 2,000; an index range holds a fraction of them.
      expect(stats.totalDocsExamined).to.be.below(700);
    });
  }
});
