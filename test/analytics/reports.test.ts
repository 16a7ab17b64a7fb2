import { expect } from 'chai';
import request from 'supertest';
import { createReports, type Reports } from '../../server/analytics/reports/index.ts';
import { computeConversationFact } from '../../server/analytics/reports/conversation-fact.ts';
import { buildHourRollup, isEmptyRollup } from '../../server/analytics/reports/hour-rollup.ts';
import type { Application } from '../../server/app.ts';
import type { ServiceReport } from '../../server/contracts/reports.ts';
import { createReportStore } from '../../server/data/analytics/report-store.ts';
import { createEventBus } from '../../server/events/event-bus.ts';
import { bearer, buildTestApp, createUser } from '../support/app.ts';
import { startTestDatabase, type TestDatabase } from '../support/database.ts';
import { at, FIXTURE_NOW, writeReportFixture, type Fixture } from './support/report-fixture.ts';

const SETTINGS = { minIntentConfidence: 0.3, outOfScopeIntent: 'out_of_scope' };
const RANGE = 'from=2026-11-02&to=2026-11-03&tz=UTC';

describe('service reports', () => {
  let db: TestDatabase;
  let reports: Reports;
  let fixture: Fixture;
  let report: ServiceReport;

  before(async () => {
    db = await startTestDatabase();
    fixture = await writeReportFixture(db.database.models);
    reports = createReports({
      models: db.database.models,
      meta: db.repositories.meta,
      settings: SETTINGS,
      timeZone: 'UTC',
      sweepIntervalMs: 0,
      now: () => FIXTURE_NOW,
    });
    await reports.start();
    report = await reports.service.serviceReport({ from: '2026-11-02', to: '2026-11-03', timeZone: 'UTC' });
  });
  after(async () => {
    reports.close();
    await db.stop();
  });

  describe('each figure, against the hand-computed fixture', () => {
    it('counts conversations with a visitor message, containment and escalation', () => {
      expect(report.totals).to.include({
        conversations: 5,
        visitorMessages: 7,
        botMessages: 7,
        agentMessages: 4,
        contained: 1,
        containmentRate: 0.2,
        escalated: 3,
        escalationRate: 0.6,
        resolved: 2,
      });
      expect(report.totals.fallbackRate).to.be.closeTo(2 / 7, 1e-12);
      expect(report.escalations.reasons.map((r) => [r.key, r.count, r.share])).to.deep.equal([
        ['requested_human', 2, 2 / 3],
        ['not_understood', 1, 1 / 3],
      ]);
    });

    it('measures first response after escalation and resolution: median, p90 and distribution', () => {
      expect(report.firstResponse).to.include({ count: 3, median: 300, p90: 600, mean: 340 });
      expect(report.resolution).to.include({ count: 2, median: 1500, p90: 1800, mean: 1500 });
      expect(report.handling).to.include({ count: 2, median: 1050 });
      const bins = Object.fromEntries(report.firstResponse.distribution.map((b) => [b.label, b.count]));
      expect(bins).to.include({ '2–5 min': 1, '5–10 min': 1, '10–30 min': 1, '< 30 s': 0 });
      expect(report.resolution.distribution.find((b) => b.label === '15–30 min')!.count).to.equal(1);
      expect(report.resolution.distribution.find((b) => b.label === '30–60 min')!.count).to.equal(1);
    });

    it('averages ratings and gives their distribution', () => {
      expect(report.ratings.count).to.equal(2);
      expect(report.ratings.average).to.equal(3.5);
      expect(report.ratings.distribution.map((d) => d.count)).to.deep.equal([0, 1, 0, 0, 1]);
    });

    it('splits volume by day, hour of day and weekday', () => {
      expect(
        report.volume.daily.map((d) => [d.date, d.conversations, d.contained, d.escalated]),
      ).to.deep.equal([
        ['2026-11-02', 4, 1, 2],
        ['2026-11-03', 1, 0, 1],
      ]);
      const byHour = report.volume.hourOfDay.filter((h) => h.conversations > 0);
      expect(byHour.map((h) => [h.hourOfDay, h.conversations])).to.deep.equal([
        [8, 1],
        [9, 2],
        [14, 2],
      ]);
      const monday9 = report.volume.weekdayHour.find((c) => c.weekday === 1 && c.hourOfDay === 9)!;
      expect(monday9.conversations).to.equal(2);
    });

    it('gives per-agent figures', () => {
      const a = report.agents.find((x) => x.agentId === fixture.agentA)!;
      const b = report.agents.find((x) => x.agentId === fixture.agentB)!;
      expect(a).to.include({
        name: 'Agent A',
        conversations: 2,
        resolved: 1,
        replies: 3,
        ratings: 1,
        ratingAverage: 5,
      });
      expect(a.firstResponse).to.include({ count: 2, median: 210, p90: 300 });
      expect(b).to.include({ conversations: 1, resolved: 1, replies: 1, ratingAverage: 2 });
      expect(b.resolution.median).to.equal(1800);
    });

    it('gives per-intent volumes and fallback rates', () => {
      expect(report.intents.map((i) => [i.intent, i.messages, i.fallbacks, i.fallbackRate])).to.deep.equal([
        ['complaint', 2, 1, 0.5],
        ['human_agent', 2, 0, 0],
        ['order_status', 1, 0, 0],
        ['out_of_scope', 1, 1, 1],
        ['return_refund', 1, 0, 0],
      ]);
    });

    it('counts tickets by category and status, and SLA attainment per priority', () => {
      expect(report.tickets.total).to.equal(3);
      expect(report.tickets.byStatus).to.deep.equal({ open: 1, pending: 1, resolved: 1, closed: 0 });
      expect(report.tickets.byCategory.map((c) => [c.category, c.total])).to.deep.equal([
        ['billing', 2],
        ['return', 1],
      ]);
      const sla = Object.fromEntries(report.sla.map((s) => [s.priority, s]));
      expect(sla.urgent).to.deep.include({ met: 0, breached: 1, pending: 0, attainment: 0 });
      expect(sla.high).to.deep.include({ met: 1, breached: 0, attainment: 1 });
      expect(sla.normal).to.deep.include({ met: 0, breached: 0, pending: 1, attainment: null });
    });

    it('compares with the previous period of the same length', () => {
      expect(report.previousRange).to.include({ from: '2026-10-31', to: '2026-11-01' });
      expect(report.previousTotals.conversations).to.equal(0);
      expect(report.changes.conversations).to.deep.equal({
        current: 5,
        previous: 0,
        delta: 5,
        relative: null,
      });
    });

    it('reads the local day of a time zone: in Tokyo, C6 (08:00 UTC) is on the evening of the 3rd', async () => {
      const tokyo = await reports.service.serviceReport({
        from: '2026-11-03',
        to: '2026-11-03',
        timeZone: 'Asia/Tokyo',
      });
      // Tokyo's 3 November is 2 November 15:00 UTC to 3 November 15:00 UTC: only C6.
      expect(tokyo.totals.conversations).to.equal(1);
      expect(tokyo.volume.hourOfDay.find((h) => h.conversations > 0)!.hourOfDay).to.equal(17);
    });
  });

  describe('rollups', () => {
    async function recomputedFromRaw() {
      const store = createReportStore(db.database.models);
      const ids: string[] = [];
      for await (const batch of store.conversationIdBatches(100)) ids.push(...batch);
      const raw = await store.loadRawConversations(ids);
      const facts = [...raw.values()].map((records) => computeConversationFact(records, SETTINGS));
      const hours = new Set([
        ...facts.map((f) => f.hour.getTime()),
        ...(await store.ticketCreationHours()).map((h) => h.getTime()),
      ]);
      const rollups = [];
      for (const t of [...hours].sort((a, b) => a - b)) {
        const hour = new Date(t);
        const tickets = await store.ticketsInHour(hour);
        rollups.push(
          buildHourRollup(
            hour,
            facts.filter((f) => f.hour.getTime() === t),
            tickets,
          ),
        );
      }
      return rollups;
    }

    it('stay equal to a recomputation from the raw records as conversations change', async () => {
      const events = createEventBus();
      const off = reports.maintainer.listen(events);
      const { Conversation, Message } = db.database.models;
      // A new conversation announced by the chat's events…
      const { Types } = await import('mongoose');
      const c7 = new Types.ObjectId();
      await Conversation.collection.insertOne({
        _id: c7,
        contact: new Types.ObjectId(fixture.contact),
        status: 'bot',
        assignedAgent: null,
        escalatedAt: null,
        escalationReason: null,
        resolvedAt: null,
        csat: null,
        createdAt: at('03T09:30:00'),
        updatedAt: at('03T09:30:00'),
      });
      await Message.collection.insertOne({
        _id: new Types.ObjectId(),
        conversation: c7,
        seq: 1,
        sender: 'visitor',
        senderId: null,
        text: 'hi',
        nlp: { intent: { name: 'greeting', confidence: 0.99 } },
        createdAt: at('03T09:30:00'),
      });
      events.emit('message.received', {
        conversationId: c7.toHexString(),
        contactId: fixture.contact,
        messageId: 'm',
        seq: 1,
        sender: 'visitor',
      });
      await events.drain();
      // …and a rating no event announced, found by the sweep through `updatedAt`.
      await Conversation.collection.updateOne(
        { _id: new Types.ObjectId(fixture.conversations.c6) },
        { $set: { csat: { score: 4, comment: null, at: FIXTURE_NOW }, updatedAt: new Date() } },
      );
      await reports.maintainer.flush();
      await reports.maintainer.sweep();
      off();

      const store = createReportStore(db.database.models);
      const stored = await store.rollupsBetween(at('01T00:00:00'), at('05T00:00:00'));
      const recomputed = await recomputedFromRaw();
      // An hour with nothing to count (C5, opened without a message) has no stored rollup.
      const inRange = recomputed.filter(
        (r) => !isEmptyRollup(r) && r.hour >= at('01T00:00:00') && r.hour < at('05T00:00:00'),
      );
      expect(stored).to.deep.equal(inRange);

      const after = await reports.service.serviceReport({
        from: '2026-11-02',
        to: '2026-11-03',
        timeZone: 'UTC',
      });
      expect(after.totals.conversations).to.equal(6);
      expect(after.totals.contained).to.equal(2);
      expect(after.ratings.distribution.map((d) => d.count)).to.deep.equal([0, 1, 0, 1, 1]);
    });

    it('are rebuilt to the same figures from scratch', async () => {
      const before = await reports.service.serviceReport({
        from: '2026-11-02',
        to: '2026-11-03',
        timeZone: 'UTC',
      });
      await db.database.connection.db!.collection('analytics_hourly_rollups').deleteMany({});
      await db.database.connection.db!.collection('analytics_conversation_facts').deleteMany({});
      const outcome = await reports.maintainer.rebuild();
      expect(outcome.conversations).to.equal(7);
      const rebuilt = await reports.service.serviceReport({
        from: '2026-11-02',
        to: '2026-11-03',
        timeZone: 'UTC',
      });
      expect({ ...rebuilt, generatedAt: '' }).to.deep.equal({ ...before, generatedAt: '' });
    });
  });

  describe('the REST endpoints', () => {
    let application: Application;
    let admin: { id: string; role: string };
    let agentA: { id: string; role: string };
    before(async () => {
      application = buildTestApp(
        { repositories: db.repositories, now: () => Date.now() },
        { http: [reports.http] },
      );
      const user = await createUser(db.repositories, 'admin');
      admin = { id: user.id, role: 'admin' };
      agentA = { id: fixture.agentA, role: 'agent' };
    });
    after(async () => {
      await application.close();
    });
    const get = (path: string, who?: { id: string; role: string }) => {
      const req = request(application.app).get(path);
      return who ? req.set('Authorization', bearer(who)) : req;
    };

    it('lists the conversations behind a chart bucket', async () => {
      const ids = async (query: string) =>
        (
          (await get(`/api/reports/conversations?${RANGE}&${query}`, admin).expect(200)).body.items as {
            id: string;
          }[]
        ).map((r) => r.id);
      const c = fixture.conversations;
      expect(await ids('reason=requested_human')).to.deep.equal([c.c2, c.c6]);
      expect(await ids('date=2026-11-02&hourOfDay=14')).to.deep.equal([c.c3, c.c4]);
      expect(await ids('intent=complaint&fallback=true')).to.deep.equal([c.c3]);
      expect(await ids('firstResponseMin=120&firstResponseMax=300')).to.deep.equal([c.c2]);
      // C7 (added by the rollup spec above) is contained too.
      expect(await ids('contained=true'))
        .to.have.length(2)
        .and.include(c.c1);
      expect(await ids('rating=2')).to.deep.equal([c.c3]);
      // Every bucket's own drill-down query gives back exactly the conversations it counts.
      const service = (await get(`/api/reports/service?${RANGE}`, admin).expect(200)).body as ServiceReport;
      for (const bucket of [...service.volume.daily, ...service.escalations.reasons, ...service.intents]) {
        const query = new URLSearchParams(Object.entries(bucket.drilldown).map(([k, v]) => [k, String(v)]));
        const page = (await get(`/api/reports/conversations?${RANGE}&${query}`, admin).expect(200)).body;
        const expected =
          'conversations' in bucket ? bucket.conversations : 'count' in bucket ? bucket.count : undefined;
        if (expected !== undefined) expect(page.total, JSON.stringify(bucket)).to.equal(expected);
      }
    });

    it('exports one CSV row per conversation', async () => {
      const response = await get(`/api/reports/conversations.csv?${RANGE}`, admin).expect(200);
      expect(response.headers['content-type']).to.match(/^text\/csv/);
      const lines = response.text.trim().split('\r\n');
      expect(lines[0]).to.match(/^conversation_id,contact_id,started_at_utc/);
      const c = fixture.conversations;
      expect(lines.slice(1).map((line) => line.split(',')[0])).to.have.members([
        c.c1,
        c.c2,
        c.c3,
        c.c4,
        c.c6,
        lines[6]!.split(',')[0],
      ]);
      expect(lines).to.have.length(1 + 6);
      expect(lines.find((line) => line.startsWith(c.c2))).to.include(',Agent A,120,');
    });

    it('lists the tickets behind an SLA figure', async () => {
      const body = (await get(`/api/reports/tickets?${RANGE}&sla=breached`, admin).expect(200)).body;
      expect(body.items.map((t: { id: string }) => t.id)).to.deep.equal([fixture.tickets.c]);
    });

    it('shows an agent their own figures and only their own conversations', async () => {
      const mine = (await get(`/api/reports/agents/me?${RANGE}`, agentA).expect(200)).body;
      expect(mine.agent).to.include({ agentId: fixture.agentA, conversations: 2 });
      const rows = (await get(`/api/reports/conversations?${RANGE}`, agentA).expect(200)).body;
      expect(rows.items.map((r: { id: string }) => r.id)).to.deep.equal([
        fixture.conversations.c2,
        fixture.conversations.c6,
      ]);
      await get(`/api/reports/conversations?${RANGE}&agentId=${fixture.agentB}`, agentA).expect(403);
      await get(`/api/reports/agents/${fixture.agentB}?${RANGE}`, agentA).expect(403);
      await get(`/api/reports/agents/${fixture.agentB}?${RANGE}`, admin).expect(200);
    });

    it('refuses bad ranges and time zones with VALIDATION_FAILED', async () => {
      for (const query of [
        'from=2026-11-05&to=2026-11-01',
        'from=2025-01-01&to=2026-11-01',
        'tz=Mars/Olympus',
        'from=yesterday',
      ]) {
        const body = (await get(`/api/reports/service?${query}`, admin).expect(400)).body;
        expect(body.error.code).to.equal('VALIDATION_FAILED');
      }
    });

    const ADMIN_ONLY = ['/api/reports/service', '/api/reports/tickets'];
    const STAFF = ['/api/reports/agents/me', `/api/reports/conversations`, '/api/reports/conversations.csv'];
    it('answers 401 without a token and 403 to visitors on every report route, and to agents on admin ones', async () => {
      for (const path of [...ADMIN_ONLY, ...STAFF, '/api/reports/agents/0123456789abcdef01234567']) {
        expect((await get(path).expect(401)).body.error.code).to.equal('UNAUTHENTICATED');
        await get(path, { id: 'visitor-1', role: 'visitor' }).expect(403);
      }
      for (const path of ADMIN_ONLY) await get(path, agentA).expect(403);
      await request(application.app).post('/api/reports/rebuild').expect(401);
      await request(application.app)
        .post('/api/reports/rebuild')
        .set('Authorization', bearer(agentA))
        .expect(403);
    });
  });
});
