import { expect } from 'chai';
import request from 'supertest';
import type { Application } from '../../../server/app.ts';
import type { UserRecord } from '../../../server/data/records.ts';
import { bearer, buildTestApp, createUser, TEST_PASSWORD, testConfig } from '../../support/app.ts';
import { startTestDatabase, type TestDatabase } from '../../support/database.ts';

const codeOf = (response: request.Response) => (response.body as { error: { code: string } }).error.code;

describe('staff sessions: every request checks the user behind the token', () => {
  let db: TestDatabase;
  let now: number;
  const opened: Application[] = [];

  /** One node of the service on the shared database; the clock is the test's. */
  function node(env: NodeJS.ProcessEnv = {}): Application {
    const application = buildTestApp({
      repositories: db.repositories,
      config: testConfig(env),
      now: () => now,
    });
    opened.push(application);
    return application;
  }

  async function login(application: Application, user: UserRecord): Promise<string> {
    const response = await request(application.app)
      .post('/api/auth/login')
      .send({ email: user.email, password: TEST_PASSWORD })
      .expect(200);
    return `Bearer ${response.body.token as string}`;
  }

  const get = (application: Application, path: string, authorization: string) =>
    request(application.app).get(path).set('authorization', authorization);

  before(async () => {
    db = await startTestDatabase();
  });
  after(async () => {
    await db?.stop();
  });
  beforeEach(() => {
    now = Date.now();
  });
  afterEach(async () => {
    for (const application of opened.splice(0)) await application.close();
  });

  describe('a deleted user (the check is remembered for AUTH_CHECK_CACHE_SECONDS, 5 s by default)', () => {
    it("refuses the user's token on contacts, tickets, users and the audit log once 5 s have passed", async () => {
      const app = node();
      const admin = await createUser(db.repositories, 'admin');
      const token = await login(app, admin);
      for (const path of ['/api/contacts', '/api/tickets', '/api/users', '/api/audit-events']) {
        await get(app, path, token).expect(200);
      }
      expect(await db.repositories.users.remove(admin.id)).to.equal(true);
      now += 5_001;
      for (const path of ['/api/contacts', '/api/tickets', '/api/users', '/api/audit-events']) {
        expect(codeOf(await get(app, path, token).expect(401)), path).to.equal('INVALID_TOKEN');
      }
    });

    it('refuses it at the next request when the cache is off (AUTH_CHECK_CACHE_SECONDS=0)', async () => {
      const app = node({ AUTH_CHECK_CACHE_SECONDS: '0' });
      const agent = await createUser(db.repositories, 'agent');
      const token = bearer(agent);
      await get(app, '/api/contacts', token).expect(200);
      await db.repositories.users.remove(agent.id);
      expect(codeOf(await get(app, '/api/contacts', token).expect(401))).to.equal('INVALID_TOKEN');
    });
  });

  describe('a demoted admin', () => {
    it('loses the admin routes within 5 s and keeps the staff routes', async () => {
      const app = node();
      const admin = await createUser(db.repositories, 'admin');
      const token = await login(app, admin);
      await get(app, '/api/users', token).expect(200);
      await db.repositories.users.setRole(admin.id, 'agent');
      now += 5_001;
      expect(codeOf(await get(app, '/api/users', token).expect(403))).to.equal('FORBIDDEN');
      expect(codeOf(await get(app, '/api/audit-events', token).expect(403))).to.equal('FORBIDDEN');
      await get(app, '/api/contacts', token).expect(200);
    });

    it('loses them at once on the node that made the change (forgetUser)', async () => {
      const app = node();
      const admin = await createUser(db.repositories, 'admin');
      const token = await login(app, admin);
      await get(app, '/api/users', token).expect(200);
      await db.repositories.users.setRole(admin.id, 'agent');
      app.context.auth.forgetUser(admin.id);
      expect(codeOf(await get(app, '/api/users', token).expect(403))).to.equal('FORBIDDEN');
    });
  });

  describe('a deactivated user', () => {
    it('has every token refused within 5 s and cannot sign in again', async () => {
      const app = node();
      const agent = await createUser(db.repositories, 'agent');
      const token = await login(app, agent);
      await db.repositories.users.setActive(agent.id, false);
      now += 5_001;
      expect(codeOf(await get(app, '/api/auth/me', token).expect(401))).to.equal('INVALID_TOKEN');
      const again = await request(app.app)
        .post('/api/auth/login')
        .send({ email: agent.email, password: TEST_PASSWORD })
        .expect(401);
      expect(codeOf(again)).to.equal('INVALID_CREDENTIALS');
    });

    it('is never offered a conversation', async () => {
      const agent = await createUser(db.repositories, 'agent');
      await db.repositories.users.setPresence(agent.id, 'online');
      expect((await db.repositories.users.listOnlineAgents()).map((u) => u.id)).to.include(agent.id);
      await db.repositories.users.setActive(agent.id, false);
      expect((await db.repositories.users.listOnlineAgents()).map((u) => u.id)).not.to.include(agent.id);
    });
  });

  describe('POST /api/auth/logout', () => {
    it('ends this session at once on this node, on a fresh node at once, and on a node that checked it within 5 s', async () => {
      const first = node();
      const second = node();
      const agent = await createUser(db.repositories, 'agent');
      const token = await login(first, agent);
      const otherDevice = await login(first, agent);
      await get(second, '/api/auth/me', token).expect(200);

      await request(first.app).post('/api/auth/logout').set('authorization', token).expect(204);
      expect(codeOf(await get(first, '/api/auth/me', token).expect(401))).to.equal('INVALID_TOKEN');
      expect(codeOf(await get(node(), '/api/auth/me', token).expect(401))).to.equal('INVALID_TOKEN');
      now += 5_001;
      expect(codeOf(await get(second, '/api/auth/me', token).expect(401))).to.equal('INVALID_TOKEN');
      // Only that session ended: the same user's other login goes on.
      await get(first, '/api/auth/me', otherDevice).expect(200);
      await get(second, '/api/auth/me', otherDevice).expect(200);
    });

    it('needs a valid token and can be repeated harmlessly by another session', async () => {
      const app = node();
      expect(codeOf(await request(app.app).post('/api/auth/logout').expect(401))).to.equal('UNAUTHENTICATED');
      const agent = await createUser(db.repositories, 'agent');
      const token = await login(app, agent);
      await request(app.app).post('/api/auth/logout').set('authorization', token).expect(204);
      expect(
        codeOf(await request(app.app).post('/api/auth/logout').set('authorization', token).expect(401)),
      ).to.equal('INVALID_TOKEN');
    });

    it('keeps a revocation only as long as the token could have lived (TTL index)', async () => {
      const indexes = await db.database.models.RevokedToken.listIndexes();
      const ttl = indexes.find((index) => index.key.expiresAt === 1);
      expect(ttl?.expireAfterSeconds).to.equal(0);
    });
  });

  it('refuses a validly signed token without a token id (not issued by this login)', async () => {
    const app = node();
    const agent = await createUser(db.repositories, 'agent');
    const { signToken } = await import('../../../server/auth/token.ts');
    const bare = signToken({ sub: agent.id, role: 'agent' }, testConfig().tokenSecret, 600, now);
    expect(codeOf(await get(app, '/api/contacts', `Bearer ${bare}`).expect(401))).to.equal('INVALID_TOKEN');
  });

  describe('the login answer', () => {
    it('is never cached (Cache-Control: no-store)', async () => {
      const app = node();
      const agent = await createUser(db.repositories, 'agent');
      const response = await request(app.app)
        .post('/api/auth/login')
        .send({ email: agent.email, password: TEST_PASSWORD })
        .expect(200);
      expect(response.headers['cache-control']).to.equal('no-store');
    });
  });

  describe('password spraying from one address', () => {
    it('gets 429 RATE_LIMITED before 20 different emails have been tried, and other addresses are not affected', async () => {
      const app = node();
      const statuses: number[] = [];
      for (let i = 0; i < 20; i += 1) {
        const response = await request(app.app)
          .post('/api/auth/login')
          .send({ email: `sprayed-${i}@shop.test`, password: 'Summer2026!Summer' });
        statuses.push(response.status);
      }
      expect(statuses.slice(0, 10)).to.deep.equal(Array(10).fill(401));
      expect(statuses.slice(10)).to.deep.equal(Array(10).fill(429));

      const agent = await createUser(db.repositories, 'agent');
      // supertest speaks from 127.0.0.1 (IPv4-mapped ::ffff:127.0.0.1): a proxy hop gives another address.
      const behindProxy = node({ TRUST_PROXY_HOPS: '1' });
      await request(behindProxy.app)
        .post('/api/auth/login')
        .set('x-forwarded-for', '203.0.113.7')
        .send({ email: agent.email, password: TEST_PASSWORD })
        .expect(200);
    });

    it('refuses most of a concurrent burst at once, hashing at most ten of its passwords', async () => {
      const app = node();
      const responses = await Promise.all(
        Array.from({ length: 32 }, (_, i) =>
          request(app.app)
            .post('/api/auth/login')
            .send({ email: `burst-${i}@shop.test`, password: 'Winter2026!Winter' }),
        ),
      );
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 401)).to.have.length(10);
      expect(statuses.filter((status) => status === 429)).to.have.length(22);
    });
  });
});
