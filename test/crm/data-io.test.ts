import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import request from 'supertest';
import { createLeases } from '../../server/admin/data/lease.ts';
import { getAdminModels } from '../../server/admin/data/models.ts';
import type { Application } from '../../server/app.ts';
import { startDataIo, type DataIo } from '../../server/crm/data-io.ts';
import { getImportJobModels } from '../../server/crm/import/job-models.ts';
import type { UserRecord } from '../../server/data/records.ts';
import { ensureIndexes } from '../../server/data/models/index.ts';
import { silentLogger } from '../../server/shared/logger.ts';
import { bearer, buildTestApp, createUser, testConfig } from '../support/app.ts';
import { startTestDatabase, type TestDatabase } from '../support/database.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const MAX_BYTES = 20_000;
const ID = '0123456789abcdef01234567';

describe('imports and exports over the API (/api/imports, /api/exports)', () => {
  let db: TestDatabase;
  let dataIo: DataIo;
  let application: Application;
  let admin: UserRecord;
  let agent: UserRecord;
  let contactsCsv: Buffer;

  before(async () => {
    db = await startTestDatabase();
    await ensureIndexes(db.database.models);
    const config = testConfig({ IMPORT_MAX_BYTES: String(MAX_BYTES) });
    dataIo = await startDataIo({
      config,
      logger: silentLogger(),
      connection: db.database.connection,
      repositories: db.repositories,
    });
    application = buildTestApp({ repositories: db.repositories, config }, { http: dataIo.http });
    admin = await createUser(db.repositories, 'admin');
    agent = await createUser(db.repositories, 'agent');
    contactsCsv = await readFile(path.join(FIXTURES, 'contacts-excel-fr.csv'));
  });
  after(async () => {
    await application.close();
    await db.stop();
  });

  const as = (user: UserRecord) => ({ authorization: bearer(user) });
  const upload = (body: Buffer | string, kind = 'contacts', type = 'text/csv') =>
    request(application.app)
      .post(`/api/imports?kind=${kind}&filename=customers.csv`)
      .set(as(admin))
      .set('content-type', type)
      .send(body);
  /** Starts a phase and waits for it (the job runs in the background, like the console polls it). */
  const phase = async (id: string, which: 'dry-run' | 'run', body: object = {}) => {
    await request(application.app).post(`/api/imports/${id}/${which}`).set(as(admin)).send(body).expect(202);
    await dataIo.jobs.idle();
    return (await request(application.app).get(`/api/imports/${id}`).set(as(admin)).expect(200)).body;
  };
  const settings = { mapping: { Tier: 'attributes.tier' } };

  describe('access', () => {
    const routes: [string, string][] = [
      ['post', '/api/imports?kind=contacts'],
      ['get', '/api/imports'],
      ['get', `/api/imports/${ID}`],
      ['post', `/api/imports/${ID}/dry-run`],
      ['post', `/api/imports/${ID}/run`],
      ['get', `/api/imports/${ID}/rows`],
      ['get', `/api/imports/${ID}/rejected.csv`],
      ['get', '/api/exports/contacts'],
      ['get', '/api/exports/tickets?format=json'],
      ['get', '/api/exports/conversations'],
    ];
    for (const [method, url] of routes) {
      it(`${method.toUpperCase()} ${url}: 401 without a token, 403 for an agent`, async () => {
        const app = request(application.app);
        const call = () => (method === 'get' ? app.get(url) : app.post(url));
        const anonymous = await call().expect(401);
        expect(anonymous.body.error.code).to.equal('UNAUTHENTICATED');
        const forbidden = await call().set(as(agent)).expect(403);
        expect(forbidden.body.error.code).to.equal('FORBIDDEN');
      });
    }
  });

  describe('an import from upload to rejected rows', () => {
    let jobId: string;

    it('uploads the file and suggests a mapping from its headers', async () => {
      const { body } = await upload(contactsCsv).expect(201);
      jobId = body.id;
      expect(body).to.deep.include({
        kind: 'contacts',
        state: 'uploaded',
        delimiter: ';',
        filename: 'customers.csv',
      });
      expect(body.headers).to.deep.equal(['Full Name', 'E-mail', 'Phone', 'Tier']);
      expect(body.suggestedMapping).to.deep.equal({
        'Full Name': 'name',
        'E-mail': 'email',
        Phone: 'phone',
        Tier: '-',
      });
      expect(body.suggestionProblems).to.deep.equal([]);
    });

    it('refuses the real run before a dry run', async () => {
      const { body } = await request(application.app)
        .post(`/api/imports/${jobId}/run`)
        .set(as(admin))
        .expect(409);
      expect(body.error.code).to.equal('CONFLICT');
      expect(body.error.message).to.match(/dry run first/i);
    });

    it('dry-runs: per row what would be created or rejected and why, nothing written', async () => {
      const job = await phase(jobId, 'dry-run', settings);
      expect(job.state).to.equal('checked');
      expect(job.dryRun.counts).to.deep.equal({
        created: 3,
        updated: 0,
        merged: 0,
        unchanged: 0,
        rejected: 3,
      });
      expect(job).to.deep.include({ processedRows: 6, progress: 1 });
      expect(job.mapping).to.deep.include({ Tier: 'attributes.tier' });
      const rows = await request(application.app)
        .get(`/api/imports/${jobId}/rows?phase=dry-run`)
        .set(as(admin))
        .expect(200);
      expect(rows.body.total).to.equal(6);
      expect(
        rows.body.items.map((row: { line: number; outcome: string }) => [row.line, row.outcome]),
      ).to.deep.equal([
        [2, 'created'],
        [4, 'created'],
        [7, 'rejected'],
        [8, 'rejected'],
        [9, 'created'],
        [10, 'rejected'],
      ]);
      const rejected = await request(application.app)
        .get(`/api/imports/${jobId}/rows?phase=dry-run&outcome=rejected`)
        .set(as(admin))
        .expect(200);
      expect(rejected.body.items.map((row: { reason: string }) => row.reason)).to.deep.equal([
        '"not-an-email" is not an email address',
        'duplicate of line 2 in this file (email)',
        'no email or phone: a contact needs one to be matched',
      ]);
      expect(rejected.body.items[0].values).to.deep.equal({
        'Full Name': 'Not An Email',
        'E-mail': 'not-an-email',
        Phone: '',
        Tier: '',
      });
      expect((await db.repositories.contacts.list()).total).to.equal(0);
    });

    it('runs in the background to done, with progress, and writes the rows', async () => {
      const job = await phase(jobId, 'run');
      expect(job.state).to.equal('done');
      expect(job).to.deep.include({ phase: 'run', processedRows: 6, progress: 1, error: null });
      expect(job.result.counts).to.deep.equal({
        created: 3,
        updated: 0,
        merged: 0,
        unchanged: 0,
        rejected: 3,
      });
      expect((await db.repositories.contacts.list()).total).to.equal(3);
      const grace = await db.repositories.contacts.findByEmail('grace@example.com');
      expect(grace!.attributes).to.deep.equal({ tier: 'silver\r\nsince 2020' });
      const audit = await db.database.models.AuditEvent.findOne({ action: 'import.contacts' }).lean();
      expect(audit!.data).to.deep.include({ jobId, rows: 6 });
    });

    it('serves the rejected rows as CSV: line, reason and the original columns', async () => {
      const response = await request(application.app)
        .get(`/api/imports/${jobId}/rejected.csv`)
        .set(as(admin))
        .expect(200);
      expect(response.headers['content-type']).to.match(/^text\/csv/);
      expect(response.headers['content-disposition']).to.include('attachment');
      expect(response.text.trimEnd().split('\r\n')).to.deep.equal([
        'line,reason,Full Name,E-mail,Phone,Tier',
        '7,"""not-an-email"" is not an email address",Not An Email,not-an-email,,',
        '8,duplicate of line 2 in this file (email),Ada again,ada@example.com,,',
        '10,no email or phone: a contact needs one to be matched,Nobody,,,',
      ]);
    });

    it('changes nothing when the same file is imported again', async () => {
      const { body } = await upload(contactsCsv).expect(201);
      const dry = await phase(body.id, 'dry-run', settings);
      expect(dry.dryRun.counts).to.deep.include({ created: 0, updated: 0, unchanged: 3, rejected: 3 });
      const before = await db.repositories.contacts.findByEmail('ada@example.com');
      const done = await phase(body.id, 'run');
      expect(done.result.counts).to.deep.equal({
        created: 0,
        updated: 0,
        merged: 0,
        unchanged: 3,
        rejected: 3,
      });
      expect((await db.repositories.contacts.list()).total).to.equal(3);
      const after = await db.repositories.contacts.findByEmail('ada@example.com');
      expect(after!.updatedAt.getTime()).to.equal(before!.updatedAt.getTime());
    });

    it('lists the imports newest first, so a reloaded page finds its job', async () => {
      const { body } = await request(application.app).get('/api/imports').set(as(admin)).expect(200);
      expect(body.items.length).to.be.greaterThanOrEqual(2);
      expect(body.items.map((job: { id: string }) => job.id)).to.include(jobId);
      expect(body.items[0].createdAt >= body.items[1].createdAt).to.equal(true);
    });
  });

  describe('refusals with clear errors', () => {
    it('refuses an unknown kind', async () => {
      const { body } = await upload(contactsCsv, 'customers').expect(400);
      expect(body.error.code).to.equal('VALIDATION_FAILED');
      expect(body.error.details.issues[0].field).to.equal('kind');
    });

    it('refuses a mapping without the key fields, naming what is missing', async () => {
      const uploaded = await upload('Name,Notes\nAda,hello\n').expect(201);
      expect(uploaded.body.suggestionProblems[0].message).to.include('no column maps to email or phone');
      const { body } = await request(application.app)
        .post(`/api/imports/${uploaded.body.id}/dry-run`)
        .set(as(admin))
        .send({ mapping: {} })
        .expect(400);
      expect(body.error.code).to.equal('VALIDATION_FAILED');
      expect(body.error.details.issues).to.deep.include({
        field: 'email|phone',
        message: 'no column maps to email or phone; map a column to email (--map column=email)',
      });
      const unknown = await request(application.app)
        .post(`/api/imports/${uploaded.body.id}/dry-run`)
        .set(as(admin))
        .send({ mapping: { Notes: 'sku' } })
        .expect(400);
      expect(unknown.body.error.details.issues[0].message).to.match(/unknown field "sku"/);
    });

    it('refuses a file that is not CSV text (a spreadsheet, an image) and a JSON body', async () => {
      const xlsx = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00]);
      const binary = await upload(xlsx, 'contacts', 'application/octet-stream').expect(415);
      expect(binary.body.error.code).to.equal('UNSUPPORTED_MEDIA_TYPE');
      expect(binary.body.error.message).to.include('CSV');
      const json = await upload('{"a":1}', 'contacts', 'application/json').expect(415);
      expect(json.body.error.message).to.include('text/csv');
    });

    it('refuses an empty file', async () => {
      const { body } = await upload('').expect(400);
      expect(body.error.message).to.match(/empty/);
    });

    it('refuses a file over IMPORT_MAX_BYTES, declared or streamed', async () => {
      const big = `email\n${'someone@example.com\n'.repeat(MAX_BYTES / 10)}`;
      const declared = await upload(big).expect(413);
      expect(declared.body.error.code).to.equal('PAYLOAD_TOO_LARGE');
      // Without a Content-Length (chunked), the limit is checked as the bytes arrive, and the partial file goes.
      const chunks = async function* () {
        yield Buffer.from('email\n');
        for (let sent = 0; sent <= MAX_BYTES; sent += 1000) yield Buffer.from('x'.repeat(999) + '\n');
      };
      const streamed = await dataIo.jobs
        .upload({ kind: 'contacts', filename: 'big.csv', body: chunks(), actor: admin.id })
        .then(
          () => null,
          (error: unknown) => error as { code: string },
        );
      expect(streamed?.code).to.equal('PAYLOAD_TOO_LARGE');
      const files = db.database.connection.db!.collection('import_files.files');
      expect(await files.countDocuments({ filename: 'big.csv' })).to.equal(0);
      const jobs = getImportJobModels(db.database.connection);
      expect(await jobs.ImportJob.countDocuments({ bytes: { $gt: MAX_BYTES } })).to.equal(0);
    });

    it('runs one import per kind at a time, across nodes', async () => {
      const uploaded = await upload(contactsCsv).expect(201);
      const leases = createLeases(getAdminModels(db.database.connection));
      expect(await leases.acquire('import:contacts', 'another-node', 60_000)).to.equal(true);
      try {
        const { body } = await request(application.app)
          .post(`/api/imports/${uploaded.body.id}/dry-run`)
          .set(as(admin))
          .send(settings)
          .expect(409);
        expect(body.error.message).to.equal(
          'An import of contacts is already running; wait for it to finish.',
        );
      } finally {
        await leases.release('import:contacts', 'another-node');
      }
    });

    it('marks a job whose server stopped as failed, so it can be started again', async () => {
      const uploaded = await upload(contactsCsv).expect(201);
      const { ImportJob } = getImportJobModels(db.database.connection);
      await ImportJob.updateOne(
        { _id: uploaded.body.id },
        { $set: { state: 'checking', runner: 'gone:1:ab' } },
      );
      const { body } = await request(application.app)
        .get(`/api/imports/${uploaded.body.id}`)
        .set(as(admin))
        .expect(200);
      expect(body.state).to.equal('failed');
      expect(body.error).to.match(/stopped/);
      const again = await phase(uploaded.body.id, 'dry-run', settings);
      expect(again.state).to.equal('checked');
    });

    it('answers 404 for an unknown import and 400 for a malformed id', async () => {
      await request(application.app).get(`/api/imports/${ID}`).set(as(admin)).expect(404);
      const { body } = await request(application.app).get('/api/imports/nope').set(as(admin)).expect(400);
      expect(body.error.code).to.equal('INVALID_ID');
    });
  });

  describe('exports', () => {
    it('streams contacts as CSV and JSON, filtered by creation date', async () => {
      const csv = await request(application.app).get('/api/exports/contacts').set(as(admin)).expect(200);
      expect(csv.headers['content-type']).to.match(/^text\/csv/);
      const lines = csv.text.trimEnd().split('\r\n');
      expect(lines[0]).to.equal('id,name,emails,phones,shopUserId,attributes,lastSeenAt,createdAt,updatedAt');
      expect(lines).to.have.length(4);
      expect(lines.find((line) => line.includes('ada@example.com'))).to.include('Ada Byron');
      const json = await request(application.app)
        .get('/api/exports/contacts?format=json')
        .set(as(admin))
        .expect(200);
      expect(json.headers['content-type']).to.match(/^application\/json/);
      expect(json.body).to.have.length(3);
      expect(json.body.flatMap((record: { emails: string[] }) => record.emails).sort()).to.deep.equal([
        'ada@example.com',
        'grace@example.com',
      ]);
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      const none = await request(application.app)
        .get(`/api/exports/contacts?from=${tomorrow}`)
        .set(as(admin))
        .expect(200);
      expect(none.text.trimEnd().split('\r\n')).to.have.length(1);
    });

    it('streams tickets and conversations, one row per conversation', async () => {
      const ada = await db.repositories.contacts.findByEmail('ada@example.com');
      const conversation = await db.repositories.conversations.create({ contactId: ada!.id });
      await db.repositories.tickets.create({
        contactId: ada!.id,
        conversationId: conversation.id,
        category: 'delivery',
        subject: 'Parcel late',
        actor: admin.id,
      });
      const conversations = await request(application.app)
        .get('/api/exports/conversations')
        .set(as(admin))
        .expect(200);
      const rows = conversations.text.trimEnd().split('\r\n');
      expect(rows).to.have.length(2);
      expect(rows[1]).to.match(new RegExp(`^${conversation.id},${ada!.id},web,bot,`));
      const tickets = await request(application.app).get('/api/exports/tickets').set(as(admin)).expect(200);
      expect(tickets.text).to.include(`,${ada!.id},${conversation.id},delivery,Parcel late,open,normal,`);
    });

    it('refuses an unknown dataset and a reversed range', async () => {
      await request(application.app).get('/api/exports/orders').set(as(admin)).expect(404);
      const { body } = await request(application.app)
        .get('/api/exports/contacts?from=2026-02-01&to=2026-01-01')
        .set(as(admin))
        .expect(400);
      expect(body.error.details.issues[0].field).to.equal('from');
    });
  });
});
