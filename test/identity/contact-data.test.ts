import { expect } from 'chai';
import { MAX_CLAIMS } from '../../server/data/models/contact.ts';
import { startTestDatabase, type TestDatabase } from '../support/database.ts';

describe('contact identity data', () => {
  let db: TestDatabase;
  before(async () => {
    db = await startTestDatabase();
  });
  after(async () => {
    await db.stop();
  });

  describe('claims', () => {
    it('are normalised, kept apart from the verified details, refreshed when repeated', async () => {
      const contact = await db.repositories.contacts.create({});
      const conversation = await db.repositories.conversations.create({
        contactId: contact.id,
        visitorId: 'v-1',
      });
      const first = new Date('2026-12-01T10:00:00Z');
      const later = new Date('2026-12-02T10:00:00Z');
      await db.repositories.contacts.addClaim(
        contact.id,
        { kind: 'email', value: ' Ann@Example.COM', conversationId: null },
        first,
      );
      await db.repositories.contacts.addClaim(
        contact.id,
        { kind: 'phone', value: '+1 (555) 010-0001', conversationId: null },
        first,
      );
      const updated = await db.repositories.contacts.addClaim(
        contact.id,
        { kind: 'email', value: 'ann@example.com', conversationId: conversation.id },
        later,
      );
      expect(updated!.emails).to.deep.equal([]);
      expect(updated!.phones).to.deep.equal([]);
      expect(updated!.claims).to.deep.equal([
        { kind: 'email', value: 'ann@example.com', at: later, conversationId: conversation.id },
        { kind: 'phone', value: '+15550100001', at: first, conversationId: null },
      ]);
    });

    it('may repeat a detail another contact holds as verified: no unique index applies to claims', async () => {
      const owner = await db.repositories.contacts.create({ emails: ['owner@example.com'] });
      const a = await db.repositories.contacts.create({});
      const b = await db.repositories.contacts.create({});
      for (const contact of [a, b]) {
        await db.repositories.contacts.addClaim(contact.id, {
          kind: 'email',
          value: 'owner@example.com',
          conversationId: null,
        });
      }
      expect((await db.repositories.contacts.findByEmail('owner@example.com'))!.id).to.equal(owner.id);
      const claimants = await db.repositories.contacts.findClaimants(['owner@example.com'], owner.id);
      expect(claimants.map((c) => c.id)).to.have.members([a.id, b.id]);
    });

    it(`keep the newest ${MAX_CLAIMS} and refuse text that is not an email or phone`, async () => {
      const contact = await db.repositories.contacts.create({});
      for (let i = 0; i < MAX_CLAIMS + 3; i += 1) {
        await db.repositories.contacts.addClaim(contact.id, {
          kind: 'email',
          value: `n${i}@example.com`,
          conversationId: null,
        });
      }
      const claims = (await db.repositories.contacts.findById(contact.id))!.claims;
      expect(claims).to.have.length(MAX_CLAIMS);
      expect(claims[0]!.value).to.equal('n3@example.com');
      let refused: unknown;
      await db.repositories.contacts
        .addClaim(contact.id, { kind: 'email', value: 'not an email', conversationId: null })
        .catch((error: unknown) => (refused = error));
      expect(refused).to.have.property('code', 'VALIDATION_FAILED');
    });
  });

  describe('shop user ids', () => {
    it('link one contact per shop customer, only a contact without one', async () => {
      const a = await db.repositories.contacts.create({});
      const b = await db.repositories.contacts.create({});
      const c = await db.repositories.contacts.create({});
      expect((await db.repositories.contacts.linkShopUser(a.id, 'user-1'))!.shopUserId).to.equal('user-1');
      let duplicate: unknown;
      await db.repositories.contacts
        .linkShopUser(b.id, 'user-1')
        .catch((error: unknown) => (duplicate = error));
      expect(duplicate).to.have.property('code', 'ALREADY_EXISTS');
      expect(await db.repositories.contacts.linkShopUser(a.id, 'user-2')).to.equal(null);
      // Contacts without one do not collide with each other.
      expect((await db.repositories.contacts.linkShopUser(c.id, 'user-3'))!.shopUserId).to.equal('user-3');
      expect((await db.repositories.contacts.findByShopUserId('user-1'))!.id).to.equal(a.id);
    });

    it('move with a merge, with the claims; the merged contact keeps none', async () => {
      const survivor = await db.repositories.contacts.create({ emails: ['s@example.com'] });
      const merged = await db.repositories.contacts.create({ visitorIds: ['v-merge'] });
      await db.repositories.contacts.linkShopUser(merged.id, 'user-merge');
      await db.repositories.contacts.addClaim(merged.id, {
        kind: 'phone',
        value: '+15550100009',
        conversationId: null,
      });
      const result = await db.repositories.contacts.merge(
        survivor.id,
        merged.id,
        { type: 'user', id: 'u' },
        'staff',
      );
      expect(result.moved).to.include({ visitorIds: 1, claims: 1 });
      const after = (await db.repositories.contacts.findById(survivor.id))!;
      expect(after).to.include({ shopUserId: 'user-merge' });
      expect(after.claims.map((c) => c.value)).to.deep.equal(['+15550100009']);
      const gone = (await db.repositories.contacts.findById(merged.id))!;
      expect(gone).to.include({ shopUserId: null, mergedInto: survivor.id });
      expect(gone.claims).to.deep.equal([]);
    });
  });

  describe('order checks', () => {
    it('count the distinct order numbers a visitor sent in the window, once each', async () => {
      const now = new Date('2026-12-05T12:00:00Z');
      const hourAgo = new Date(now.getTime() - 3600_000);
      const { orderChecks } = db.repositories;
      await orderChecks.recordMention(
        'v-enum',
        'ORD-1',
        new Date(now.getTime() - 2 * 3600_000),
        new Date(now.getTime() - 2 * 3600_000),
      );
      await orderChecks.recordMention('v-enum', 'ORD-2', hourAgo, now);
      await orderChecks.recordMention('v-enum', 'ORD-2', hourAgo, now);
      await orderChecks.recordMention('v-enum', 'ORD-3', hourAgo, now);
      await orderChecks.recordMention('v-other', 'ORD-4', hourAgo, now);
      expect((await orderChecks.mentionedSince('v-enum', hourAgo)).sort()).to.deep.equal(['ORD-2', 'ORD-3']);
    });

    it('count failed number + email checks by visitor and by order in the window', async () => {
      const now = new Date('2026-12-05T12:00:00Z');
      const { orderChecks } = db.repositories;
      await orderChecks.recordFailedVerification('v-f1', 'ORD-9', now);
      await orderChecks.recordFailedVerification('v-f2', 'ORD-9', now);
      await orderChecks.recordFailedVerification('v-f1', 'ORD-8', now);
      await orderChecks.recordFailedVerification('v-f1', 'ORD-8', new Date(now.getTime() - 2 * 3600_000));
      const since = new Date(now.getTime() - 3600_000);
      expect(await orderChecks.failedVerificationsSince('v-f1', 'ORD-9', since)).to.deep.equal({
        byVisitor: 2,
        byOrder: 2,
      });
    });
  });
});
