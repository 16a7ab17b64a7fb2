import { expect } from 'chai';
import type { ContactRecord } from '../../../server/data/records.ts';
import { createContactRepository } from '../../../server/data/repositories/contacts.ts';
import { AppError } from '../../../server/shared/errors.ts';
import { startTestDatabase, type TestDatabase } from '../../support/database.ts';
import { planStages, recordingFinds } from '../../support/query-plans.ts';

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return error instanceof AppError ? error.code : `not an AppError: ${String(error)}`;
  }
  return undefined;
}

describe('repositories', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await startTestDatabase();
  });
  afterEach(async () => {
    await db.stop();
  });

  describe('contacts', () => {
    it('normalise and deduplicate emails and phones on creation', async () => {
      const contact = await db.repositories.contacts.create({
        emails: ['Ada@Example.com', 'ada@example.com '],
        phones: ['+1 (555) 010-0001', '+15550100001'],
      });
      expect(contact.emails).to.deep.equal(['ada@example.com']);
      expect(contact.phones).to.deep.equal(['+15550100001']);
    });

    it('let any number of contacts have no email, phone or visitor id', async () => {
      for (let i = 0; i < 3; i += 1) await db.repositories.contacts.create({ name: `Anonymous ${i}` });
      expect((await db.repositories.contacts.list()).total).to.equal(3);
    });

    it('refuse a second contact with the same email, phone or visitor id (ALREADY_EXISTS)', async () => {
      await db.repositories.contacts.create({
        emails: ['ada@example.com'],
        phones: ['+15550100001'],
        visitorIds: ['v-1'],
      });
      const { contacts } = db.repositories;
      expect(await codeOf(contacts.create({ emails: ['ADA@example.com'] }))).to.equal('ALREADY_EXISTS');
      expect(await codeOf(contacts.create({ phones: ['+1 555 010 0001'] }))).to.equal('ALREADY_EXISTS');
      expect(await codeOf(contacts.create({ visitorIds: ['v-1'] }))).to.equal('ALREADY_EXISTS');
    });

    it('add details to a contact idempotently, refusing one that belongs to another contact', async () => {
      const ada = await db.repositories.contacts.create({ name: 'Ada' });
      const ben = await db.repositories.contacts.create({ name: 'Ben', emails: ['ben@example.com'] });
      await db.repositories.contacts.addEmail(ada.id, 'ADA@example.com');
      const again = await db.repositories.contacts.addEmail(ada.id, 'ada@example.com');
      expect(again!.emails).to.deep.equal(['ada@example.com']);
      expect(await codeOf(db.repositories.contacts.addEmail(ada.id, 'ben@example.com'))).to.equal(
        'ALREADY_EXISTS',
      );
      expect(await codeOf(db.repositories.contacts.addPhone(ben.id, 'not a phone'))).to.equal(
        'VALIDATION_FAILED',
      );
      expect((await db.repositories.contacts.findByEmail('Ben@Example.com'))!.id).to.equal(ben.id);
    });

    it('find or create the contact of a visitor exactly once, even when called concurrently', async () => {
      const results = await Promise.all(
        Array.from({ length: 5 }, () => db.repositories.contacts.findOrCreateByVisitorId('visitor-42')),
      );
      expect(new Set(results.map((contact: ContactRecord) => contact.id)).size).to.equal(1);
      expect((await db.repositories.contacts.list()).total).to.equal(1);
    });

    it('find and list contacts by email, phone, visitor id or shop user id from the unique index, not a scan', async () => {
      const { Contact } = db.database.models;
      const spied = recordingFinds(Contact);
      const contacts = createContactRepository({ ...db.database.models, Contact: spied.model });
      const ada = await contacts.create({
        emails: ['ada@example.com'],
        phones: ['+15550100001'],
        visitorIds: ['v-ada'],
      });
      await contacts.linkShopUser(ada.id, 'shop-ada');
      await contacts.create({ name: 'No keys' });
      const found = await Promise.all([
        contacts.findByEmail('Ada@Example.com'),
        contacts.findByPhone('+1 555 010 0001'),
        contacts.findByVisitorId('v-ada'),
        contacts.findByShopUserId('shop-ada'),
      ]);
      expect(found.map((contact) => contact?.id)).to.deep.equal([ada.id, ada.id, ada.id, ada.id]);
      expect(await contacts.findByEmail('nobody@example.com')).to.equal(null);
      const listed = await Promise.all([
        contacts.list({ email: 'ADA@example.com' }),
        contacts.list({ phone: '+15550100001' }),
      ]);
      expect(listed.map((page) => page.items.map((contact) => contact.id))).to.deep.equal([
        [ada.id],
        [ada.id],
      ]);
      // A visitor's connection and identify look a contact up: a scan would grow with the contacts.
      expect(spied.filters).to.have.length(7);
      for (const filter of spied.filters) {
        expect(await planStages(Contact, filter), JSON.stringify(filter))
          .to.include('IXSCAN')
          .and.not.include('COLLSCAN');
      }
    });

    it('update attributes by key and refuse keys that would write elsewhere', async () => {
      const contact = await db.repositories.contacts.create({ attributes: { tier: 'gold' } });
      const updated = await db.repositories.contacts.update(contact.id, { attributes: { language: 'en' } });
      expect(updated!.attributes).to.deep.equal({ tier: 'gold', language: 'en' });
      const bad = db.repositories.contacts.update(contact.id, { attributes: { 'a.b': 1 } });
      expect(await codeOf(bad)).to.equal('VALIDATION_FAILED');
      expect(await codeOf(db.repositories.contacts.update(contact.id, { attributes: { $set: 1 } }))).to.equal(
        'VALIDATION_FAILED',
      );
    });
  });

  describe('conversations and messages', () => {
    it('allocate increasing sequence numbers without duplicates under concurrency', async () => {
      const contact = await db.repositories.contacts.create();
      const conversation = await db.repositories.conversations.create({ contactId: contact.id });
      const appended = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          db.repositories.messages.append({
            conversationId: conversation.id,
            sender: 'visitor',
            text: `m${i}`,
          }),
        ),
      );
      const seqs = appended.map((result) => result.message.seq).sort((a, b) => a - b);
      expect(seqs).to.deep.equal(Array.from({ length: 20 }, (_, i) => i + 1));
      expect((await db.repositories.conversations.findById(conversation.id))!.lastSeq).to.equal(20);
    });

    it('store a resent clientMessageId once and return the original', async () => {
      const contact = await db.repositories.contacts.create();
      const conversation = await db.repositories.conversations.create({ contactId: contact.id });
      const send = () =>
        db.repositories.messages.append({
          conversationId: conversation.id,
          sender: 'visitor',
          text: 'where is my order?',
          clientMessageId: 'c-1',
        });
      const results = await Promise.all([send(), send(), send()]);
      expect(results.filter((result) => !result.duplicate)).to.have.length(1);
      expect(new Set(results.map((result) => result.message.id)).size).to.equal(1);
      // Bot messages carry no clientMessageId and never collide with each other.
      await db.repositories.messages.append({ conversationId: conversation.id, sender: 'bot', text: 'a' });
      await db.repositories.messages.append({ conversationId: conversation.id, sender: 'bot', text: 'b' });
      const page = await db.repositories.messages.listAfterSeq(conversation.id, 0, 10);
      expect(page.items.map((message) => message.text)).to.deep.equal(['where is my order?', 'a', 'b']);
    });

    it('change status only from the expected status (compare-and-set)', async () => {
      const contact = await db.repositories.contacts.create();
      const conversation = await db.repositories.conversations.create({ contactId: contact.id });
      const { conversations } = db.repositories;
      await conversations.changeOwner(
        conversation.id,
        { status: 'bot' },
        { status: 'waiting_agent', escalatedAt: new Date() },
      );
      const [first, second] = await Promise.all([
        conversations.changeOwner(conversation.id, { status: 'waiting_agent' }, { status: 'agent' }),
        conversations.changeOwner(conversation.id, { status: 'waiting_agent' }, { status: 'agent' }),
      ]);
      expect([first, second].filter((result) => result !== null)).to.have.length(1);
    });

    it('refuse a plain patch that tries to write the status or the assignee', async () => {
      const contact = await db.repositories.contacts.create();
      const conversation = await db.repositories.conversations.create({ contactId: contact.id });
      const smuggled = { topic: null, status: 'agent' } as unknown as { topic: null };
      let refused: unknown;
      await db.repositories.conversations
        .update(conversation.id, smuggled)
        .catch((e: unknown) => (refused = e));
      expect(String(refused)).to.match(/only the ownership module changes status/);
      expect((await db.repositories.conversations.findById(conversation.id))!.status).to.equal('bot');
    });

    it('list the waiting queue by escalation time with the limit applied after the sort', async () => {
      const contact = await db.repositories.contacts.create();
      const { conversations } = db.repositories;
      const ids: string[] = [];
      // Created (and so last updated) in the opposite order of their escalation.
      for (let i = 0; i < 5; i += 1) {
        const conversation = await conversations.create({ contactId: contact.id });
        await conversations.changeOwner(
          conversation.id,
          { status: 'bot' },
          { status: 'waiting_agent', escalatedAt: new Date(2_000_000 - i) },
        );
        ids.push(conversation.id);
      }
      const waiting = await conversations.listWaiting(2);
      expect(waiting.map((c) => c.id)).to.deep.equal([ids[4], ids[3]]);
    });

    it('tell a waiting conversation its place in the queue', async () => {
      const contact = await db.repositories.contacts.create();
      const { conversations } = db.repositories;
      const ids: string[] = [];
      for (let i = 0; i < 3; i += 1) {
        const conversation = await conversations.create({ contactId: contact.id });
        await conversations.changeOwner(
          conversation.id,
          { status: 'bot' },
          { status: 'waiting_agent', escalatedAt: new Date(1_000_000 + i) },
        );
        ids.push(conversation.id);
      }
      expect(await Promise.all(ids.map((id) => conversations.queuePosition(id)))).to.deep.equal([1, 2, 3]);
      await conversations.changeOwner(ids[0]!, { status: 'waiting_agent' }, { status: 'agent' });
      expect(await conversations.queuePosition(ids[2]!)).to.equal(2);
      expect(await conversations.queuePosition(ids[0]!)).to.equal(null);
    });
  });

  describe('tickets', () => {
    it('number tickets T-1001, T-1002… without duplicates under concurrency', async () => {
      const contact = await db.repositories.contacts.create();
      const tickets = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          db.repositories.tickets.create({
            contactId: contact.id,
            category: 'returns',
            subject: `s${i}`,
            actor: 'bot',
          }),
        ),
      );
      const numbers = tickets.map((ticket) => Number(ticket.number.slice(2))).sort((a, b) => a - b);
      expect(numbers).to.deep.equal(Array.from({ length: 10 }, (_, i) => 1001 + i));
    });

    it('set the SLA from the priority and record every change in the history', async () => {
      const contact = await db.repositories.contacts.create();
      const opened = new Date('2026-11-25T10:00:00Z');
      const ticket = await db.repositories.tickets.create(
        {
          contactId: contact.id,
          category: 'payment',
          subject: 'Charged twice',
          priority: 'high',
          actor: 'bot',
        },
        opened,
      );
      expect(ticket.slaDueAt!.toISOString()).to.equal('2026-11-25T18:00:00.000Z');
      const updated = await db.repositories.tickets.update(
        ticket.id,
        { status: 'resolved', priority: 'high' },
        'user:abc',
        'refunded',
      );
      expect(
        updated!.history.map((entry) => [entry.action, entry.field, entry.from, entry.to]),
      ).to.deep.equal([
        ['created', null, null, null],
        ['changed', 'status', 'open', 'resolved'],
        ['note', null, null, null],
      ]);
      expect(
        await codeOf(db.repositories.tickets.update(ticket.id, { status: 'lost' as never }, 'x')),
      ).to.equal('VALIDATION_FAILED');
    });

    it('append a note in one write, keeping the fields and the earlier history', async () => {
      const contact = await db.repositories.contacts.create();
      const ticket = await db.repositories.tickets.create({
        contactId: contact.id,
        category: 'return',
        subject: 'Return',
        actor: 'bot',
      });
      const at = new Date('2026-12-04T12:00:00Z');
      const noted = await db.repositories.tickets.addNote(ticket.id, 'visitor:v1', 'still waiting', at);
      expect(noted).to.deep.include({ number: ticket.number, status: 'open', subject: 'Return' });
      expect(noted!.history.map((entry) => [entry.action, entry.actor, entry.note])).to.deep.equal([
        ['created', 'bot', null],
        ['note', 'visitor:v1', 'still waiting'],
      ]);
      expect(noted!.history[1]!.at.toISOString()).to.equal(at.toISOString());
      expect(await db.repositories.tickets.addNote(ticket.id, 'x', '   ')).to.deep.equal(noted);
      const missing = '0123456789abcdef01234567';
      expect(await db.repositories.tickets.addNote(missing, 'x', 'note')).to.equal(null);
    });
  });

  describe('users', () => {
    it('store emails lowercased, refuse duplicates and never return the hash except for login', async () => {
      const { users } = db.repositories;
      const user = await users.create({
        email: 'Agent@Shop.test',
        name: 'A',
        passwordHash: 'scrypt$x',
        role: 'agent',
      });
      expect(user).not.to.have.property('passwordHash');
      expect(user.email).to.equal('agent@shop.test');
      expect(
        await codeOf(users.create({ email: 'agent@shop.test', name: 'B', passwordHash: 'h', role: 'admin' })),
      ).to.equal('ALREADY_EXISTS');
      expect((await users.findCredentials('AGENT@shop.test'))!.passwordHash).to.equal('scrypt$x');
    });
  });

  describe('counters and meta', () => {
    it('claim a meta key for exactly one caller', async () => {
      const claims = await Promise.all([1, 2, 3].map((n) => db.repositories.meta.claim('once', n)));
      expect(claims.filter(Boolean)).to.have.length(1);
    });
  });
});
