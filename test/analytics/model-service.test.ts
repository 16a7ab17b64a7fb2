import { expect } from 'chai';
import request from 'supertest';
import { startAnalytics, type Analytics } from '../../server/analytics/index.ts';
import type { Application } from '../../server/app.ts';
import { createChatRepository } from '../../server/data/chat/index.ts';
import { seedDemoData } from '../../server/data/seed/seed-database.ts';
import { createEventBus } from '../../server/events/event-bus.ts';
import { silentLogger } from '../../server/shared/logger.ts';
import { bearer, buildTestApp, createUser } from '../support/app.ts';
import { startTestDatabase, type TestDatabase } from '../support/database.ts';

const NOW = new Date('2026-12-01T12:00:00Z');

describe('the customer models on the demo data', function () {
  this.timeout(120_000);
  let db: TestDatabase;
  let analytics: Analytics;
  let application: Application;
  let admin: { id: string; role: string };
  let agent: { id: string; role: string };

  before(async () => {
    db = await startTestDatabase();
    await seedDemoData(db.repositories, { models: db.database.models, now: NOW, historyDays: 60 });
    analytics = await startAnalytics({
      config: { reportsTimeZone: 'UTC', analyticsRetrainHours: 0 },
      logger: silentLogger(),
      models: db.database.models,
      repositories: db.repositories,
      events: createEventBus(),
    });
    await analytics.models.retrain();
    application = buildTestApp({ repositories: db.repositories }, { http: analytics.http });
    admin = { id: (await createUser(db.repositories, 'admin')).id, role: 'admin' };
    agent = { id: (await createUser(db.repositories, 'agent')).id, role: 'agent' };
  });
  after(async () => {
    await application.close();
    await analytics.close();
    await db.stop();
  });

  const get = (path: string, who?: { id: string; role: string }) => {
    const req = request(application.app).get(path);
    return who ? req.set('Authorization', bearer(who)) : req;
  };

  it('exports the value model: coefficients with standard errors, test R² and RMSE against the mean, inputs', async () => {
    const body = (await get('/api/analytics/models/customer-value', admin).expect(200)).body;
    expect(body.model.coefficients.map((c: { name: string }) => c.name)).to.deep.equal([
      'intercept',
      ...body.model.features,
    ]);
    expect([...body.model.features, ...body.model.droppedFeatures]).to.have.length(8);
    for (const c of body.model.coefficients) expect(c.standardError).to.be.a('number').and.greaterThan(0);
    expect(body.model.split.train + body.model.split.test).to.equal(body.inputs.length);
    expect(body.model.test).to.have.keys(['r2', 'rmse', 'baselineR2', 'baselineRmse', 'baselinePrediction']);
    const cv = body.model.crossValidation;
    expect(cv).to.include({ folds: 5, repeats: 10, customers: body.inputs.length });
    for (const score of ['r2', 'rmse', 'baselineR2', 'baselineRmse', 'rmseImprovement']) {
      expect(cv[score]).to.have.keys(['mean', 'sd', 'min', 'max']);
      expect(cv[score].min).to.be.at.most(cv[score].mean).and.at.most(cv[score].max);
    }
    expect(body.predictions.length).to.be.greaterThan(200);
    type Prediction = { predictedValue: number; features: { recencyDays: number; tenureDays: number } };
    expect(body.predictions.every((p: Prediction) => p.predictedValue >= 0)).to.equal(true);
    // Today's customers are described over the same one-year window as the training rows.
    for (const p of body.predictions as Prediction[]) {
      expect(Math.max(p.features.recencyDays, p.features.tenureDays)).to.be.at.most(body.model.windowDays);
    }
  });

  it('segments customers with k chosen by silhouette and describes each in words', async () => {
    const body = (await get('/api/analytics/models/segments', admin).expect(200)).body;
    const best = body.candidates.reduce((a: { silhouette: number }, b: { silhouette: number }) =>
      b.silhouette > a.silhouette ? b : a,
    );
    expect(body.k).to.equal(best.k);
    expect(body.segments).to.have.length(body.k);
    expect(body.segments.reduce((s: number, x: { size: number }) => s + x.size, 0)).to.equal(
      body.assignments.length,
    );
    for (const segment of body.segments) expect(segment.label).to.match(/buyers|spenders/);
    expect(body.scatter.length).to.equal(body.assignments.length);
  });

  it('forecasts 14 days with intervals, says whether it ships by MASE, and staffs each hour', async () => {
    const body = (await get('/api/analytics/models/forecast', admin).expect(200)).body;
    const out = body.outputs;
    expect(out.backtest.origins.length).to.be.greaterThan(0);
    expect(out.shipped).to.equal(out.backtest.maseModel < 1);
    expect(out.verdict).to.match(out.shipped ? /^Shipped/ : /^Not shipped/);
    expect(out.forecast).to.have.length(14);
    for (const day of out.forecast) {
      expect(day.lower95).to.be.at.most(day.lower80);
      expect(day.lower80).to.be.at.most(day.forecast);
      expect(day.upper80).to.be.at.most(day.upper95);
    }
    expect(out.staffing.days[0].agents).to.have.length(24);
    expect(body.inputs.daily.length).to.be.greaterThan(50);
  });

  it('shows the predicted value and segment in the contact view and uses it for high-value complaints', async () => {
    const body = (await get('/api/analytics/models/customer-value', admin).expect(200)).body;
    const top = [...body.predictions].sort(
      (a: { predictedValue: number }, b: { predictedValue: number }) => b.predictedValue - a.predictedValue,
    )[0];
    const contact = (await get(`/api/contacts/${top.contactId}`, agent).expect(200)).body;
    expect(contact.analytics.predictedValue).to.be.closeTo(top.predictedValue, 0.01);
    expect(contact.analytics.segment.label).to.be.a('string');
    // Escalation reads the stored prediction, not the lifetime spend.
    const chat = createChatRepository(db.database.models);
    expect(await chat.customerValue(top.contactId)).to.equal(contact.analytics.predictedValue);
  });

  it('leaves a customer without an order in the last year unpredicted: segment shown, lifetime spend escalates', async () => {
    const value = (await get('/api/analytics/models/customer-value', admin).expect(200)).body;
    const segments = (await get('/api/analytics/models/segments', admin).expect(200)).body;
    const predicted = new Set(value.predictions.map((p: { contactId: string }) => p.contactId));
    const lapsed = segments.assignments.find((a: { contactId: string }) => !predicted.has(a.contactId));
    expect(lapsed, 'a demo customer whose last order is over a year old').to.not.equal(undefined);
    const contact = (await get(`/api/contacts/${lapsed.contactId}`, agent).expect(200)).body;
    expect(contact.analytics.predictedValue).to.equal(null);
    expect(contact.analytics.segment.label).to.equal(segments.segments[lapsed.segment].label);
    const chat = createChatRepository(db.database.models);
    const lifetime = await chat.lifetimeSpend(lapsed.contactId);
    expect(lifetime).to.be.greaterThan(0);
    expect(await chat.customerValue(lapsed.contactId)).to.equal(lifetime);
  });

  it('retrains on demand for admins only; 401 and 403 on every model route', async () => {
    for (const path of ['/api/analytics/models', '/api/analytics/models/forecast']) {
      await get(path).expect(401);
      await get(path, agent).expect(403);
      await get(path, { id: 'v', role: 'visitor' }).expect(403);
    }
    await request(application.app).post('/api/analytics/models/retrain').expect(401);
    await request(application.app)
      .post('/api/analytics/models/retrain')
      .set('Authorization', bearer(agent))
      .expect(403);
    const outcome = (
      await request(application.app)
        .post('/api/analytics/models/retrain?wait=true')
        .set('Authorization', bearer(admin))
        .expect(200)
    ).body;
    expect(outcome.scored).to.be.greaterThan(200);
    expect((await get('/api/analytics/models/nothing', admin).expect(404)).body.error.code).to.equal(
      'NOT_FOUND',
    );
  });
});
