import { expect } from 'chai';
import request from 'supertest';
import type { Application } from '../../../server/app.ts';
import { nlpRoutes } from '../../../server/http/routes/nlp.ts';
import { createNlpPipeline } from '../../../nlp/pipeline.ts';
import type { UserRecord } from '../../../server/data/records.ts';
import { bearer, buildTestApp, createUser } from '../../support/app.ts';
import { startTestDatabase, type TestDatabase } from '../../support/database.ts';
import { defaultIntentData, defaultIntentModel, REFERENCE_NOW } from '../../nlp/support/pipeline-fixtures.ts';

describe('POST /api/nlp/parse', () => {
  let db: TestDatabase;
  let application: Application;
  let agent: UserRecord;
  let admin: UserRecord;

  before(async () => {
    db = await startTestDatabase();
    agent = await createUser(db.repositories, 'agent', 'nlp-agent@shop.test');
    admin = await createUser(db.repositories, 'admin', 'nlp-admin@shop.test');
    const [data, classifier] = await Promise.all([defaultIntentData(), defaultIntentModel()]);
    const pipeline = createNlpPipeline({
      classifier,
      settings: data.settings,
      catalogue: { products: [{ id: 'p-1', name: 'Aurora Headphones' }], categories: [] },
      now: () => REFERENCE_NOW,
    });
    application = buildTestApp({ repositories: db.repositories }, { http: [nlpRoutes(pipeline)] });
  });

  after(async () => {
    await application.close();
    await db.stop();
  });

  const parse = (body: unknown, authorization?: string) => {
    const call = request(application.app)
      .post('/api/nlp/parse')
      .send(body as object);
    return authorization === undefined ? call : call.set('Authorization', authorization);
  };

  it('returns tokens with offsets, entities, sentiment, the intent and its ranking to an agent', async () => {
    const text = 'Where is my order #10023? I am not happy with the Aurora hedphones';
    const res = await parse({ text }, bearer(agent)).expect(200);
    expect(res.body.text).to.equal(text);
    expect(res.body.tokens[0]).to.include({ text: 'Where', start: 0, end: 5 });
    for (const token of res.body.tokens) {
      expect(text.slice(token.start, token.end)).to.equal(token.text);
      expect(token.pos).to.be.a('string');
      expect(token.lemma).to.be.a('string');
    }
    const types = res.body.entities.map((e: { type: string }) => e.type);
    expect(types).to.include.members(['order_number', 'product']);
    expect(res.body.sentiment.label).to.equal('negative');
    expect(res.body.intent.name).to.equal('order_status');
    expect(res.body.intent.confidence).to.be.within(0, 1);
    expect(res.body.ranking[0].name).to.equal('order_status');
  });

  it('judges a request the shop cannot help with as out_of_scope', async () => {
    const res = await parse({ text: 'Who won the football world cup in 1998?' }, bearer(admin)).expect(200);
    expect(res.body.intent.name).to.equal('out_of_scope');
  });

  it('refuses a missing, empty or oversized text with VALIDATION_FAILED', async () => {
    for (const body of [{}, { text: '   ' }, { text: 42 }, { text: 'x'.repeat(2001) }]) {
      const res = await parse(body, bearer(agent)).expect(400);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
    }
  });

  it('needs a staff token: 401 without one, 403 for a visitor token', async () => {
    const missing = await parse({ text: 'hello' }).expect(401);
    expect(missing.body.error.code).to.equal('UNAUTHENTICATED');
    const visitor = await parse({ text: 'hello' }, bearer({ id: 'v-1', role: 'visitor' })).expect(403);
    expect(visitor.body.error.code).to.equal('FORBIDDEN');
  });
});
