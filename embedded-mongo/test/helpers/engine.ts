import { randomBytes } from 'node:crypto';

import { MongoClient } from 'mongodb';
import type { Db, Document, MongoClientOptions, ObjectId } from 'mongodb';

import { startEmbeddedMongo } from '../../index.ts';
import type { EmbeddedMongo, EmbeddedMongoOptions } from '../../index.ts';

/** Test documents with any `_id` type (the driver's default schema types `_id` as ObjectId). */
export interface LooseDocument {
  _id?: number | string | ObjectId | Document;
  /** A numeric field many specs increment. */
  n?: number;
  [field: string]: unknown;
}

export interface EngineFixture {
  engine: EmbeddedMongo;
  client: MongoClient;
  /** A database with a name unique to this fixture. */
  db: Db;
  close(): Promise<void>;
}

/** An in-memory engine on an ephemeral loopback port, with a connected driver client. */
export async function startEngine(
  options: EmbeddedMongoOptions = {},
  clientOptions: MongoClientOptions = {},
): Promise<EngineFixture> {
  const engine = await startEmbeddedMongo(options);
  const client = await MongoClient.connect(engine.uri, { serverSelectionTimeoutMS: 2000, ...clientOptions });
  const db = client.db(`test_${randomBytes(4).toString('hex')}`);
  return {
    engine,
    client,
    db,
    async close() {
      await client.close();
      await engine.stop();
    },
  };
}

/** The error a promise rejects with; fails the test if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the operation to fail, but it succeeded');
}
