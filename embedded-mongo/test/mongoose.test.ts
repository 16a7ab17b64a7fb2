import { expect } from 'chai';
import mongoose from 'mongoose';
import type { Connection } from 'mongoose';

import { startTestDatabase } from './helpers/database.ts';
import type { TestDatabase } from './helpers/database.ts';

interface Customer {
  email: string;
  name: string;
  tier: string;
  visits: number;
  tags: string[];
}

interface Order {
  customerEmail: string;
  total: number;
  status: string;
}

interface Profile {
  email: string;
  locale: string;
  visits: number;
  createdAt?: Date;
  updatedAt?: Date;
}

const customerSchema = new mongoose.Schema<Customer>({
  email: { type: String, required: true, unique: true },
  name: String,
  tier: { type: String, default: 'standard' },
  visits: { type: Number, default: 0 },
  tags: [String],
});

const orderSchema = new mongoose.Schema<Order>({
  customerEmail: { type: String, index: true },
  total: Number,
  status: String,
});

const profileSchema = new mongoose.Schema<Profile>(
  { email: { type: String, unique: true }, locale: { type: String, default: 'en' }, visits: Number },
  { timestamps: true },
);

function modelsOn(connection: Connection) {
  return {
    Customers: connection.model('Customer', customerSchema),
    Orders: connection.model('Order', orderSchema),
    Profiles: connection.model('Profile', profileSchema),
  };
}

type Models = ReturnType<typeof modelsOn>;

