import { expect } from 'chai';
import request from 'supertest';
import { generateConversationHistory } from '../../server/data/seed/conversation-history.ts';
import { seedDemoData } from '../../server/data/seed/seed-database.ts';
import { DEMO_AGENT_DOMAIN } from '../../server/data/seed/seed-history.ts';
import { buildTestApp } from '../support/app.ts';
import { startTestDatabase, type TestDatabase } from '../support/database.ts';

const NOW = new Date('2026-12-01T12:00:00Z');
const OPTIONS = { seed: 7, now: NOW, days: 90, perDay: 40, contacts: 300, agents: 5 };

describe('the synthetic support history', () => {
  it('is deterministic and has a weekly and a daily rhythm', () => {
    const days = [...generateConversationHistory(OPTIONS)];
    expect(days).to.deep.equal([...generateConversationHistory(OPTIONS)]);
    const all = days.flat();
    expect(all.length).to.be.within(2800, 4200);
    const byWeekday = Array.from({ length: 7 }, () => 0);
    const byHour = Array.from({ length: 24 }, () => 0);
    for (const c of all) {
      byWeekday[c.createdAt.getUTCDay()]! += 1;
      byHour[c.createdAt.getUTCHours()]! += 1;
    }
    // Sunday (0) and Saturday (6) are quieter than any weekday; 3 a.m. is quieter than 11 a.m.
    for (const weekday of [1, 2, 3, 4, 5]) expect(byWeekday[weekday]).to.be.greaterThan(byWeekday[6]! * 1.3);
    expect(byHour[11]).to.be.greaterThan(byHour[3]! * 5);
    expect(all.every((c) => c.visitorId.startsWith('synthetic-'))).to.equal(true);
    const escalated = all.filter((c) => c.escalatedAt !== null);
    expect(escalated.length / all.length).to.be.within(0.1, 0.35);
    expect(all.filter((c) => c.rating !== null).length).to.be.greaterThan(100);
    expect(all.filter((c) => c.ticket?.status === 'resolved').length).to.be.greaterThan(50);
  });

  describe('seeded with the demo data', () => {
    let db: TestDatabase;
    before(async () => {
      db = await startTestDatabase();
      await seedDemoData(db.repositories, {
        models: db.database.models,
        now: NOW,
        contacts: 60,
        historyDays: 14,
      });
    });
    after(async () => {
      await db.stop();
    });

    it('writes conversations, messages and tickets, and demo agents labelled as such', async () => {
      const { Conversation, Message, Ticket } = db.database.models;
      expect(await Conversation.countDocuments()).to.be.greaterThan(300);
      expect(await Message.countDocuments()).to.be.greaterThan(1000);
      expect(await Ticket.countDocuments()).to.be.greaterThan(30);
      const agents = await db.repositories.users.list({ role: 'agent' });
      expect(agents.total).to.equal(5);
      for (const agent of agents.items) {
        expect(agent.email.endsWith(`@${DEMO_AGENT_DOMAIN}`)).to.equal(true);
        expect(agent.name).to.match(/\(demo agent\)$/);
        expect(agent.capacity).to.equal(0);
      }
      // Tickets opened later continue the numbering.
      const count = await Ticket.countDocuments();
      expect(await db.repositories.counters.next('ticket')).to.equal(1000 + count + 1);
    });

    it('gives the demo agents no password that signs in', async () => {
      const application = buildTestApp({ repositories: db.repositories });
      const agents = await db.repositories.users.list({ role: 'agent' });
      for (const password of [
        '',
        'password',
        '!no-login: synthetic demo account',
        'correct horse battery staple',
      ]) {
        const response = await request(application.app)
          .post('/api/auth/login')
          .send({ email: agents.items[0]!.email, password });
        expect(response.status).to.be.oneOf([400, 401]);
      }
      await application.close();
    });
  });
});
