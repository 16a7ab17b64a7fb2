import { expect } from 'chai';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { Application } from '../../../server/app.ts';
import { startAdmin, type Admin } from '../../../server/admin/index.ts';
import type { MaterialisedModel } from '../../../server/admin/deployments.ts';
import type { UserRecord } from '../../../server/data/records.ts';
import { createNlpPipeline } from '../../../nlp/pipeline.ts';
import { silentLogger } from '../../../server/shared/logger.ts';
import { bearer, buildTestApp, createUser, testConfig } from '../../support/app.ts';
import { nonsense } from '../../support/admin-fixtures.ts';
import { startTestDatabase, type TestDatabase } from '../../support/database.ts';
import { defaultIntentData, defaultIntentModel } from '../../nlp/support/pipeline-fixtures.ts';

describe('training jobs, the deploy gate and deploys (/api/admin/training, /api/admin/models)', function () {
  this.timeout(300_000);
  let db: TestDatabase;
  let dataDir: string;
  let application: Application;
  let admin: Admin;
  let adminUser: UserRecord;
  let agent: UserRecord;
  const swapped: MaterialisedModel[] = [];

  before(async () => {
    db = await startTestDatabase();
    dataDir = await mkdtemp(path.join(tmpdir(), 'concierge-admin-models-'));
    adminUser = await createUser(db.repositories, 'admin');
    agent = await createUser(db.repositories, 'agent');
    // A margin below what losing one of the ~55 intents costs the macro-F1 (about 1/55 of that intent's F1).
    const config = testConfig({ DATA_DIR: dataDir, TRAINING_FOLDS: '2', DEPLOY_GATE_MARGIN: '0.005' });
    const [data, classifier] = await Promise.all([defaultIntentData(), defaultIntentModel()]);
    const pipeline = createNlpPipeline({ classifier, settings: data.settings });
    admin = await startAdmin({
      config,
      logger: silentLogger(),
      repositories: db.repositories,
      connection: db.database.connection,
      chat: {
        analyser: { analyse: (text) => pipeline.analyse(text) },
        swapModel: async (model) => void swapped.push(model),
      },
      deploymentPollMs: 0,
    });
    application = buildTestApp({ config, repositories: db.repositories }, { http: admin.http });
  });

  after(async () => {
    await admin.close();
    await application.close();
    await db.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const as = (user: { id: string; role: string }) => ({
    get: (url: string) => request(application.app).get(url).set('Authorization', bearer(user)),
    post: (url: string, body?: object) =>
      request(application.app)
        .post(url)
        .set('Authorization', bearer(user))
        .send(body ?? {}),
  });

  const train = async (): Promise<string> => {
    const started = await as(adminUser).post('/api/admin/training/jobs').expect(202);
    expect(started.body).to.include({ state: 'running' });
    const job = await admin.jobs.finished(started.body.id);
    expect(job.state, job.error ?? '').to.equal('succeeded');
    return job.modelVersionId!;
  };

  let first: string;
  it('trains on a worker thread as one job at a time, with stages and progress, and keeps the model', async () => {
    const started = await as(adminUser).post('/api/admin/training/jobs').expect(202);
    const second = await as(adminUser).post('/api/admin/training/jobs').expect(409);
    expect(second.body.error.code).to.equal('TRAINING_IN_PROGRESS');
    const job = await admin.jobs.finished(started.body.id);
    expect(job, job.error ?? '').to.include({ state: 'succeeded', stage: 'done', progress: 1 });
    const polled = await as(adminUser).get(`/api/admin/training/jobs/${job.id}`).expect(200);
    expect(polled.body.modelVersionId).to.equal(job.modelVersionId);
    first = job.modelVersionId!;
  });

  it('reports the candidate: accuracy, macro-F1, per-intent scores, confusion cells, reliability, out-of-scope curve', async () => {
    const res = await as(adminUser).get(`/api/admin/models/${first}`).expect(200);
    const { report } = res.body;
    expect(report.folds).to.equal(2);
    expect(report.accuracy).to.be.within(0.7, 1);
    expect(report.macroF1).to.be.within(0.7, 1);
    const greeting = report.perIntent.find((m: { label: string }) => m.label === 'greeting');
    expect(greeting).to.have.keys(['label', 'precision', 'recall', 'f1', 'support']);
    expect(report.confusion.labels).to.include('out_of_scope');
    for (const cell of report.confusion.cells) {
      expect(cell.gold).to.not.equal(cell.predicted);
      expect(cell.examples.length).to.be.within(1, cell.count);
    }
    expect(report.reliability.bins).to.have.length(10);
    expect(report.reliability.expectedCalibrationError).to.be.within(0, 1);
    expect(report.outOfScope.curve).to.have.length(21);
    const curve = report.outOfScope.curve as { threshold: number; outOfScopeRecall: number }[];
    expect(curve.at(-1)!.outOfScopeRecall).to.be.at.least(curve[0]!.outOfScopeRecall);
    expect(res.body.artifactBytes).to.be.above(1_000_000);
  });

  it('deploys the first candidate (nothing to compare with) and this node loads it', async () => {
    const res = await as(adminUser).post(`/api/admin/models/${first}/deploy`).expect(200);
    expect(res.body.gate.passed).to.equal(true);
    await admin.syncDeployment();
    expect(swapped.at(-1)!.versionId).to.equal(first);
    expect((await stat(swapped.at(-1)!.modelPath)).size).to.be.above(1_000_000);
    expect(swapped.at(-1)!.intents.map((i) => i.name)).to.include('greeting');
    const deployment = await as(adminUser).get('/api/admin/models/deployment').expect(200);
    expect(deployment.body.loadedRevision).to.equal(deployment.body.deployment.revision);
  });

  let worse: string;
  it('trains a second candidate on the edited data as a new kept version', async () => {
    const greeting = await admin.intents.get('greeting');
    await admin.intents.update('greeting', greeting.version, { examples: nonsense(25) }, adminUser.id);
    const hashBefore = (await admin.deployments.get(first)).dataHash;
    worse = await train();
    expect(worse).to.not.equal(first);
    expect((await admin.deployments.get(worse)).dataHash).to.not.equal(hashBefore);
  });

  it('gates the nonsense candidate on the deployed data, where its own k-fold hides the damage', async () => {
    const [deployed, candidate] = await Promise.all([
      admin.deployments.get(first),
      admin.deployments.get(worse),
    ]);
    // Random letters are easy to tell from English: on its own data the nonsense "greeting" is learnt well,
    // so the candidate's own score is about the deployed one's (the finding: the same macro-F1 to 3 digits).
    const ownDrop = deployed.report.macroF1 - candidate.report.macroF1;
    expect(Math.abs(ownDrop), 'own k-fold macro-F1, deployed − candidate').to.be.below(0.005);
    expect(candidate.report.reference).to.include({ versionId: first });
    const gate = await as(adminUser).get(`/api/admin/models/${worse}/gate`).expect(200);
    expect(gate.body.basis).to.equal('deployed-data');
    expect(gate.body, JSON.stringify(gate.body)).to.deep.include({ passed: false });
    expect(gate.body.deployedMacroF1 - gate.body.candidateMacroF1).to.be.above(0.005);
    const refused = await as(adminUser).post(`/api/admin/models/${worse}/deploy`).expect(409);
    expect(refused.body.error.code).to.equal('DEPLOY_GATE_REFUSED');
  });

  it('rolls back to any kept version, and lists every version with the deployed one marked', async () => {
    await as(adminUser)
      .post(`/api/admin/models/${first}/rollback`, { reason: 'back to the good model' })
      .expect(200);
    await admin.syncDeployment();
    expect(swapped.at(-1)!.versionId).to.equal(first);
    const list = await as(adminUser).get('/api/admin/models').expect(200);
    expect(list.body.items.map((v: { id: string }) => v.id)).to.deep.equal([worse, first]);
    expect(list.body.items.find((v: { deployed: boolean }) => v.deployed).id).to.equal(first);
  });

  it('"Try it": tokens with POS and lemmas, entities, sentiment, ranking and the out-of-scope decision, for either model', async () => {
    const deployed = await as(adminUser)
      .post('/api/nlp/try', { text: 'Where is my order #10023? I am angry', model: 'deployed' })
      .expect(200);
    expect(deployed.body.tokens[0]).to.have.keys(['text', 'start', 'end', 'pos', 'lemma']);
    expect(deployed.body.entities[0]).to.include({ type: 'order_number' });
    expect(deployed.body.sentiment.label).to.equal('negative');
    expect(deployed.body.outOfScope).to.deep.equal({ decision: false });
    const candidate = await as(adminUser)
      .post('/api/nlp/try', { text: 'who won the world cup in 1998?', model: `candidate:${worse}` })
      .expect(200);
    expect(candidate.body.model).to.equal(`candidate:${worse}`);
    expect(candidate.body.ranking.length).to.be.above(5);
    expect(candidate.body.outOfScope.decision).to.equal(candidate.body.intent.name === 'out_of_scope');
    await as(adminUser).post('/api/nlp/try', { text: 'hi', model: 'candidate:nope' }).expect(400);
  });

  it('answers 401 without a token and 403 to agents and visitors on every endpoint', async () => {
    const endpoints: [string, string][] = [
      ['post', '/api/admin/training/jobs'],
      ['get', '/api/admin/training/jobs'],
      ['get', `/api/admin/training/jobs/${first}`],
      ['get', '/api/admin/models'],
      ['get', '/api/admin/models/deployment'],
      ['get', `/api/admin/models/${first}`],
      ['get', `/api/admin/models/${first}/gate`],
      ['post', `/api/admin/models/${first}/deploy`],
      ['post', `/api/admin/models/${first}/rollback`],
      ['post', '/api/nlp/try'],
    ];
    for (const [method, url] of endpoints) {
      const call = () =>
        (request(application.app) as unknown as Record<string, (u: string) => request.Test>)[method]!(url);
      expect((await call().send({ text: 'hi' })).status, url).to.equal(401);
      expect((await call().set('Authorization', bearer(agent)).send({ text: 'hi' })).status, url).to.equal(
        403,
      );
      const visitor = bearer({ id: 'v', role: 'visitor' });
      expect((await call().set('Authorization', visitor).send({ text: 'hi' })).status, url).to.equal(403);
    }
  });
});