describe('mongoose 9 against the embedded engine', function () {
  let database: TestDatabase;
  let connection: Connection;
  let Customers: Models['Customers'];
  let Orders: Models['Orders'];
  let Profiles: Models['Profiles'];

  before(async function () {
    database = await startTestDatabase();
    connection = await mongoose.createConnection(database.uri).asPromise();
    ({ Customers, Orders, Profiles } = modelsOn(connection));
    await Promise.all([Customers.init(), Orders.init(), Profiles.init()]);
  });

  after(async function () {
    await connection?.dropDatabase();
    await connection?.close();
    await database?.stop();
  });

  beforeEach(async function () {
    await Promise.all([Customers.deleteMany({}), Orders.deleteMany({}), Profiles.deleteMany({})]);
  });

  async function seedCustomers(): Promise<void> {
    await Customers.insertMany([
      { email: 'ada@example.com', name: 'Ada', tier: 'gold', visits: 5, tags: ['vip', 'early'] },
      { email: 'bob@example.com', name: 'Bob', visits: 2, tags: ['early'] },
      { email: 'cyd@example.com', name: 'Cyd', tier: 'gold', visits: 9, tags: [] },
      { email: 'dan@example.com', name: 'Dan', visits: 1, tags: ['vip'] },
    ]);
  }

  it('creates a document with defaults and an ObjectId', async function () {
    const created = await Customers.create({ email: 'eve@example.com', name: 'Eve' });
    const found = await Customers.findById(created._id).lean();
    expect(found).to.include({ email: 'eve@example.com', tier: 'standard', visits: 0 });
    expect(String(found?._id)).to.equal(String(created._id));
  });

  it('inserts many and finds them with sort, skip, limit and select', async function () {
    await seedCustomers();
    const page = await Customers.find({}, { name: 1, visits: 1, _id: 0 })
      .sort({ visits: -1 })
      .skip(1)
      .limit(2)
      .lean();
    expect(page).to.deep.equal([
      { name: 'Ada', visits: 5 },
      { name: 'Bob', visits: 2 },
    ]);
  });

  it('upserts with findOneAndUpdate, applying defaults and timestamps on insert only', async function () {
    const first = await Profiles.findOneAndUpdate(
      { email: 'new@example.com' },
      { $inc: { visits: 1 } },
      { upsert: true, returnDocument: 'after', setDefaultsOnInsert: true },
    ).lean();
    expect(first).to.include({ email: 'new@example.com', locale: 'en', visits: 1 });
    expect(first?.createdAt).to.be.instanceOf(Date);
    const second = await Profiles.findOneAndUpdate(
      { email: 'new@example.com' },
      { $inc: { visits: 1 } },
      { upsert: true, returnDocument: 'after' },
    ).lean();
    expect(second?.visits).to.equal(2);
    expect(second?.createdAt?.getTime()).to.equal(first?.createdAt?.getTime());
    expect(second?.updatedAt?.getTime()).to.be.at.least(first!.updatedAt!.getTime());
    expect(await Profiles.countDocuments()).to.equal(1);
  });

  it('updates many and reports matched and modified counts', async function () {
    await seedCustomers();
    const result = await Customers.updateMany({ tier: 'gold' }, { $set: { tier: 'platinum' } });
    expect(result.matchedCount).to.equal(2);
    expect(result.modifiedCount).to.equal(2);
    const again = await Customers.updateMany({ tier: 'platinum' }, { $set: { tier: 'platinum' } });
    expect(again.matchedCount).to.equal(2);
    expect(again.modifiedCount).to.equal(0);
  });

  it('deletes many by filter', async function () {
    await seedCustomers();
    const result = await Customers.deleteMany({ visits: { $lt: 3 } });
    expect(result.deletedCount).to.equal(2);
    expect(await Customers.countDocuments()).to.equal(2);
  });

  it('counts documents with a filter and estimates the collection size', async function () {
    await seedCustomers();
    expect(await Customers.countDocuments({ tags: 'vip' })).to.equal(2);
    expect(await Customers.countDocuments({ tier: 'nobody' })).to.equal(0);
    expect(await Customers.estimatedDocumentCount()).to.equal(4);
  });

  it('lists distinct values, unwinding arrays', async function () {
    await seedCustomers();
    const tags = await Customers.distinct('tags');
    expect([...tags].sort()).to.deep.equal(['early', 'vip']);
  });

  it('aggregates with $lookup, $unwind and $group', async function () {
    await seedCustomers();
    await Orders.insertMany([
      { customerEmail: 'ada@example.com', total: 30, status: 'paid' },
      { customerEmail: 'ada@example.com', total: 12, status: 'paid' },
      { customerEmail: 'bob@example.com', total: 7, status: 'paid' },
      { customerEmail: 'bob@example.com', total: 99, status: 'refunded' },
    ]);
    const totals = await Orders.aggregate<{ _id: string; spent: number; orders: number }>([
      { $match: { status: 'paid' } },
      { $lookup: { from: 'customers', localField: 'customerEmail', foreignField: 'email', as: 'customer' } },
      { $unwind: '$customer' },
      { $group: { _id: '$customer.name', spent: { $sum: '$total' }, orders: { $sum: 1 } } },
      { $sort: { spent: -1 } },
    ]);
    expect(totals).to.deep.equal([
      { _id: 'Ada', spent: 42, orders: 2 },
      { _id: 'Bob', spent: 7, orders: 1 },
    ]);
  });

  it("turns a unique index violation into mongoose's duplicate-key error", async function () {
    await Customers.create({ email: 'dup@example.com', name: 'First' });
    let caught: unknown;
    try {
      await Customers.create({ email: 'dup@example.com', name: 'Second' });
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(Error);
    const error = caught as { code?: number; keyValue?: unknown; keyPattern?: unknown; message: string };
    expect(error.code).to.equal(11000);
    expect(error.keyValue).to.deep.equal({ email: 'dup@example.com' });
    expect(error.keyPattern).to.deep.equal({ email: 1 });
    expect(error.message).to.match(
      /E11000 duplicate key error collection: \S+\.customers index: email_1 dup key/,
    );
  });

  it('saves changes to an existing document', async function () {
    const customer = await Customers.create({ email: 'sav@example.com', name: 'Sav' });
    customer.visits = 4;
    customer.tags.push('returning');
    await customer.save();
    const reloaded = await Customers.findById(customer._id).lean();
    expect(reloaded).to.include({ visits: 4 });
    expect(reloaded?.tags).to.deep.equal(['returning']);
  });

  it('iterates a large result through getMore batches', async function () {
    await Orders.insertMany(
      Array.from({ length: 250 }, (_, i) => ({ customerEmail: `c${i}@x.io`, total: i, status: 'paid' })),
    );
    let seen = 0;
    for await (const order of Orders.find().sort({ total: 1 }).batchSize(40).lean().cursor()) {
      expect(order.total).to.equal(seen);
      seen++;
    }
    expect(seen).to.equal(250);
  });
});
