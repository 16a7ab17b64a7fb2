import { expect } from 'chai';
import request from 'supertest';
import type { Application } from '../../server/app.ts';
import type { ContactRecord, ConversationRecord, UserRecord } from '../../server/data/records.ts';
import { bearer, buildTestApp, createUser, TEST_SECRET } from '../support/app.ts';
import { startTestDatabase, type TestDatabase } from '../support/database.ts';

const MISSING_ID = '0123456789abcdef01234567';

describe('contacts for staff: claims shown as unverified, and the merge after a check', () => {
  let db: TestDatabase;
  let application: Application;
  let agent: UserRecord;
  let quinn: ContactRecord;
  let visitor: ContactRecord;
  let conversation: ConversationRecord;

  before(async () => {
    db = await startTestDatabase();
    application = buildTestApp({ repositories: db.repositories });
    agent = await createUser(db.repositories, 'agent');
  });
  beforeEach(async () => {
    const tag = `${Date.now()}${Math.floor(Math.random() * 1e6)}`;
    quinn = await db.repositories.contacts.create({
      name: 'Quinn Lindqvist',
      emails: [`quinn.${tag}@example.com`],
      phones: [`+1555${tag.slice(-7)}`],
    });
    visitor = await db.repositories.contacts.create({ visitorIds: [`visitor-${tag}`] });
    conversation = await db.repositories.conversations.create({
      contactId: visitor.id,
      visitorId: `visitor-${tag}`,
    });
    await db.repositories.contacts.addClaim(visitor.id, {
      kind: 'email',
      value: quinn.emails[0]!.toUpperCase(),
      conversationId: conversation.id,
    });
    await db.repositories.contacts.addClaim(visitor.id, {
      kind: 'phone',
      value: '+44 20 7946 0000',
      conversationId: conversation.id,
    });
  });
  after(async () => {
    await application.close();
    await db.stop();
  });

  const codeOf = (response: request.Response) => (response.body as { error: { code: string } }).error.code;
  const merge = (survivorId: string, body: unknown) =>
    request(application.app)
      .post(`/api/contacts/${survivorId}/merge`)
      .send(body as object);

  describe('GET /api/contacts/:id', () => {
    it('marks each claim unverified and says whom it claims to be', async () => {
      const response = await request(application.app)
        .get(`/api/contacts/${visitor.id}`)
        .set('authorization', bearer(agent))
        .expect(200);
      expect(response.body.emails).to.deep.equal([]);
      expect(response.body.claims).to.have.length(2);
      expect(response.body.claims[0]).to.deep.include({
        kind: 'email',
        value: quinn.emails[0],
        conversationId: conversation.id,
        verified: false,
        claimsToBe: { contactId: quinn.id, name: 'Quinn Lindqvist' },
      });
      expect(response.body.claims[1]).to.deep.include({ kind: 'phone', verified: false, claimsToBe: null });
    });

    it('lists, on the claimed customer, who claims to be them', async () => {
      const response = await request(application.app)
        .get(`/api/contacts/${quinn.id}`)
        .set('authorization', bearer(agent))
        .expect(200);
      expect(response.body.claims).to.deep.equal([]);
      expect(response.body.claimedBy).to.deep.equal([
        {
          contactId: visitor.id,
          kind: 'email',
          value: quinn.emails[0],
          at: response.body.claimedBy[0].at,
          conversationId: conversation.id,
        },
      ]);
    });
  });

  describe('POST /api/contacts/:id/merge', () => {
    it('answers 401 UNAUTHENTICATED without a token and merges nothing', async () => {
      expect(codeOf(await merge(quinn.id, { contactId: visitor.id }).expect(401))).to.equal(
        'UNAUTHENTICATED',
      );
      expect((await db.repositories.contacts.findById(visitor.id))!.mergedInto).to.equal(null);
    });

    it('answers 403 FORBIDDEN to a visitor token and merges nothing', async () => {
      const asVisitor = bearer({ id: visitor.visitorIds[0]!, role: 'visitor' }, { secret: TEST_SECRET });
      const response = await merge(quinn.id, { contactId: visitor.id })
        .set('authorization', asVisitor)
        .expect(403);
      expect(codeOf(response)).to.equal('FORBIDDEN');
      expect((await db.repositories.contacts.findById(visitor.id))!.mergedInto).to.equal(null);
    });

    it('folds the visitor into the customer for an agent: records, identities and claims move, audited with the agent', async () => {
      const response = await merge(quinn.id, { contactId: visitor.id })
        .set('authorization', bearer(agent))
        .expect(200);
      expect(response.body.merged).to.deep.include({ survivorId: quinn.id, mergedId: visitor.id });
      expect(response.body.merged.moved).to.include({ conversations: 1, visitorIds: 1, claims: 2 });
      expect(response.body.contact.visitorIds).to.deep.equal(visitor.visitorIds);
      expect(response.body.contact.emails).to.deep.equal(quinn.emails);

      expect((await db.repositories.contacts.findById(visitor.id))!.mergedInto).to.equal(quinn.id);
      expect((await db.repositories.conversations.findById(conversation.id))!.contactId).to.equal(quinn.id);
      const [event] = (await db.repositories.audit.list({ target: { type: 'contact', id: quinn.id } })).items;
      expect(event).to.deep.include({ action: 'contacts.merged', actor: { type: 'user', id: agent.id } });
      // Enough to undo it: the identities and the records that moved.
      expect(event!.data).to.deep.include({
        reason: 'staff',
        mergedId: visitor.id,
        visitorIds: visitor.visitorIds,
        conversationIds: [conversation.id],
        ticketIds: [],
        orderIds: [],
      });
    });

    it('is open to admins', async () => {
      const admin = await createUser(db.repositories, 'admin');
      await merge(quinn.id, { contactId: visitor.id }).set('authorization', bearer(admin)).expect(200);
    });

    it('answers 409 CONFLICT for a contact into itself, an already merged one, or two different shop customers', async () => {
      const same = await merge(quinn.id, { contactId: quinn.id })
        .set('authorization', bearer(agent))
        .expect(409);
      expect(codeOf(same)).to.equal('CONFLICT');
      await merge(quinn.id, { contactId: visitor.id }).set('authorization', bearer(agent)).expect(200);
      const twice = await merge(quinn.id, { contactId: visitor.id })
        .set('authorization', bearer(agent))
        .expect(409);
      expect(codeOf(twice)).to.equal('CONFLICT');

      const a = await db.repositories.contacts.create({});
      const b = await db.repositories.contacts.create({});
      await db.repositories.contacts.linkShopUser(a.id, `shop-a-${a.id}`);
      await db.repositories.contacts.linkShopUser(b.id, `shop-b-${b.id}`);
      const customers = await merge(a.id, { contactId: b.id })
        .set('authorization', bearer(agent))
        .expect(409);
      expect(codeOf(customers)).to.equal('CONFLICT');
    });

    it('answers 400 for a bad id or body, 404 for an unknown contact', async () => {
      const badPath = await merge('nope', { contactId: visitor.id })
        .set('authorization', bearer(agent))
        .expect(400);
      expect(codeOf(badPath)).to.equal('INVALID_ID');
      const badBody = await merge(quinn.id, { contactId: 'nope' })
        .set('authorization', bearer(agent))
        .expect(400);
      expect(codeOf(badBody)).to.equal('VALIDATION_FAILED');
      const extra = await merge(quinn.id, { contactId: visitor.id, force: true })
        .set('authorization', bearer(agent))
        .expect(400);
      expect(codeOf(extra)).to.equal('VALIDATION_FAILED');
      const missing = await merge(quinn.id, { contactId: MISSING_ID })
        .set('authorization', bearer(agent))
        .expect(404);
      expect(codeOf(missing)).to.equal('NOT_FOUND');
    });
  });
});
