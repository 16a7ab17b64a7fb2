import { expect } from 'chai';
import request from 'supertest';
import type { UserRecord } from '../../../server/data/records.ts';
import { startChatHarness, type ChatHarness } from '../../chat/support/chat-harness.ts';
import { agentSocket, closeAgentSockets } from '../../agent/support.ts';
import { bearer, createUser, TEST_PASSWORD } from '../../support/app.ts';

const NEW_PASSWORD = 'lantern orchard velvet 42';

describe('the team API (/api/users, /api/auth/password, /api/audit-events filters)', function () {
  this.timeout(60_000);
  let chat: ChatHarness;
  let admin: UserRecord;
  let agent: UserRecord;

  before(async () => {
    chat = await startChatHarness();
    admin = await createUser(chat.db.repositories, 'admin');
    agent = await createUser(chat.db.repositories, 'agent');
  });
  after(async () => {
    closeAgentSockets();
    await chat?.stop();
  });

  const app = () => chat.app.app;
  const as = (user: { id: string; role: string }) => ({
    get: (url: string) => request(app()).get(url).set('Authorization', bearer(user)),
    post: (url: string, body?: object) =>
      request(app())
        .post(url)
        .set('Authorization', bearer(user))
        .send(body ?? {}),
    patch: (url: string, body: object) =>
      request(app()).patch(url).set('Authorization', bearer(user)).send(body),
    put: (url: string, body: object) => request(app()).put(url).set('Authorization', bearer(user)).send(body),
  });
  const login = (email: string, password: string) =>
    request(app()).post('/api/auth/login').send({ email, password });

  let created: UserRecord;
  it('creates an agent with a checked password; a weak password or a taken email is refused', async () => {
    const weak = await as(admin)
      .post('/api/users', {
        email: 'robin@shop.test',
        name: 'Robin',
        role: 'agent',
        password: 'password123!',
      })
      .expect(400);
    expect(weak.body.error.message).to.match(/too weak/);
    const res = await as(admin)
      .post('/api/users', {
        email: 'Robin@shop.test',
        name: 'Robin',
        role: 'agent',
        capacity: 3,
        password: TEST_PASSWORD,
      })
      .expect(201);
    created = res.body;
    expect(created).to.include({ email: 'robin@shop.test', role: 'agent', capacity: 3, active: true });
    expect(JSON.stringify(res.body)).not.to.match(/passwordHash|scrypt/);
    await login('robin@shop.test', TEST_PASSWORD).expect(200);
    await as(admin)
      .post('/api/users', {
        email: 'robin@shop.test',
        name: 'Robin 2',
        role: 'agent',
        password: TEST_PASSWORD,
      })
      .expect(409);
  });

  it('changes role and capacity; an admin cannot deactivate or demote themselves', async () => {
    const res = await as(admin).patch(`/api/users/${created.id}`, { role: 'admin', capacity: 7 }).expect(200);
    expect(res.body).to.include({ role: 'admin', capacity: 7 });
    // The new role takes effect at once, without a new login.
    await as({ id: created.id, role: 'agent' }).get('/api/users').expect(200);
    await as(admin).patch(`/api/users/${created.id}`, { role: 'agent' }).expect(200);
    await as({ id: created.id, role: 'agent' }).get('/api/users').expect(403);
    const self = await as(admin).patch(`/api/users/${admin.id}`, { active: false }).expect(409);
    expect(self.body.error.code).to.equal('CONFLICT');
    await as(admin).patch(`/api/users/${admin.id}`, { role: 'agent' }).expect(409);
    await as(admin).patch(`/api/users/${created.id}`, {}).expect(400);
    await as(admin).patch(`/api/users/${created.id}`, { capacity: 500 }).expect(400);
    await as(admin)
      .patch(`/api/users/${'0'.repeat(24)}`, { capacity: 2 })
      .expect(404);
  });

  it("deactivating ends every session at once: bearer tokens, the console's cookie and open /agent sockets", async () => {
    const signIn = await request(app())
      .post('/api/auth/session')
      .set('Origin', 'https://shop.example')
      .send({ email: 'robin@shop.test', password: TEST_PASSWORD });
    expect(signIn.status, JSON.stringify(signIn.body)).to.equal(200);
    const cookie = ([] as string[]).concat(signIn.headers['set-cookie'] ?? [])[0]!.split(';')[0]!;
    const token = bearer(created).slice('Bearer '.length);
    await request(app()).get('/api/auth/session').set('Cookie', cookie).expect(200);
    await request(app()).get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    const socket = await agentSocket(chat.url, { token });
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));

    await as(admin).patch(`/api/users/${created.id}`, { active: false }).expect(200);

    expect(await disconnected).to.equal('io server disconnect');
    await request(app()).get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
    await request(app()).get('/api/auth/session').set('Cookie', cookie).expect(401);
    const again = await agentSocket(chat.url, { token }).then(
      () => 'connected',
      (error: Error) => error.message,
    );
    expect(again).to.equal('INVALID_TOKEN');
    await login('robin@shop.test', TEST_PASSWORD).expect(401);
    await as(admin).patch(`/api/users/${created.id}`, { active: true }).expect(200);
    await login('robin@shop.test', TEST_PASSWORD).expect(200);
  });

  it("sets another user's password (admin), and every user changes their own with the current one", async () => {
    await as(admin).put(`/api/users/${created.id}/password`, { password: 'short' }).expect(400);
    await as(admin).put(`/api/users/${created.id}/password`, { password: NEW_PASSWORD }).expect(204);
    await login('robin@shop.test', TEST_PASSWORD).expect(401);
    await login('robin@shop.test', NEW_PASSWORD).expect(200);

    const wrong = await as(agent)
      .post('/api/auth/password', { currentPassword: 'not it at all', newPassword: NEW_PASSWORD })
      .expect(400);
    expect(wrong.body.error.details.issues[0].field).to.equal('currentPassword');
    await as(agent)
      .post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'qwerty' })
      .expect(400);
    await as(agent)
      .post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD })
      .expect(204);
    await login(agent.email, NEW_PASSWORD).expect(200);
  });

  it('filters the audit log by actor, action (or family) and date range', async () => {
    const all = await as(admin).get(`/api/audit-events?actor=${admin.id}&limit=100`).expect(200);
    const actions = all.body.items.map((e: { action: string }) => e.action);
    expect(actions).to.include.members([
      'user.create',
      'user.update',
      'user.deactivate',
      'user.password_set',
    ]);
    expect(all.body.items.every((e: { actor: { id: string } }) => e.actor.id === admin.id)).to.equal(true);

    const deactivations = await as(admin).get('/api/audit-events?action=user.deactivate').expect(200);
    expect(deactivations.body.items).to.have.length(1);
    expect(deactivations.body.items[0].target).to.deep.equal({ type: 'user', id: created.id });
    const family = await as(admin).get('/api/audit-events?action=user.&limit=100').expect(200);
    expect(family.body.total).to.equal(all.body.total + 1); // + the agent's own password change
    const own = await as(admin).get(`/api/audit-events?actor=${agent.id}`).expect(200);
    expect(own.body.items.map((e: { action: string }) => e.action)).to.deep.equal(['user.password_changed']);

    const future = new Date(Date.now() + 3600_000).toISOString();
    const past = new Date(Date.now() - 3600_000).toISOString();
    expect((await as(admin).get(`/api/audit-events?from=${future}`).expect(200)).body.total).to.equal(0);
    expect(
      (await as(admin).get(`/api/audit-events?from=${past}&to=${future}`).expect(200)).body.total,
    ).to.equal(family.body.total);
    await as(admin).get(`/api/audit-events?from=${future}&to=${past}`).expect(400);
    await as(admin).get('/api/audit-events?action=DROP TABLE').expect(400);
    await as(admin).get('/api/audit-events?actor=nobody').expect(400);
  });

  describe('who may call it', () => {
    const id = '0'.repeat(24);
    const adminRoutes: [string, string][] = [
      ['get', '/api/users'],
      ['post', '/api/users'],
      ['get', `/api/users/${id}`],
      ['patch', `/api/users/${id}`],
      ['put', `/api/users/${id}/password`],
      ['get', '/api/audit-events'],
    ];
    const call = (method: string, url: string) =>
      (request(app()) as unknown as Record<string, (u: string) => request.Test>)[method]!(url).send({});
    for (const [method, url] of [...adminRoutes, ['post', '/api/auth/password'] as [string, string]]) {
      it(`${method.toUpperCase()} ${url}: 401 without a token, 403 for a visitor token`, async () => {
        await call(method, url).expect(401);
        await call(method, url)
          .set('Authorization', bearer({ id: agent.id, role: 'visitor' }))
          .expect(403);
      });
    }
    for (const [method, url] of adminRoutes) {
      it(`${method.toUpperCase()} ${url}: 403 for an agent`, async () => {
        await call(method, url).set('Authorization', bearer(agent)).expect(403);
      });
    }
  });
});
