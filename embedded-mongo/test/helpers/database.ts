import { randomBytes } from 'node:crypto';

import { startEmbeddedMongo } from '../../index.ts';
import type { EmbeddedMongoOptions } from '../../index.ts';

export interface TestDatabase {
  /** A connection string ending in a database name unique to this run. */
  uri: string;
  dbName: string;
  /** Whether this runs against a real MongoDB (TEST_MONGODB_URI). */
  real: boolean;
  stop(): Promise<void>;
}

/**
 * An in-memory engine on port 0, or the real MongoDB named by TEST_MONGODB_URI (then with a unique
 * database name, which the caller drops).
 */
export async function startTestDatabase(options: EmbeddedMongoOptions = {}): Promise<TestDatabase> {
  const dbName = `concierge_test_${randomBytes(4).toString('hex')}`;
  const external = process.env.TEST_MONGODB_URI;
  if (external) {
    const url = new URL(external);
    url.pathname = `/${dbName}`;
    return { uri: url.toString(), dbName, real: true, stop: async () => {} };
  }
  const engine = await startEmbeddedMongo(options);
  return { uri: `${engine.uri}${dbName}`, dbName, real: false, stop: () => engine.stop() };
}
