import { expect } from 'chai';
import { Types } from 'mongoose';
import { batchedInsert } from '../../server/data/chat/batched-insert.ts';
import { startTestDatabase, type TestDatabase } from '../support/database.ts';

describe('batched message inserts', () => {
  let db: TestDatabase;

  before(async () => {
    db = await startTestDatabase();
  });
  after(async () => {
    await db.stop();
  });

  function message(conversation: Types.ObjectId, seq: number, clientMessageId?: string) {
    return {
      _id: new Types.ObjectId(),
      conversation,
      seq,
      sender: 'visitor',
      senderId: null,
      text: `message ${seq}`,
      nlp: null,
      suggestions: null,
      ticket: null,
      createdAt: new Date(),
      ...(clientMessageId ? { clientMessageId } : {}),
    };
  }

  it('stores the documents requested in one turn, and fails only the one a unique index refuses', async () => {
    const collection = db.database.models.Message.collection;
    const insert = batchedInsert(collection);
    const conversation = new Types.ObjectId();
    await insert(message(conversation, 1, 'c-1'));

    const results = await Promise.allSettled([
      insert(message(conversation, 2, 'c-2')),
      insert(message(conversation, 3, 'c-1')), // resent clientMessageId
      insert(message(conversation, 4, 'c-4')),
    ]);
    expect(results.map((r) => r.status)).to.deep.equal(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).to.have.property('code', 11000);
    const stored = await collection.find({ conversation }).sort({ seq: 1 }).toArray();
    expect(stored.map((m) => m.clientMessageId)).to.deep.equal(['c-1', 'c-2', 'c-4']);
  });
});
