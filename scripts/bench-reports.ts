/**
 * npm run bench:reports [-- --conversations 100000 --days 90]
 * Generates a synthetic history of about 100,000 conversations and 1,000,000 messages in the embedded engine
 * (in memory, on its own thread as `npm start` runs it), builds the facts and hourly rollups from the raw
 * records, then times the report endpoints' work, cold (a new store) and warm. Prints one JSON line.
 */
import { parseArgs } from 'node:util';
import { startEmbeddedMongo } from '../embedded-mongo/index.ts';
import { createReports } from '../server/analytics/reports/index.ts';
import { createReportService } from '../server/analytics/reports/report-service.ts';
import { createReportStore } from '../server/data/analytics/report-store.ts';
import { connectDatabase } from '../server/data/connection.ts';
import { createRepositories } from '../server/data/repositories/index.ts';
import { seedConversationHistory } from '../server/data/seed/seed-history.ts';

const { values } = parseArgs({
  options: {
    conversations: { type: 'string', default: '100000' },
    days: { type: 'string', default: '90' },
    contacts: { type: 'string', default: '5000' },
    runs: { type: 'string', default: '10' },
  },
});
const days = Number(values.days);
const perDay = Number(values.conversations) / days / 0.93;
const runs = Number(values.runs);

const engine = await startEmbeddedMongo({ thread: 'worker' });
const database = await connectDatabase(engine.uri, { dbName: 'bench_reports' });
const repositories = createRepositories(database.models);
const now = new Date();
try {
  const contacts = await repositories.contacts.insertMany(
    Array.from({ length: Number(values.contacts) }, (_, i) => ({
      name: `Synthetic ${i + 1}`,
      emails: [`synthetic.${i + 1}@example.com`],
      attributes: { demo: true },
    })),
  );
  let t = Date.now();
  const seeded = await seedConversationHistory(database.models, repositories, {
    seed: 42,
    now,
    days,
    perDay,
    contactIds: contacts.map((c) => c.id),
    // Longer conversations than the demo's, so 100,000 of them carry about a million messages.
    messageMultiplier: 3,
    onDay: ({ conversations, messages }) =>
      process.stderr.write(
        `\r${conversations} conversations, ${messages} messages, ${Math.round((Date.now() - t) / 1000)} s`,
      ),
  });
  process.stderr.write('\n');
  const generateMs = Date.now() - t;
  const reports = createReports({
    models: database.models,
    meta: repositories.meta,
    settings: { minIntentConfidence: 0.3, outOfScopeIntent: 'out_of_scope' },
    timeZone: 'UTC',
    sweepIntervalMs: 0,
  });
  t = Date.now();
  const rebuild = await reports.start();
  const rebuildMs = Date.now() - t;
  const to = now.toISOString().slice(0, 10);
  const from = new Date(now.getTime() - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  const timings: Record<string, number[]> = {
    service90Cold: [],
    service90: [],
    service28: [],
    agent90: [],
    drilldown: [],
  };
  const agentId = (await repositories.users.list({ role: 'agent' })).items[0]!.id;
  let conversations = 0;
  for (let i = 0; i < runs; i += 1) {
    // Cold: a new store, so every rollup of the range is read from the database, as after a restart.
    const fresh = createReportService({ store: createReportStore(database.models) });
    let s = Date.now();
    await fresh.serviceReport({ from, to, timeZone: 'UTC' });
    timings.service90Cold!.push(Date.now() - s);
    s = Date.now();
    conversations = (await reports.service.serviceReport({ from, to, timeZone: 'UTC' })).totals.conversations;
    timings.service90!.push(Date.now() - s);
    s = Date.now();
    await reports.service.serviceReport({ timeZone: 'UTC' });
    timings.service28!.push(Date.now() - s);
    s = Date.now();
    await reports.service.agentReport(agentId, { from, to, timeZone: 'UTC' });
    timings.agent90!.push(Date.now() - s);
    s = Date.now();
    await reports.service.conversations(
      { from, to, timeZone: 'UTC' },
      { reason: 'requested_human' },
      { page: 1, limit: 50 },
    );
    timings.drilldown!.push(Date.now() - s);
  }
  // service90Cold reads every rollup; the others reuse the rollups read before and re-read only their
  // revisions (server/data/analytics/report-store.ts).
  const stats = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return { first: xs[0], median: sorted[Math.floor(sorted.length / 2)], max: sorted.at(-1) };
  };
  reports.close();
  process.stdout.write(
    `${JSON.stringify({
      seeded,
      conversationsInReport: conversations,
      generateMs,
      rebuild,
      rebuildMs,
      reportMs: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, stats(v)])),
      runs,
    })}\n`,
  );
} finally {
  await database.close();
  await engine.stop();
}
