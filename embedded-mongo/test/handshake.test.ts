import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import type { CommandStartedEvent } from 'mongodb';

import { NO_AUTH_MESSAGE } from '../src/commands/handshake.ts';
import { rejection, startEngine } from './helpers/engine.ts';
import type { EngineFixture } from './helpers/engine.ts';

describe('embedded engine: handshake, sessions and what a standalone refuses', function () {
  let fixture: EngineFixture;

  before(async function () {
    fixture = await startEngine();
  });
  after(async function () {
    await fixture.close();
  });

  it('is seen by the driver as a standalone MongoDB 7.0', async function () {
    const hello = await fixture.client.db('admin').command({ hello: 1 });
    expect(hello).to.include({
      isWritablePrimary: true,
      maxWireVersion: 21,
      logicalSessionTimeoutMinutes: 30,
    });
    const info = await fixture.client.db('admin').command({ buildInfo: 1 });
    expect(info.version).to.equal('7.0.0');
    expect(info.versionArray).to.deep.equal([7, 0, 0, 0]);
    const fcv = await fixture.client.db('admin').command({ getParameter: 1, featureCompatibilityVersion: 1 });
    expect(fcv.featureCompatibilityVersion).to.deep.equal({ version: '7.0' });
  });

  it('supports explicit sessions (operations carry the lsid)', async function () {
    const session = fixture.client.startSession();
    try {
      await fixture.db.collection('sessions').insertOne({ a: 1 }, { session });
      expect(await fixture.db.collection('sessions').countDocuments({}, { session })).to.equal(1);
    } finally {
      await session.endSession();
    }
  });

  it('refuses transactions with IllegalOperation, as a real standalone does', async function () {
    const session = fixture.client.startSession();
    try {
      session.startTransaction();
      const error = await rejection(fixture.db.collection('tx').insertOne({ a: 1 }, { session }));
      // The driver rewrites code 20 into its retryable-writes advice and keeps the server's error.
      expect(error.message).to.match(/does not support retryable writes/);
      expect((error.originalError as { code?: number } | undefined)?.code).to.equal(20);
      await session.abortTransaction().catch(() => {});
    } finally {
      await session.endSession();
    }
    expect(await fixture.db.collection('tx').countDocuments()).to.equal(0);
  });

  it('refuses credentials with a message that says what to do', async function () {
    const url = new URL(fixture.engine.uri);
    url.username = 'user';
    url.password = 'secret';
    const client = new MongoClient(url.toString(), { serverSelectionTimeoutMS: 2000 });
    try {
      const error = await rejection(client.connect());
      expect(error.message).to.contain(NO_AUTH_MESSAGE);
    } finally {
      await client.close();
    }
  });

  it('answers an unknown command with code 59', async function () {
    const error = await rejection(fixture.db.command({ notACommand: 1 }));
    expect(error.code).to.equal(59);
    expect(error.codeName).to.equal('CommandNotFound');
  });

  it('speaks zlib with a driver that asks for it', async function () {
    const client = new MongoClient(fixture.engine.uri, { compressors: ['zlib'], monitorCommands: true });
    const seen: CommandStartedEvent[] = [];
    client.on('commandStarted', (event) => seen.push(event));
    try {
      await client.connect();
      const hello = await client.db('admin').command({ hello: 1, compression: ['zlib', 'snappy'] });
      expect(hello.compression).to.deep.equal(['zlib']);
      await client
        .db('zip')
        .collection('c')
        .insertOne({ text: 'x'.repeat(10_000) });
      const doc = await client.db('zip').collection('c').findOne();
      expect(doc?.text).to.have.length(10_000);
      expect(seen.map((event) => event.commandName)).to.include('insert');
    } finally {
      await client.close();
    }
  });

  it('does not offer compression to a client that did not ask', async function () {
    const hello = await fixture.client.db('admin').command({ hello: 1 });
    expect(hello).to.not.have.property('compression');
  });

  it('lists databases and collections and drops them', async function () {
    const db = fixture.client.db('catalog_spec');
    await db.createCollection('a');
    const duplicate = await rejection(db.createCollection('a'));
    expect(duplicate.code).to.equal(48);
    await db.collection('b').insertOne({ x: 1 });
    const names = (await db.listCollections().toArray()).map((info) => info.name).sort();
    expect(names).to.deep.equal(['a', 'b']);
    const { databases } = await fixture.client.db('admin').admin().listDatabases();
    expect(databases.map((info) => info.name)).to.include('catalog_spec');
    expect(await db.collection('a').drop()).to.equal(true);
    await db.dropDatabase();
    const after = await fixture.client.db('admin').admin().listDatabases();
    expect(after.databases.map((info) => info.name)).to.not.include('catalog_spec');
  });

  it('reports server, database and collection statistics', async function () {
    const db = fixture.client.db('stats_spec');
    await db.collection('c').insertMany([{ a: 1 }, { a: 2 }]);
    const status = await db.admin().serverStatus();
    expect(status.version).to.equal('7.0.0');
    expect(status.connections.current).to.be.greaterThan(0);
    const dbStats = await db.stats();
    expect(dbStats).to.include({ collections: 1, objects: 2 });
    const collStats = await db.command({ collStats: 'c' });
    expect(collStats).to.include({ count: 2, nindexes: 1 });
  });
});
