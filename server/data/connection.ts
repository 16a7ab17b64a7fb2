import mongoose, { type Connection } from 'mongoose';
import { ensureIndexes, getModels, type Models } from './models/index.ts';

// Filters on fields a schema does not declare are dropped instead of matching everything by accident.
mongoose.set('strictQuery', true);

export interface Database {
  connection: Connection;
  models: Models;
  /** Resolves when the server answers; the readiness check. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  dbName: string;
  /** Create collections and indexes before returning (start-up does; tools that only read may skip it). */
  ensureIndexes?: boolean;
  serverSelectionTimeoutMS?: number;
  /** The driver's command monitoring (`commandSucceeded`/`commandFailed` on the client), for /metrics. */
  monitorCommands?: boolean;
}

export async function connectDatabase(uri: string, options: ConnectOptions): Promise<Database> {
  const connection = mongoose.createConnection(uri, {
    dbName: options.dbName,
    autoIndex: false,
    autoCreate: false,
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 10_000,
    monitorCommands: options.monitorCommands ?? false,
  });
  await connection.asPromise();
  const models = getModels(connection);
  if (options.ensureIndexes !== false) await ensureIndexes(models);
  return {
    connection,
    models,
    async ping() {
      const db = connection.db;
      if (db === undefined || connection.readyState !== mongoose.ConnectionStates.connected) {
        throw new Error('database connection is not open');
      }
      await db.command({ ping: 1 });
    },
    async close() {
      await connection.close();
    },
  };
}
