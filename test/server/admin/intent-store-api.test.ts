import { expect } from 'chai';
import request from 'supertest';
import type { Application } from '../../../server/app.ts';
import { createIntentStore, type IntentStore } from '../../../server/admin/intent-store.ts';
import type { UserRecord } from '../../../server/data/records.ts';
import { adminIntentRoutes } from '../../../server/http/routes/admin-intents.ts';
import { adminKnowledgeRoutes } from '../../../server/http/routes/admin-knowledge.ts';
import { loadIntentData } from '../../../intents/loader.ts';
import { bearer, buildTestApp, createUser } from '../../support/app.ts';
import { startTestDatabase, type TestDatabase } from '../../support/database.ts';

const giftExamples = [
  'do you offer gift wrapping?',
  'can you gift wrap my order',
  'is gift wrapping available',
  'I would like my parcel wrapped as a present',
  'can I add gift wrap at checkout',
  'how much is gift wrapping',
  'wrap it as a gift please',
  'do you do present wrapping',
  'can the item come gift wrapped',
  'gift wrap option?',
  'is there a gift box option',
  'can you put a ribbon on it',
  'I want it wrapped for a birthday',
  'gift packaging available?',
  'could you wrap this order as a gift',
];

describe('admin intent store API (/api/admin/intents)', function () {
  this.timeout(60_000);
  let db: TestDatabase;
  let application: Application;
  let store: IntentStore;
  let admin: UserRecord;
  let agent: UserRecord;

  before(async () => {
    db = await startTestDatabase();
    admin = await createUser(db.repositories, 'admin');
    agent = await createUser(db.repositories, 'agent');
    const data = await loadIntentData();
    store = createIntentStore({
      repository: db.repositories.intents,
      settings: data.settings,
      minExamples: 10,
    });
    await store.seed();
    application = buildTestApp(
      { repositories: db.repositories },
      { http: [adminIntentRoutes(store), adminKnowledgeRoutes()] },
    );
  });

  after(async () => {
    await application.close();
    await db.stop();
  });

  const as = (user: { id: string; role: string }) => ({
    get: (url: string) => request(application.app).get(url).set('Authorization', bearer(user)),
    post: (url: string, body?: object) =>
      request(application.app)
        .post(url)
        .set('Authorization', bearer(user))
        .send(body ?? {}),
    patch: (url: string, body: object) =>
      request(application.app).patch(url).set('Authorization', bearer(user)).send(body),
    delete: (url: string) => request(application.app).delete(url).set('Authorization', bearer(user)),
  });

  it('is seeded once from intents/default: every intent and the out-of-scope examples', async () => {
    const res = await as(admin).get('/api/admin/intents').expect(200);
    const names = res.body.items.map((i: { name: string }) => i.name);
    expect(names).to.include.members(['greeting', 'order_status', 'out_of_scope']);
    expect(res.body.items.find((i: { name: string }) => i.name === 'greeting').exampleCount).to.be.above(25);
    expect((await store.seed()).seeded).to.equal(0);
    const data = await store.trainingData();
    expect(data.hash).to.equal((await loadIntentData()).hash);
  });

  it('creates an intent with examples, a response, an action and entities, and answers with its ETag', async () => {
    const res = await as(admin)
      .post('/api/admin/intents', {
        name: 'gift_wrapping',
        action: 'answer',
        examples: giftExamples,
        responses: ['Yes! Gift wrapping is available at checkout for $4.'],
        entities: ['money'],
      })
      .expect(201);
    expect(res.headers.etag).to.equal('"1"');
    expect(res.body).to.include({ name: 'gift_wrapping', version: 1, action: 'answer' });
    expect(res.body.entities).to.deep.equal(['money']);
  });

  it('refuses a phrase already in another intent, naming that intent, and writes nothing', async () => {
    const res = await as(admin)
      .post('/api/admin/intents', {
        name: 'gift_cards',
        action: 'answer',
        examples: [...giftExamples.map((e) => `${e} for a gift card`), 'Do you offer gift wrapping'],
        responses: ['We sell gift cards.'],
      })
      .expect(400);
    expect(res.body.error.code).to.equal('VALIDATION_FAILED');
    const messages = res.body.error.details.problems.map((p: { message: string }) => p.message).join('\n');
    expect(messages).to.contain('also of intent "gift_wrapping"');
    await as(admin).get('/api/admin/intents/gift_cards').expect(404);
  });

  it('refuses too few examples, an unknown action and a placeholder no entity fills', async () => {
    const res = await as(admin)
      .post('/api/admin/intents', {
        name: 'tiny',
        action: 'answer',
        examples: ['one phrase', 'two phrases'],
        responses: ['See {nothing}'],
      })
      .expect(400);
    const messages = res.body.error.details.problems.map((p: { message: string }) => p.message).join('\n');
    expect(messages).to.contain('has 2 examples');
    expect(messages).to.contain('{nothing}');
    const bad = await as(admin)
      .post('/api/admin/intents', { name: 'tiny', action: 'dance', examples: giftExamples, responses: ['x'] })
      .expect(400);
    expect(bad.body.error.code).to.equal('VALIDATION_FAILED');
  });

  it('a stale write gets 409 VERSION_CONFLICT with the current version; the other edit is kept', async () => {
    const first = await as(admin)
      .patch('/api/admin/intents/gift_wrapping', { responses: ['Gift wrapping costs $4.'] })
      .set('If-Match', '"1"')
      .expect(200);
    expect(first.headers.etag).to.equal('"2"');
    const stale = await as(admin)
      .patch('/api/admin/intents/gift_wrapping', { version: 1, responses: ['Overwritten!'] })
      .expect(409);
    expect(stale.body.error.code).to.equal('VERSION_CONFLICT');
    expect(stale.body.error.details.currentVersion).to.equal(2);
    const current = await as(admin).get('/api/admin/intents/gift_wrapping').expect(200);
    expect(current.body.responses).to.deep.equal(['Gift wrapping costs $4.']);
    const missing = await as(admin)
      .patch('/api/admin/intents/gift_wrapping', { responses: ['no version'] })
      .expect(400);
    expect(missing.body.error.code).to.equal('VALIDATION_FAILED');
  });

  it('two concurrent writes on the same version: exactly one wins', async () => {
    const current = (await as(admin).get('/api/admin/intents/gift_wrapping')).body;
    const results = await Promise.all(
      ['A', 'B'].map((tag) =>
        as(admin).patch('/api/admin/intents/gift_wrapping', {
          version: current.version,
          responses: [`Response ${tag}`],
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).to.deep.equal([200, 409]);
  });

  it('keeps the history, diffs two versions and rolls back as a new version', async () => {
    const history = await as(admin).get('/api/admin/intents/gift_wrapping/history').expect(200);
    expect(history.body.items.map((r: { version: number }) => r.version)).to.deep.equal([3, 2, 1]);
    const diff = await as(admin).get('/api/admin/intents/gift_wrapping/diff?from=1&to=2').expect(200);
    expect(diff.body.changes).to.deep.equal([
      {
        field: 'responses',
        kind: 'list',
        added: ['Gift wrapping costs $4.'],
        removed: ['Yes! Gift wrapping is available at checkout for $4.'],
      },
    ]);
    const rolled = await as(admin)
      .post('/api/admin/intents/gift_wrapping/rollback', { toVersion: 1, version: 3 })
      .expect(200);
    expect(rolled.body.version).to.equal(4);
    expect(rolled.body.responses).to.deep.equal(['Yes! Gift wrapping is available at checkout for $4.']);
  });

  it('renames an intent (its history follows) and refuses a name in use', async () => {
    const clash = await as(admin)
      .patch('/api/admin/intents/gift_wrapping', { version: 4, name: 'greeting' })
      .expect(409);
    expect(clash.body.error.code).to.equal('ALREADY_EXISTS');
    const renamed = await as(admin)
      .patch('/api/admin/intents/gift_wrapping', { version: 4, name: 'gift_wrap' })
      .expect(200);
    expect(renamed.body.name).to.equal('gift_wrap');
    const history = await as(admin).get('/api/admin/intents/gift_wrap/history').expect(200);
    expect(history.body.items).to.have.length(5);
  });

  it('deletes an intent with its version, but never a required one', async () => {
    const required = await as(admin).delete('/api/admin/intents/greeting?version=1').expect(400);
    const messages = required.body.error.details.problems.map((p: { message: string }) => p.message);
    expect(messages.join('\n')).to.contain('required intent "greeting"');
    await as(admin).delete('/api/admin/intents/gift_wrap?version=4').expect(409);
    await as(admin).delete('/api/admin/intents/gift_wrap').set('If-Match', '"5"').expect(204);
    await as(admin).get('/api/admin/intents/gift_wrap').expect(404);
  });

  it('exports the same JSON files the loader reads, and imports them back unchanged', async () => {
    const exported = await as(admin).get('/api/admin/intents/export').expect(200);
    const paths = exported.body.files.map((f: { path: string }) => f.path);
    expect(paths).to.include.members(['intents/greeting.json', 'out_of_scope.json']);
    const greeting = JSON.parse(
      exported.body.files.find((f: { path: string }) => f.path === 'intents/greeting.json').content,
    );
    expect(Object.keys(greeting)).to.include.members(['name', 'action', 'examples', 'responses']);
    const before = (await store.trainingData()).hash;
    const res = await as(admin).post('/api/admin/intents/import', { files: exported.body.files }).expect(200);
    expect(res.body.updated).to.include('greeting');
    expect((await store.trainingData()).hash).to.equal(before);
  });

  it("reports an imported file's problems with their line, and writes nothing", async () => {
    const broken =
      '{\n  "name": "gift_wrapping",\n  "action": "answer",\n  "examples": [\n    "a",\n  ]\n}\n';
    const syntax = await as(admin)
      .post('/api/admin/intents/import', { files: [{ path: 'intents/gift_wrapping.json', content: broken }] })
      .expect(400);
    expect(syntax.body.error.details.problems[0]).to.include({ file: 'intents/gift_wrapping.json' });
    expect(syntax.body.error.details.problems[0].line).to.be.within(5, 6);

    const shape = JSON.stringify(
      {
        name: 'gift_wrapping',
        action: 'answer',
        examples: giftExamples.concat([42 as unknown as string]),
        responses: [],
      },
      null,
      2,
    );
    const badShape = await as(admin)
      .post('/api/admin/intents/import', { files: [{ path: 'intents/gift_wrapping.json', content: shape }] })
      .expect(400);
    const problem = badShape.body.error.details.problems[0];
    expect(problem.message).to.contain('examples.15');
    expect(problem.line).to.equal(shape.split('\n').findIndex((l) => l.includes('42')) + 1);

    const duplicate = JSON.stringify(
      {
        name: 'gift_wrapping',
        action: 'answer',
        examples: [...giftExamples, 'hey there'],
        responses: ['ok'],
      },
      null,
      2,
    );
    const dup = await as(admin)
      .post('/api/admin/intents/import', {
        files: [{ path: 'intents/gift_wrapping.json', content: duplicate }],
      })
      .expect(400);
    const dupProblem = dup.body.error.details.problems.find((p: { message: string }) =>
      p.message.includes('hey there'),
    );
    expect(dupProblem.message).to.contain('intent "greeting"');
    expect(dupProblem.line).to.equal(duplicate.split('\n').findIndex((l) => l.includes('hey there')) + 1);
    await as(admin).get('/api/admin/intents/gift_wrapping').expect(404);
  });

  describe('knowledge articles (/api/admin/knowledge)', () => {
    it('creates, edits with versions (409 on a stale one), diffs, rolls back and deletes', async () => {
      const created = await as(admin)
        .post('/api/admin/knowledge', {
          slug: 'gift-wrapping',
          title: 'Gift wrapping',
          questions: ['do you gift wrap?'],
          answer: 'Yes, for $4.',
        })
        .expect(201);
      const id = created.body.id as string;
      expect(created.headers.etag).to.equal('"1"');
      await as(admin)
        .patch(`/api/admin/knowledge/${id}`, { questions: ['do you gift wrap?', 'gift box?'] })
        .set('If-Match', '"1"')
        .expect(200);
      const stale = await as(admin)
        .patch(`/api/admin/knowledge/${id}`, { version: 1, answer: 'No.' })
        .expect(409);
      expect(stale.body.error.code).to.equal('VERSION_CONFLICT');
      const diff = await as(admin).get(`/api/admin/knowledge/${id}/diff?from=1&to=2`).expect(200);
      expect(diff.body.changes[0]).to.deep.include({ field: 'questions', added: ['gift box?'] });
      const rolled = await as(admin)
        .post(`/api/admin/knowledge/${id}/rollback`, { toVersion: 1, version: 2 })
        .expect(200);
      expect(rolled.body.questions).to.deep.equal(['do you gift wrap?']);
      const history = await as(admin).get(`/api/admin/knowledge/${id}/history`).expect(200);
      expect(history.body.items).to.have.length(3);
      await as(admin).delete(`/api/admin/knowledge/${id}?version=3`).expect(204);
      await as(admin).get(`/api/admin/knowledge/${id}`).expect(404);
    });
  });

  describe('who may call it', () => {
    const endpoints: [string, string][] = [
      ['get', '/api/admin/intents'],
      ['get', '/api/admin/intents/export'],
      ['post', '/api/admin/intents/import'],
      ['post', '/api/admin/intents'],
      ['get', '/api/admin/intents/greeting'],
      ['patch', '/api/admin/intents/greeting'],
      ['delete', '/api/admin/intents/greeting'],
      ['get', '/api/admin/intents/greeting/history'],
      ['get', '/api/admin/intents/greeting/diff?from=1'],
      ['post', '/api/admin/intents/greeting/rollback'],
      ['get', '/api/admin/knowledge'],
      ['post', '/api/admin/knowledge'],
      ['get', '/api/admin/knowledge/000000000000000000000000'],
      ['patch', '/api/admin/knowledge/000000000000000000000000'],
      ['delete', '/api/admin/knowledge/000000000000000000000000'],
      ['get', '/api/admin/knowledge/000000000000000000000000/history'],
      ['get', '/api/admin/knowledge/000000000000000000000000/diff?from=1'],
      ['post', '/api/admin/knowledge/000000000000000000000000/rollback'],
    ];
    for (const [method, url] of endpoints) {
      it(`${method.toUpperCase()} ${url}: 401 without a token, 403 for an agent or a visitor`, async () => {
        const call = () =>
          (request(application.app) as unknown as Record<string, (u: string) => request.Test>)[method]!(url);
        expect((await call().send({})).status).to.equal(401);
        expect((await call().set('Authorization', bearer(agent)).send({})).status).to.equal(403);
        expect(
          (
            await call()
              .set('Authorization', bearer({ id: 'v', role: 'visitor' }))
              .send({})
          ).status,
        ).to.equal(403);
      });
    }
  });
});
