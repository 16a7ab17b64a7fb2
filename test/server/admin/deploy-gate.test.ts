import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Types } from 'mongoose';
import request from 'supertest';
import type { Application } from '../../../server/app.ts';
import { getAdminModels } from '../../../server/admin/data/models.ts';
import { startAdmin, type Admin } from '../../../server/admin/index.ts';
import type { UserRecord } from '../../../server/data/records.ts';
import { silentLogger } from '../../../server/shared/logger.ts';
import { bearer, buildTestApp, createUser, testConfig } from '../../support/app.ts';
import { startTestDatabase, type TestDatabase } from '../../support/database.ts';

describe('the deploy gate (DEPLOY_GATE_MARGIN)', function () {
  this.timeout(60_000);
  let db: TestDatabase;
  let dataDir: string;
  let application: Application;
  let admin: Admin;
  let adminUser: UserRecord;

  /** A kept version with a given macro-F1 (the gate reads only the report). */
  const version = async (number: number, macroF1: number): Promise<string> => {
    const doc = await getAdminModels(db.database.connection).ModelVersion.create({
      number,
      dataHash: `hash-${number}`,
      kind: 'concierge-linear',
      intents: [],
      artifactId: new Types.ObjectId(),
      artifactBytes: 1,
      report: {
        macroF1,
        accuracy: macroF1,
        examples: 10,
        intents: 2,
        reliability: { expectedCalibrationError: 0 },
      },
    });
    return doc._id.toHexString();
  };

  before(async () => {
    db = await startTestDatabase();
    dataDir = await mkdtemp(path.join(tmpdir(), 'concierge-gate-'));
    adminUser = await createUser(db.repositories, 'admin');
    const config = testConfig({ DATA_DIR: dataDir, DEPLOY_GATE_MARGIN: '0.02' });
    admin = await startAdmin({
      config,
      logger: silentLogger(),
      repositories: db.repositories,
      connection: db.database.connection,
      chat: { analyser: { analyse: () => ({}) as never }, swapModel: async () => {} },
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

  const deploy = (id: string, body: object = {}) =>
    request(application.app)
      .post(`/api/admin/models/${id}/deploy`)
      .set('Authorization', bearer(adminUser))
      .send(body);

  it('deploys a candidate within the margin, refuses a worse one, and accepts it with a written reason (audited)', async () => {
    const good = await version(1, 0.9);
    expect((await deploy(good).expect(200)).body.gate.passed).to.equal(true);
    const slightlyWorse = await version(2, 0.885);
    expect((await deploy(slightlyWorse).expect(200)).body.gate).to.deep.include({ passed: true });
    const worse = await version(3, 0.8);
    const refused = await deploy(worse).expect(409);
    expect(refused.body.error.code).to.equal('DEPLOY_GATE_REFUSED');
    expect(refused.body.error.details).to.deep.equal({
      candidateMacroF1: 0.8,
      deployedMacroF1: 0.885,
      margin: 0.02,
      basis: 'own-data',
    });
    await deploy(worse, { override: { reason: 'too short' } }).expect(400);
    const forced = await deploy(worse, {
      override: { reason: 'The nonsense intent is wanted for a demo.' },
    }).expect(200);
    expect(forced.body.deployment.override.reason).to.contain('for a demo');
    const audit = await db.repositories.audit.list({ target: { type: 'model_version', id: worse } });
    expect(audit.items[0]).to.deep.include({ action: 'model.deploy_override' });
    expect((audit.items[0]!.data as { reason: string }).reason).to.contain('for a demo');
    const current = await admin.deployments.current();
    expect(current).to.deep.include({ modelVersionId: worse, previousModelVersionId: slightlyWorse });
  });
});
