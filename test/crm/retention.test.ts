import { expect } from 'chai';
import { EXPIRED_TEXT } from '../../server/data/repositories/privacy.ts';
import { silentLogger } from '../../server/shared/logger.ts';
import { startRetention } from '../../server/privacy/retention.ts';
import { startTestDatabase, type TestDatabase } from '../support/database.ts';

const DAY = 24 * 3600_000;

describe('retention: message texts of long-resolved conversations are removed', () => {
  let db: TestDatabase;
  before(async () => {
    db = await startTestDatabase();
  });
  after(() => db.stop());

  /** A conversation with a visitor message (with its NLP data), in the given state. */
  async function conversation(text: string, state: { status: string; resolvedDaysAgo?: number }) {
    const contact = await db.repositories.contacts.create({});
    const created = await db.repositories.conversations.create({ contactId: contact.id });
    await db.repositories.messages.append({
      conversationId: created.id,
      sender: 'visitor',
      text,
      nlp: { tokens: text.split(' ') },
    });
    const resolvedAt =
      state.resolvedDaysAgo === undefined ? null : new Date(Date.now() - state.resolvedDaysAgo * DAY);
    await db.database.models.Conversation.updateOne(
      { _id: created.id },
      {
        $set: {
          status: state.status,
          resolvedAt,
          csat: resolvedAt && { score: 4, comment: `${text}!`, at: resolvedAt },
        },
      },
    );
    return created.id;
  }
  const messagesOf = (id: string) =>
    db.database.models.Message.find({ conversation: id }).lean<{ text: string; nlp: unknown }[]>();

  it('removes texts and NLP data of conversations resolved more than N days ago, and nothing else', async () => {
    const old = await conversation('old resolved secret', { status: 'resolved', resolvedDaysAgo: 40 });
    const recent = await conversation('recent resolved text', { status: 'resolved', resolvedDaysAgo: 5 });
    const open = await conversation('old but still open', { status: 'agent' });
    const job = startRetention({ days: 30, repositories: db.repositories, logger: silentLogger() });
    try {
      expect(await job.runNow()).to.equal(1);
      const removed = await messagesOf(old);
      expect(removed).to.have.length(1);
      expect(removed[0]).to.include({ text: EXPIRED_TEXT, nlp: null });
      const expired = await db.database.models.Conversation.findById(old).lean();
      expect(expired!.textsExpiredAt).to.be.instanceOf(Date);
      expect(expired!.csat).to.include({ score: 4, comment: null });
      expect((await messagesOf(recent))[0]).to.include({ text: 'recent resolved text' });
      expect((await messagesOf(recent))[0]!.nlp).to.deep.equal({ tokens: ['recent', 'resolved', 'text'] });
      expect((await messagesOf(open))[0]).to.include({ text: 'old but still open' });
      // Already expired conversations are not visited again.
      expect(await job.runNow()).to.equal(0);
    } finally {
      await job.close();
    }
  });

  it('keeps everything when the period is 0', async () => {
    const old = await conversation('kept forever', { status: 'resolved', resolvedDaysAgo: 4000 });
    const job = startRetention({ days: 0, repositories: db.repositories, logger: silentLogger() });
    try {
      expect(await job.runNow()).to.equal(0);
      expect((await messagesOf(old))[0]).to.include({ text: 'kept forever' });
    } finally {
      await job.close();
    }
  });

  it('runs by itself on its timer, off any request', async () => {
    const old = await conversation('expired by the timer', { status: 'resolved', resolvedDaysAgo: 10 });
    const job = startRetention({
      days: 1,
      repositories: db.repositories,
      logger: silentLogger(),
      firstRunMs: 10,
    });
    try {
      const deadline = Date.now() + 5000;
      while ((await messagesOf(old))[0]!.text !== EXPIRED_TEXT && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect((await messagesOf(old))[0]!.text).to.equal(EXPIRED_TEXT);
    } finally {
      await job.close();
    }
  });
});
