import type { AnyClientBulkWriteModel, Collection, Db, Document, MongoClient } from 'mongodb';
import type { EntityMap } from './entities.ts';
import { bulkWriteResultDocument, clientBulkWriteResultDocument, updateResultDocument } from './results.ts';
import type { Operation } from './spec-files.ts';

/** A fail point the runner turned on; it is switched off through the same client when the test ends. */
export interface ActiveFailPoint {
  client: MongoClient;
  name: string;
}

/** Thrown for what the runner cannot express, so that an `isClientError` expectation cannot pass by accident. */
export class UnsupportedOperation extends Error {
  override name = 'UnsupportedOperation';
}

type Handler<Target> = (target: Target, args: Document) => Promise<unknown>;

/** The spec spells returnDocument 'Before'/'After'; the Node driver wants lower case. */
function driverFindAndModifyOptions(options: Document): Document {
  const { returnDocument, ...rest } = options;
  return returnDocument === undefined
    ? rest
    : { ...rest, returnDocument: String(returnDocument).toLowerCase() };
}

const collectionOperations: Record<string, Handler<Collection>> = {
  aggregate: (collection, { pipeline, ...options }) => collection.aggregate(pipeline, options).toArray(),
  bulkWrite: async (collection, { requests, ...options }) =>
    bulkWriteResultDocument(await collection.bulkWrite(requests, options)),
  count: (collection, { filter, ...options }) => collection.count(filter ?? {}, options),
  countDocuments: (collection, { filter, ...options }) => collection.countDocuments(filter ?? {}, options),
  estimatedDocumentCount: (collection, options) => collection.estimatedDocumentCount(options),
  distinct: (collection, { fieldName, filter, ...options }) =>
    collection.distinct(fieldName, filter ?? {}, options),
  find: (collection, { filter, ...options }) => collection.find(filter ?? {}, options).toArray(),
  findOne: (collection, { filter, ...options }) => collection.findOne(filter ?? {}, options),
  findOneAndDelete: (collection, { filter, ...options }) => collection.findOneAndDelete(filter, options),
  findOneAndReplace: (collection, { filter, replacement, ...options }) =>
    collection.findOneAndReplace(filter, replacement, driverFindAndModifyOptions(options)),
  findOneAndUpdate: (collection, { filter, update, ...options }) =>
    collection.findOneAndUpdate(filter, update, driverFindAndModifyOptions(options)),
  insertOne: (collection, { document, ...options }) => collection.insertOne(document, options),
  insertMany: async (collection, { documents, ...options }) => {
    const result = await collection.insertMany(documents, options);
    return { ...result, insertedIds: { ...result.insertedIds } };
  },
  updateOne: async (collection, { filter, update, ...options }) =>
    updateResultDocument(await collection.updateOne(filter, update, options)),
  updateMany: async (collection, { filter, update, ...options }) =>
    updateResultDocument(await collection.updateMany(filter, update, options)),
  replaceOne: async (collection, { filter, replacement, ...options }) =>
    updateResultDocument(await collection.replaceOne(filter, replacement, options)),
  deleteOne: (collection, { filter, ...options }) => collection.deleteOne(filter, options),
  deleteMany: (collection, { filter, ...options }) => collection.deleteMany(filter, options),
  createIndex: (collection, { keys, ...options }) => collection.createIndex(keys, options),
  dropIndex: (collection, { name, ...options }) => collection.dropIndex(name, options),
  listIndexes: (collection, options) => collection.listIndexes(options).toArray(),
  drop: (collection, options) => collection.drop(options),
};

const databaseOperations: Record<string, Handler<Db>> = {
  aggregate: (database, { pipeline, ...options }) => database.aggregate(pipeline, options).toArray(),
  createCollection: async (database, { collection, ...options }) => {
    await database.createCollection(collection, options);
    return undefined;
  },
  dropCollection: (database, { collection, ...options }) => database.dropCollection(collection, options),
  modifyCollection: (database, { collection, ...options }) =>
    database.command({ collMod: collection, ...options }),
  runCommand: (database, { command, commandName: _commandName, ...options }) =>
    database.command(command, options),
  listCollections: (database, { filter, ...options }) => database.listCollections(filter, options).toArray(),
  listCollectionNames: async (database, { filter, ...options }) =>
    (await database.listCollections(filter, { ...options, nameOnly: true }).toArray()).map(
      ({ name }) => name,
    ),
};

/** `{ insertOne: { namespace, document } }` in the spec is `{ name: 'insertOne', namespace, document }` in Node. */
function clientBulkWriteModel(model: Document): AnyClientBulkWriteModel<Document> {
  const [name, fields] = Object.entries(model)[0] ?? [];
  if (name === undefined) throw new Error('empty clientBulkWrite model');
  return { name, ...fields } as AnyClientBulkWriteModel<Document>;
}

const clientOperations: Record<string, Handler<MongoClient>> = {
  clientBulkWrite: async (client, { models, ...options }) =>
    clientBulkWriteResultDocument(
      await client.bulkWrite((models as Document[]).map(clientBulkWriteModel), options),
    ),
  listDatabaseNames: async (client, options) =>
    (await client.db('admin').admin().listDatabases(options)).databases.map(({ name }) => name),
};

export async function executeOperation(
  operation: Operation,
  entities: EntityMap,
  failPoints: ActiveFailPoint[],
): Promise<unknown> {
  const { session, ...args } = operation.arguments ?? {};
  if (session !== undefined) args.session = entities.session(String(session));
  const unsupported = () =>
    new UnsupportedOperation(`the runner does not implement ${operation.object}.${operation.name}`);

  if (operation.object === 'testRunner') {
    if (operation.name !== 'failPoint') throw unsupported();
    const { client } = entities.client(String(args.client));
    const failPoint = args.failPoint as Document;
    await client.db('admin').command(failPoint);
    failPoints.push({ client, name: String(failPoint.configureFailPoint) });
    return undefined;
  }

  switch (entities.kindOf(operation.object)) {
    case 'collection': {
      const handler = collectionOperations[operation.name];
      if (!handler) throw unsupported();
      return handler(entities.collection(operation.object), args);
    }
    case 'database': {
      const handler = databaseOperations[operation.name];
      if (!handler) throw unsupported();
      return handler(entities.database(operation.object), args);
    }
    case 'client': {
      const handler = clientOperations[operation.name];
      if (!handler) throw unsupported();
      return handler(entities.client(operation.object).client, args);
    }
    default:
      throw unsupported();
  }
}

export async function disableFailPoints(failPoints: ActiveFailPoint[]): Promise<void> {
  for (const { client, name } of failPoints.splice(0)) {
    await client.db('admin').command({ configureFailPoint: name, mode: 'off' });
  }
}
