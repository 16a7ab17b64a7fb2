import { expect } from 'chai';
import request from 'supertest';
import type { Application } from '../../../server/app.ts';
import { LoginThrottle } from '../../../server/auth/login-throttle.ts';
import type {
  ContactRecord,
  ConversationRecord,
  TicketRecord,
  UserRecord,
} from '../../../server/data/records.ts';
import { bearer, buildTestApp, createUser, TEST_PASSWORD, TEST_SECRET } from '../../support/app.ts';
import { startTestDatabase, type TestDatabase } from '../../support/database.ts';

const MISSING_ID = '0123456789abcdef01234567';

describe('the REST API', () => {
  let db: TestDatabase;
  let application: Application;
  let agent: UserRecord;
  let admin: UserRecord;
  let now: number;
  let ada: ContactRecord;
  let ben: ContactRecord;
  let adaTicket: TicketRecord;
  let benTicket: TicketRecord;
  let conversation: ConversationRecord;

  before(async () => {
    db = await startTestDatabase();
    const { repositories } = db;
    agent = await createUser(repositories, 'agent', 'agent@shop.test');
    admin = await createUser(repositories, 'admin', 'admin@shop.test');
    await repositories.products.insertMany([
      {
        sku: 'AUD-1',
        name: 'Aria Headphones',
        description: 'Wireless (ANC)',
        category: 'audio',
        price: 149,
        currency: 'USD',
        attributes: {},
        tags: ['headphones'],
        imageUrl: null,
        active: true,
      },
      {
        sku: 'AUD-2',
        name: 'Headphone Case',
        description: 'Hard shell',
        category: 'audio',
        price: 24,
        currency: 'USD',
        attributes: {},
        tags: ['case'],
        imageUrl: null,
        active: true,
      },
      {
        sku: 'HOM-1',
        name: 'Coffee Grinder',
        description: 'Burr grinder',
        category: 'coffee',
        price: 119,
        currency: 'USD',
        attributes: {},
        tags: ['coffee'],
        imageUrl: null,
        active: true,
      },
      {
        sku: 'OLD-1',
        name: 'Withdrawn Headphones',
        description: 'No longer sold',
        category: 'audio',
        price: 9,
        currency: 'USD',
        attributes: {},
        tags: [],
        imageUrl: null,
        active: false,
      },
    ]);
    ada = await repositories.contacts.create({
      name: 'Ada Lovelace',
      emails: ['Ada@Example.com'],
      phones: ['+1 555 010 0001'],
    });
    ben = await repositories.contacts.create({ name: 'Ben (test) Bauer', emails: ['ben@example.com'] });
    adaTicket = await repositories.tickets.create({
      contactId: ada.id,
      category: 'returns',
      subject: 'Broken hinge',
      actor: 'bot',
    });
    benTicket = await repositories.tickets.create({
      contactId: ben.id,
      category: 'payment',
      subject: 'Charged twice',
      actor: 'bot',
    });
    await repositories.tickets.update(benTicket.id, { status: 'pending' }, `user:${agent.id}`);
    conversation = await repositories.conversations.create({ contactId: ada.id, visitorId: 'visitor-1' });
    for (let i = 1; i <= 5; i += 1) {
      await repositories.messages.append({
        conversationId: conversation.id,
        sender: i % 2 ? 'visitor' : 'bot',
        text: `message ${i}`,
      });
    }
  });

  after(async () => {
    await db?.stop();
  });

  beforeEach(() => {
    now = Date.now();
    application = buildTestApp({ repositories: db.repositories, now: () => now });
  });

  afterEach(async () => {
    await application.close();
  });

  const get = (path: string) => request(application.app).get(path);
  const asAgent = (path: string) => get(path).set('authorization', bearer(agent));
  const codeOf = (response: request.Response) => (response.body as { error: { code: string } }).error.code;

  /** Every staff route refuses missing, forged and expired tokens, and tokens of other roles. */
  function itIsForStaffOnly(path: () => string) {
    it('answers 401 UNAUTHENTICATED without a token', async () => {
      const response = await get(path()).expect(401);
      expect(codeOf(response)).to.equal('UNAUTHENTICATED');
      expect(response.headers['www-authenticate']).to.equal('Bearer');
    });

    it('answers 401 INVALID_TOKEN for a token signed with another secret', async () => {
      const forged = bearer(admin, { secret: 'not-the-server-secret-but-long-enough-0000' });
      expect(codeOf(await get(path()).set('authorization', forged).expect(401))).to.equal('INVALID_TOKEN');
    });

    it('answers 401 TOKEN_EXPIRED for an expired token', async () => {
      const expired = bearer(agent, { ttlSeconds: 60, now: now - 61_000 });
      expect(codeOf(await get(path()).set('authorization', expired).expect(401))).to.equal('TOKEN_EXPIRED');
    });

    it('answers 403 FORBIDDEN for a validly signed token of another role (a visitor)', async () => {
      const visitor = bearer({ id: 'visitor-1', role: 'visitor' }, { secret: TEST_SECRET });
      expect(codeOf(await get(path()).set('authorization', visitor).expect(403))).to.equal('FORBIDDEN');
    });
  }

  describe('GET /api/products (public)', () => {
    it('lists active products, paged, without authentication', async () => {
      const response = await get('/api/products?limit=2').expect(200);
      expect(response.body).to.include({ page: 1, limit: 2, total: 3 });
      expect(response.body.items.map((p: { sku: string }) => p.sku)).to.deep.equal(['AUD-1', 'AUD-2']);
      const second = await get('/api/products?limit=2&page=2').expect(200);
      expect(second.body.items.map((p: { sku: string }) => p.sku)).to.deep.equal(['HOM-1']);
    });

    it('filters by category and by free text, treating the text literally', async () => {
      const coffee = await get('/api/products?category=Coffee').expect(200);
      expect(coffee.body.items.map((p: { sku: string }) => p.sku)).to.deep.equal(['HOM-1']);
      const text = await get('/api/products?q=headphone').expect(200);
      expect(text.body.total).to.equal(2);
      const regexLike = await get(`/api/products?q=${encodeURIComponent('(ANC)')}`).expect(200);
      expect(regexLike.body.items.map((p: { sku: string }) => p.sku)).to.deep.equal(['AUD-1']);
      expect((await get('/api/products?q=.*').expect(200)).body.total).to.equal(0);
    });

    it('answers 400 VALIDATION_FAILED for bad paging, naming the field', async () => {
      const response = await get('/api/products?limit=1000').expect(400);
      expect(codeOf(response)).to.equal('VALIDATION_FAILED');
      expect(response.body.error.details.issues[0].field).to.equal('limit');
      expect(codeOf(await get('/api/products?page=0').expect(400))).to.equal('VALIDATION_FAILED');
      expect(codeOf(await get('/api/products?q=a&q=b').expect(400))).to.equal('VALIDATION_FAILED');
    });
  });

  describe('POST /api/auth/login', () => {
    const login = (body: object) => request(application.app).post('/api/auth/login').send(body);

    it('returns a bearer token and the user, without the password hash', async () => {
      const response = await login({ email: 'Agent@Shop.test', password: TEST_PASSWORD }).expect(200);
      expect(response.body.tokenType).to.equal('Bearer');
      expect(response.body.user).to.include({ id: agent.id, email: 'agent@shop.test', role: 'agent' });
      expect(JSON.stringify(response.body)).not.to.match(/passwordHash|scrypt/);
      await get('/api/contacts').set('authorization', `Bearer ${response.body.token}`).expect(200);
    });

    it('gives the same answer for an unknown email and a wrong password', async () => {
      const unknown = await login({ email: 'nobody@shop.test', password: 'whatever-123' }).expect(401);
      const wrong = await login({ email: 'agent@shop.test', password: 'whatever-123' }).expect(401);
      expect(unknown.body).to.deep.equal(wrong.body);
      expect(codeOf(wrong)).to.equal('INVALID_CREDENTIALS');
    });

    it('answers 400 VALIDATION_FAILED for a missing field', async () => {
      expect(codeOf(await login({ email: 'agent@shop.test' }).expect(400))).to.equal('VALIDATION_FAILED');
      expect(codeOf(await login({}).expect(400))).to.equal('VALIDATION_FAILED');
    });

    it('slows down repeated failures for one email and address with 429 and Retry-After', async () => {
      await application.close();
      application = buildTestApp({
        repositories: db.repositories,
        loginThrottle: new LoginThrottle({ freeFailures: 2, baseDelayMs: 30_000, now: () => now }),
        now: () => now,
      });
      for (let i = 0; i < 2; i += 1)
        await login({ email: 'admin@shop.test', password: 'guess-number-' + i }).expect(401);
      const throttled = await login({ email: 'admin@shop.test', password: TEST_PASSWORD }).expect(429);
      expect(codeOf(throttled)).to.equal('RATE_LIMITED');
      expect(throttled.headers['retry-after']).to.equal('30');
      now += 30_000;
      await login({ email: 'admin@shop.test', password: TEST_PASSWORD }).expect(200);
    });
  });

  describe('GET /api/auth/me', () => {
    it('returns the logged-in user', async () => {
      const response = await asAgent('/api/auth/me').expect(200);
      expect(response.body.user).to.include({ id: agent.id, role: 'agent' });
    });
    itIsForStaffOnly(() => '/api/auth/me');
  });

  describe('GET /api/contacts', () => {
    it('lists contacts newest first, paged', async () => {
      const response = await asAgent('/api/contacts?limit=1').expect(200);
      expect(response.body).to.include({ total: 2, page: 1, limit: 1 });
      expect(response.body.items[0].id).to.equal(ben.id);
    });

    it('filters by email and phone in any typed form, and by free text', async () => {
      const byEmail = await asAgent('/api/contacts?email=ADA@example.com ').expect(200);
      expect(byEmail.body.items.map((c: ContactRecord) => c.id)).to.deep.equal([ada.id]);
      const byPhone = await asAgent(`/api/contacts?phone=${encodeURIComponent('+1 (555) 010-0001')}`).expect(
        200,
      );
      expect(byPhone.body.items.map((c: ContactRecord) => c.id)).to.deep.equal([ada.id]);
      const byText = await asAgent(`/api/contacts?q=${encodeURIComponent('(test)')}`).expect(200);
      expect(byText.body.items.map((c: ContactRecord) => c.id)).to.deep.equal([ben.id]);
    });

    it('answers 400 VALIDATION_FAILED for bad paging', async () => {
      expect(codeOf(await asAgent('/api/contacts?page=abc').expect(400))).to.equal('VALIDATION_FAILED');
    });

    it('is open to admins too', async () => {
      await get('/api/contacts').set('authorization', bearer(admin)).expect(200);
    });

    itIsForStaffOnly(() => '/api/contacts');
  });

  describe('GET /api/contacts/:id', () => {
    it('returns the contact with normalised details', async () => {
      const response = await asAgent(`/api/contacts/${ada.id}`).expect(200);
      expect(response.body).to.include({ id: ada.id, name: 'Ada Lovelace' });
      expect(response.body.emails).to.deep.equal(['ada@example.com']);
      expect(response.body.phones).to.deep.equal(['+15550100001']);
    });

    it('answers 400 INVALID_ID for an id that is not an ObjectId, 404 NOT_FOUND for an unknown one', async () => {
      expect(codeOf(await asAgent('/api/contacts/not-an-id').expect(400))).to.equal('INVALID_ID');
      expect(codeOf(await asAgent(`/api/contacts/${MISSING_ID}`).expect(404))).to.equal('NOT_FOUND');
    });

    itIsForStaffOnly(() => `/api/contacts/${ada.id}`);
  });

  describe('GET /api/tickets', () => {
    it('lists tickets newest first, paged', async () => {
      const response = await asAgent('/api/tickets').expect(200);
      expect(response.body.items.map((t: TicketRecord) => t.number)).to.deep.equal([
        benTicket.number,
        adaTicket.number,
      ]);
      expect(adaTicket.number).to.match(/^T-\d{4,}$/);
    });

    it('filters by status, contact and free text', async () => {
      const pending = await asAgent('/api/tickets?status=pending').expect(200);
      expect(pending.body.items.map((t: TicketRecord) => t.id)).to.deep.equal([benTicket.id]);
      const ofAda = await asAgent(`/api/tickets?contact=${ada.id}`).expect(200);
      expect(ofAda.body.items.map((t: TicketRecord) => t.id)).to.deep.equal([adaTicket.id]);
      const byText = await asAgent('/api/tickets?q=hinge').expect(200);
      expect(byText.body.items.map((t: TicketRecord) => t.id)).to.deep.equal([adaTicket.id]);
      const byNumber = await asAgent(`/api/tickets?q=${benTicket.number}`).expect(200);
      expect(byNumber.body.items.map((t: TicketRecord) => t.id)).to.deep.equal([benTicket.id]);
    });

    it('answers 400 VALIDATION_FAILED for an unknown status or a malformed contact id', async () => {
      expect(codeOf(await asAgent('/api/tickets?status=lost').expect(400))).to.equal('VALIDATION_FAILED');
      expect(codeOf(await asAgent('/api/tickets?contact=xyz').expect(400))).to.equal('VALIDATION_FAILED');
    });

    itIsForStaffOnly(() => '/api/tickets');
  });

  describe('GET /api/tickets/:id', () => {
    it('returns the ticket with its history', async () => {
      const response = await asAgent(`/api/tickets/${benTicket.id}`).expect(200);
      expect(response.body).to.include({ number: benTicket.number, status: 'pending', contactId: ben.id });
      expect(response.body.history.map((h: { action: string }) => h.action)).to.deep.equal([
        'created',
        'changed',
      ]);
      expect(response.body.history[1]).to.include({ field: 'status', from: 'open', to: 'pending' });
    });

    it('answers 400 INVALID_ID and 404 NOT_FOUND', async () => {
      expect(codeOf(await asAgent('/api/tickets/T-1001').expect(400))).to.equal('INVALID_ID');
      expect(codeOf(await asAgent(`/api/tickets/${MISSING_ID}`).expect(404))).to.equal('NOT_FOUND');
    });

    itIsForStaffOnly(() => `/api/tickets/${adaTicket.id}`);
  });

  describe('GET /api/conversations/:id/messages', () => {
    it('pages through messages by sequence number', async () => {
      const first = await asAgent(`/api/conversations/${conversation.id}/messages?limit=2`).expect(200);
      expect(first.body.items.map((m: { seq: number }) => m.seq)).to.deep.equal([1, 2]);
      expect(first.body).to.include({ hasMore: true, nextAfterSeq: 2 });
      const rest = await asAgent(`/api/conversations/${conversation.id}/messages?afterSeq=2&limit=10`).expect(
        200,
      );
      expect(rest.body.items.map((m: { text: string }) => m.text)).to.deep.equal([
        'message 3',
        'message 4',
        'message 5',
      ]);
      expect(rest.body).to.include({ hasMore: false, nextAfterSeq: 5 });
    });

    it('answers 400 for a bad id or bad paging, 404 for an unknown conversation', async () => {
      expect(codeOf(await asAgent('/api/conversations/123/messages').expect(400))).to.equal('INVALID_ID');
      const negative = await asAgent(`/api/conversations/${conversation.id}/messages?afterSeq=-1`).expect(
        400,
      );
      expect(codeOf(negative)).to.equal('VALIDATION_FAILED');
      expect(codeOf(await asAgent(`/api/conversations/${MISSING_ID}/messages`).expect(404))).to.equal(
        'NOT_FOUND',
      );
    });

    itIsForStaffOnly(() => `/api/conversations/${conversation.id}/messages`);
  });

  describe('GET /api/audit-events (admins only)', () => {
    before(async () => {
      await db.repositories.audit.record({
        actor: { type: 'user', id: agent.id },
        action: 'contact.updated',
        target: { type: 'contact', id: ada.id },
      });
      await db.repositories.audit.record({
        actor: { type: 'system', id: null },
        action: 'contacts.merged',
        target: { type: 'contact', id: ben.id },
      });
    });

    it('lists events newest first, optionally about one record', async () => {
      const all = await get('/api/audit-events').set('authorization', bearer(admin)).expect(200);
      expect(all.body.items.map((e: { action: string }) => e.action)).to.deep.equal([
        'contacts.merged',
        'contact.updated',
      ]);
      const aboutAda = await get(`/api/audit-events?targetType=contact&targetId=${ada.id}`)
        .set('authorization', bearer(admin))
        .expect(200);
      expect(aboutAda.body.items.map((e: { action: string }) => e.action)).to.deep.equal(['contact.updated']);
    });

    it('answers 400 VALIDATION_FAILED for a target id without a type', async () => {
      const response = await get(`/api/audit-events?targetId=${ada.id}`)
        .set('authorization', bearer(admin))
        .expect(400);
      expect(codeOf(response)).to.equal('VALIDATION_FAILED');
    });

    it('answers 403 FORBIDDEN to an agent', async () => {
      expect(codeOf(await asAgent('/api/audit-events').expect(403))).to.equal('FORBIDDEN');
    });

    itIsForStaffOnly(() => '/api/audit-events');
  });

  describe('GET /api/users (admins only)', () => {
    it('lists staff accounts for an admin, without password hashes', async () => {
      const response = await get('/api/users').set('authorization', bearer(admin)).expect(200);
      expect(response.body.items.map((u: UserRecord) => u.email)).to.deep.equal([
        'admin@shop.test',
        'agent@shop.test',
      ]);
      expect(response.text).not.to.include('passwordHash');
      const agents = await get('/api/users?role=agent').set('authorization', bearer(admin)).expect(200);
      expect(agents.body.total).to.equal(1);
    });

    it('answers 403 FORBIDDEN to an agent', async () => {
      expect(codeOf(await asAgent('/api/users').expect(403))).to.equal('FORBIDDEN');
    });

    it('answers 400 VALIDATION_FAILED for an unknown role filter', async () => {
      const response = await get('/api/users?role=owner').set('authorization', bearer(admin)).expect(400);
      expect(codeOf(response)).to.equal('VALIDATION_FAILED');
    });

    itIsForStaffOnly(() => '/api/users');
  });
});
