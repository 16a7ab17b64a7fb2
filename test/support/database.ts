import { randomBytes } from 'node:crypto';
import { startEmbeddedMongo } from '../../embedded-mongo/index.ts';
import { connectDatabase, type Database } from '../../server/data/connection.ts';
import { createRepositories, type Repositories } from '../../server/data/repositories/index.ts';

export interface TestDatabase {
  uri: string;
  dbName: string;
  database: Database;
  repositories: Repositories;
  /** Drops the database (real MongoDB) or stops the in-memory engine, and closes the connection. */
  stop(): Promise<void>;
}

/**
 * A fresh, empty database with every index: the in-memory embedded engine, or the MongoDB at
 * TEST_MONGODB_URI under a unique name that is dropped afterwards.
 */
export async function startTestDatabase(): Promise<TestDatabase> {
  const dbName = `concierge_test_${randomBytes(6).toString('hex')}`;
  const external = process.env.TEST_MONGODB_URI;
  const engine = external === undefined ? await startEmbeddedMongo() : undefined;
  const uri = external ?? engine!.uri;
  let database: Database;
  try {
    database = await connectDatabase(uri, { dbName, serverSelectionTimeoutMS: 5000 });
  } catch (error) {
    await engine?.stop();
    throw error;
  }
  return {
    uri,
    dbName,
    database,
    repositories: createRepositories(database.models),
    async stop() {
      try {
        if (external !== undefined) await database.connection.dropDatabase();
      } finally {
        await database.close();
        await engine?.stop();
      }
    },
  };
}
