import { expect } from 'chai';
import request from 'supertest';
import type { Application } from '../../../server/app.ts';
import type { UserRecord } from '../../../server/data/records.ts';
import {
  CSRF_HEADER,
  SESSION_COOKIE,
  csrfTokenFor,
  sessionTokenFromCookieHeader,
  staffFromCookieHeader,
} from '../../../server/http/staff-session.ts';
import { AppError } from '../../../server/shared/errors.ts';
import { bearer, buildTestApp, createUser, TEST_PASSWORD, testConfig } from '../../support/app.ts';
import { startTestDatabase, type TestDatabase } from '../../support/database.ts';

const codeOf = (response: request.Response) => (response.body as { error: { code: string } }).error.code;

/** The Set-Cookie line of the session cookie. */
function sessionSetCookie(response: request.Response): string {
  const lines = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  const line = lines.find((l) => l.startsWith(`${SESSION_COOKIE}=`));
  expect(line, 'a Set-Cookie for the session').to.be.a('string');
  return line!;
}

describe('the console session: an httpOnly SameSite=Strict cookie with a CSRF token', () => {
  let db: TestDatabase;
  const opened: Application[] = [];
  let agent: UserRecord;

  function node(env: NodeJS.ProcessEnv = {}): Application {
    const application = buildTestApp({ repositories: db.repositories, config: testConfig(env) });
    opened.push(application);
    return application;
  }

  /** Signs in through the console's route: the cookie header to send back, and the CSRF token. */
  async function signIn(application: Application, user: UserRecord) {
    const response = await request(application.app)
      .post('/api/auth/session')
      .send({ email: user.email, password: TEST_PASSWORD })
      .expect(200);
    const cookie = sessionSetCookie(response).split(';')[0]!;
    return { cookie, csrf: (response.body as { csrfToken: string }).csrfToken, response };
  }

  before(async () => {
    db = await startTestDatabase();
    agent = await createUser(db.repositories, 'agent');
  });
  after(async () => {
    await db?.stop();
  });
  afterEach(async () => {
    for (const application of opened.splice(0)) await application.close();
  });

  describe('signing in (POST /api/auth/session)', () => {
    it('sets an httpOnly, SameSite=Strict cookie on / and answers the user and a CSRF token, never the token', async () => {
      const { response, cookie, csrf } = await signIn(node(), agent);
      const line = sessionSetCookie(response);
      expect(line).to.match(/;\s*HttpOnly/i);
      expect(line).to.match(/;\s*SameSite=Strict/i);
      expect(line).to.match(/;\s*Path=\/(;|$)/);
      expect(line).to.match(/;\s*Expires=/i);
      // Plain HTTP in development and tests; Secure only in production (next test).
      expect(line).not.to.match(/;\s*Secure/i);
      expect(response.headers['cache-control']).to.equal('no-store');
      const body = response.body as Record<string, unknown>;
      expect(body).to.have.keys('user', 'csrfToken', 'expiresAt');
      expect((body.user as UserRecord).email).to.equal(agent.email);
      expect(JSON.stringify(body)).not.to.contain(cookie.split('=')[1]!);
      expect(csrf).to.equal(csrfTokenFor(sessionTokenFromCookieHeader(cookie)!));
    });

    it('marks the cookie Secure in production', async () => {
      const { response } = await signIn(node({ NODE_ENV: 'production' }), agent);
      expect(sessionSetCookie(response)).to.match(/;\s*Secure/i);
    });

    it('refuses a wrong password with 401 and sets no cookie', async () => {
      const response = await request(node().app)
        .post('/api/auth/session')
        .send({ email: agent.email, password: 'not the password' })
        .expect(401);
      expect(codeOf(response)).to.equal('INVALID_CREDENTIALS');
      expect(response.headers['set-cookie']).to.equal(undefined);
    });

    it('refuses a sign-in a browser says comes from another site (login CSRF)', async () => {
      const response = await request(node().app)
        .post('/api/auth/session')
        .set('Sec-Fetch-Site', 'cross-site')
        .send({ email: agent.email, password: TEST_PASSWORD })
        .expect(403);
      expect(codeOf(response)).to.equal('CSRF_REFUSED');
      expect(response.headers['set-cookie']).to.equal(undefined);
    });

    it('refuses a form-encoded body (what a cross-site form could send) as not valid', async () => {
      const response = await request(node().app)
        .post('/api/auth/session')
        .type('form')
        .send(`email=${encodeURIComponent(agent.email)}&password=${encodeURIComponent(TEST_PASSWORD)}`)
        .expect(400);
      expect(codeOf(response)).to.equal('VALIDATION_FAILED');
    });
  });

  describe('who am I (GET /api/auth/session)', () => {
    it('answers the signed-in user and the same CSRF token', async () => {
      const app = node();
      const { cookie, csrf } = await signIn(app, agent);
      const response = await request(app.app).get('/api/auth/session').set('Cookie', cookie).expect(200);
      expect(response.body.user.id).to.equal(agent.id);
      expect(response.body.csrfToken).to.equal(csrf);
    });

    it('is 401 without the cookie, and with a forged one', async () => {
      const app = node();
      expect(codeOf(await request(app.app).get('/api/auth/session').expect(401))).to.equal('UNAUTHENTICATED');
      const forged = await request(app.app)
        .get('/api/auth/session')
        .set('Cookie', `${SESSION_COOKIE}=eyJhbGciOiJIUzI1NiJ9.e30.forged`)
        .expect(401);
      expect(codeOf(forged)).to.equal('INVALID_TOKEN');
    });

    it("is 403 for a visitor's token in the cookie", async () => {
      const visitorToken = bearer({ id: agent.id, role: 'visitor' }).slice('Bearer '.length);
      const response = await request(node().app)
        .get('/api/auth/session')
        .set('Cookie', `${SESSION_COOKIE}=${visitorToken}`)
        .expect(403);
      expect(codeOf(response)).to.equal('FORBIDDEN');
    });
  });

  describe('the staff API with the cookie', () => {
    it('answers safe requests with the cookie alone', async () => {
      const app = node();
      const { cookie } = await signIn(app, agent);
      await request(app.app).get('/api/contacts').set('Cookie', cookie).expect(200);
      await request(app.app).get('/api/tickets').set('Cookie', cookie).expect(200);
    });

    it('refuses an unsafe request without the CSRF token, or with a wrong one, with 403 CSRF_REFUSED', async () => {
      const app = node();
      const { cookie, csrf } = await signIn(app, agent);
      const contact = await db.repositories.contacts.create({ name: 'Ada' });
      const other = await db.repositories.contacts.create({ name: 'Ada L.' });
      const merge = () => request(app.app).post(`/api/contacts/${contact.id}/merge`).set('Cookie', cookie);
      const missing = await merge().send({ contactId: other.id }).expect(403);
      expect(codeOf(missing)).to.equal('CSRF_REFUSED');
      const wrong = await merge()
        .set(
          CSRF_HEADER,
          csrf.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')),
        )
        .send({ contactId: other.id })
        .expect(403);
      expect(codeOf(wrong)).to.equal('CSRF_REFUSED');
      // Nothing was merged by the refused requests.
      expect(await db.repositories.contacts.findById(other.id)).not.to.equal(null);
      // With the token the request passes the guard and reaches the route.
      const passed = await merge().set(CSRF_HEADER, csrf).send({ contactId: other.id });
      expect(passed.status).not.to.equal(403);
      expect(passed.status).not.to.equal(401);
    });

    it("refuses another session's CSRF token", async () => {
      const app = node();
      const first = await signIn(app, agent);
      const second = await signIn(app, agent);
      expect(first.csrf).not.to.equal(second.csrf);
      const response = await request(app.app)
        .delete('/api/auth/session')
        .set('Cookie', first.cookie)
        .set(CSRF_HEADER, second.csrf)
        .expect(403);
      expect(codeOf(response)).to.equal('CSRF_REFUSED');
    });

    it('keeps bearer tokens for scripts, with no CSRF token needed', async () => {
      const app = node();
      const login = await request(app.app)
        .post('/api/auth/login')
        .send({ email: agent.email, password: TEST_PASSWORD })
        .expect(200);
      const authorization = `Bearer ${login.body.token as string}`;
      await request(app.app).get('/api/contacts').set('Authorization', authorization).expect(200);
      await request(app.app).post('/api/auth/logout').set('Authorization', authorization).expect(204);
      await request(app.app).get('/api/contacts').set('Authorization', authorization).expect(401);
    });

    it('is 401 on staff routes without any credentials', async () => {
      const response = await request(node().app).get('/api/contacts').expect(401);
      expect(codeOf(response)).to.equal('UNAUTHENTICATED');
    });

    it('does not let another origin send the CSRF header (the CORS preflight leaves it out)', async () => {
      const app = node({ WIDGET_ORIGINS: 'https://shop.example' });
      const preflight = await request(app.app)
        .options('/api/contacts/000000000000000000000000/merge')
        .set('Origin', 'https://shop.example')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'x-csrf-token, content-type');
      const allowed = String(preflight.headers['access-control-allow-headers'] ?? '').toLowerCase();
      expect(allowed).not.to.contain('x-csrf-token');
      expect(preflight.headers['access-control-allow-credentials']).to.equal(undefined);
    });
  });

  describe('signing out (DELETE /api/auth/session)', () => {
    it('needs the CSRF token, then ends the session on the server and clears the cookie', async () => {
      const app = node();
      const { cookie, csrf } = await signIn(app, agent);
      const refused = await request(app.app).delete('/api/auth/session').set('Cookie', cookie).expect(403);
      expect(codeOf(refused)).to.equal('CSRF_REFUSED');
      await request(app.app).get('/api/auth/session').set('Cookie', cookie).expect(200);

      const response = await request(app.app)
        .delete('/api/auth/session')
        .set('Cookie', cookie)
        .set(CSRF_HEADER, csrf)
        .expect(204);
      expect(sessionSetCookie(response)).to.match(new RegExp(`^${SESSION_COOKIE}=;`));
      // The old cookie, replayed, no longer works: the token was revoked, not just forgotten by the browser.
      const replay = await request(app.app).get('/api/auth/session').set('Cookie', cookie).expect(401);
      expect(codeOf(replay)).to.equal('INVALID_TOKEN');
      await request(app.app).get('/api/contacts').set('Cookie', cookie).expect(401);
    });

    it('clears a stale cookie without complaint', async () => {
      const response = await request(node().app)
        .delete('/api/auth/session')
        .set('Cookie', `${SESSION_COOKIE}=stale`)
        .expect(204);
      expect(sessionSetCookie(response)).to.match(new RegExp(`^${SESSION_COOKIE}=;`));
    });
  });

  describe('staffFromCookieHeader (the agent socket handshake)', () => {
    it('returns the staff identity of a valid session cookie among others', async () => {
      const app = node();
      const { cookie } = await signIn(app, agent);
      const identity = await staffFromCookieHeader(app.context.auth, `theme=dark; ${cookie}; other=1`);
      expect(identity.userId).to.equal(agent.id);
      expect(identity.role).to.equal('agent');
    });

    it('refuses a missing cookie (UNAUTHENTICATED), a bad token and a visitor token', async () => {
      const { auth } = node().context;
      const codeOfRejection = async (header: string | undefined) => {
        try {
          await staffFromCookieHeader(auth, header);
        } catch (error) {
          expect(error).to.be.instanceOf(AppError);
          return (error as AppError).code;
        }
        throw new Error('expected a refusal');
      };
      expect(await codeOfRejection(undefined)).to.equal('UNAUTHENTICATED');
      expect(await codeOfRejection('theme=dark')).to.equal('UNAUTHENTICATED');
      expect(await codeOfRejection(`${SESSION_COOKIE}=nonsense`)).to.equal('INVALID_TOKEN');
      const visitorToken = bearer({ id: agent.id, role: 'visitor' }).slice('Bearer '.length);
      expect(await codeOfRejection(`${SESSION_COOKIE}=${visitorToken}`)).to.equal('FORBIDDEN');
    });
  });
});
