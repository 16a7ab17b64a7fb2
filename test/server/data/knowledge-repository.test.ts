import { expect } from 'chai';
import { seedDemoKnowledge } from '../../../server/data/seed/seed-database.ts';
import { DEMO_KNOWLEDGE } from '../../../server/data/seed/knowledge.ts';
import { AppError } from '../../../server/shared/errors.ts';
import { startTestDatabase, type TestDatabase } from '../../support/database.ts';

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

const article = {
  slug: 'gift-wrapping',
  title: 'Gift wrapping',
  questions: ['do you offer gift wrapping', ' Do you offer gift wrapping ', 'can you wrap my present'],
  answer: 'Gift wrapping costs $4 per item.',
  link: '/help/gift-wrapping',
  tags: ['gifts'],
};

describe('knowledge repository', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await startTestDatabase();
  });
  afterEach(async () => {
    await db.stop();
  });

  it('creates an article at version 1 with its question variants cleaned (trimmed, duplicates dropped)', async () => {
    const created = await db.repositories.knowledge.create(article, 'user:admin');
    expect(created.version).to.equal(1);
    expect(created.questions).to.deep.equal(['do you offer gift wrapping', 'can you wrap my present']);
    expect(created.active).to.equal(true);
    expect(created.synthetic).to.equal(false);
    expect((await db.repositories.knowledge.findBySlug('gift-wrapping'))?.id).to.equal(created.id);
  });

  it('refuses a second article with the same slug (ALREADY_EXISTS) and a bad slug (VALIDATION_FAILED)', async () => {
    await db.repositories.knowledge.create(article, null);
    expect((await failure(db.repositories.knowledge.create(article, null))).code).to.equal('ALREADY_EXISTS');
    const bad = await failure(db.repositories.knowledge.create({ ...article, slug: 'Gift Wrapping!' }, null));
    expect(bad.code).to.equal('VALIDATION_FAILED');
  });

  it('applies an edit made on the current version and raises the version', async () => {
    const created = await db.repositories.knowledge.create(article, null);
    const edited = await db.repositories.knowledge.update(
      created.id,
      1,
      { answer: 'Free gift wrapping.' },
      'user:a',
    );
    expect(edited.version).to.equal(2);
    expect(edited.answer).to.equal('Free gift wrapping.');
    expect(edited.updatedBy).to.equal('user:a');
    expect(edited.questions).to.deep.equal(created.questions);
  });

  it('refuses an edit based on an older version with VERSION_CONFLICT (409) naming the current version, and keeps the other edit', async () => {
    const created = await db.repositories.knowledge.create(article, null);
    await db.repositories.knowledge.update(created.id, 1, { answer: 'First editor.' }, 'user:a');
    const error = await failure(
      db.repositories.knowledge.update(created.id, 1, { answer: 'Second editor.' }, 'user:b'),
    );
    expect(error.code).to.equal('VERSION_CONFLICT');
    expect(error.status).to.equal(409);
    expect(error.details).to.deep.include({ currentVersion: 2, expectedVersion: 1 });
    expect((await db.repositories.knowledge.findById(created.id))?.answer).to.equal('First editor.');
  });

  it('keeps every version in the history and rolls back by saving an old version as a new one', async () => {
    const created = await db.repositories.knowledge.create(article, 'user:a');
    await db.repositories.knowledge.update(created.id, 1, { answer: 'Version two.' }, 'user:b');
    const history = await db.repositories.knowledge.history(created.id);
    expect(history.map((h) => [h.version, h.actor, h.snapshot?.answer])).to.deep.equal([
      [2, 'user:b', 'Version two.'],
      [1, 'user:a', article.answer],
    ]);
    const rolled = await db.repositories.knowledge.rollback(created.id, 1, 2, 'user:c');
    expect(rolled.version).to.equal(3);
    expect(rolled.answer).to.equal(article.answer);
    expect((await failure(db.repositories.knowledge.rollback(created.id, 9, 3, null))).code).to.equal(
      'NOT_FOUND',
    );
  });

  it('deletes only the expected version, and the history ends with the deletion', async () => {
    const created = await db.repositories.knowledge.create(article, null);
    expect((await failure(db.repositories.knowledge.remove(created.id, 5, null))).code).to.equal(
      'VERSION_CONFLICT',
    );
    await db.repositories.knowledge.remove(created.id, 1, 'user:a');
    expect(await db.repositories.knowledge.findById(created.id)).to.equal(null);
    const [last] = await db.repositories.knowledge.history(created.id);
    expect(last).to.deep.include({ version: 2, snapshot: null, actor: 'user:a' });
    expect(
      (await failure(db.repositories.knowledge.update(created.id, 2, { title: 'x' }, null))).code,
    ).to.equal('NOT_FOUND');
  });

  it('lists only active articles for the chat, and its data version changes with any edit', async () => {
    const created = await db.repositories.knowledge.create(article, null);
    await db.repositories.knowledge.create({ ...article, slug: 'hidden', active: false }, null);
    expect((await db.repositories.knowledge.listActive()).map((a) => a.slug)).to.deep.equal([
      'gift-wrapping',
    ]);
    const before = await db.repositories.knowledge.dataVersion();
    await db.repositories.knowledge.update(created.id, 1, { tags: ['gifts', 'wrapping'] }, null);
    expect(await db.repositories.knowledge.dataVersion()).not.to.equal(before);
  });

  it("seeds the demo shop's articles once, every one labelled synthetic with a link", async () => {
    const first = await seedDemoKnowledge(db.repositories);
    expect(first).to.deep.equal({ seeded: true, articles: DEMO_KNOWLEDGE.length });
    expect(await seedDemoKnowledge(db.repositories)).to.deep.equal({ seeded: false, articles: 0 });
    const all = await db.repositories.knowledge.list();
    expect(all).to.have.length(DEMO_KNOWLEDGE.length);
    expect(all.every((a) => a.synthetic && a.link === `/help/${a.slug}` && a.questions.length >= 4)).to.equal(
      true,
    );
  });
});
