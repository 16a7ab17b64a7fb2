import { Long } from 'bson';
import type { Document } from 'bson';
import { Query } from 'mingo/query';

import { Codes, MongoCommandError } from '../errors.ts';
import type { Collection } from '../engine/collection.ts';
import { DocumentValidator } from '../engine/document-validator.ts';
import { mingoOptions } from '../engine/mingo-options.ts';
import { encodedSize } from '../engine/sizes.ts';
import { collectionName, optionalDocument } from './arguments.ts';
import type { CommandContext, CommandHandler } from './context.ts';
import { cursorReply } from './read.ts';

function dataSize(collection: Collection): number {
  let bytes = 0;
  for (const doc of collection.docs.values()) bytes += encodedSize(doc);
  return bytes;
}

const listDatabases: CommandHandler = (command, context) => {
  const nameOnly = command.nameOnly === true;
  let databases = context.engine.catalog.databaseNames().map((name) => {
    if (nameOnly) return { name };
    const sizeOnDisk = context.engine.catalog.collections(name).reduce((sum, c) => sum + dataSize(c), 0);
    return { name, sizeOnDisk, empty: sizeOnDisk === 0 };
  });
  const filter = optionalDocument(command, 'filter');
  if (filter) {
    const query = new Query(filter, mingoOptions());
    databases = databases.filter((db) => query.test(db));
  }
  const reply: Document = { databases };
  if (!nameOnly)
    reply.totalSize = databases.reduce((sum, db) => sum + ('sizeOnDisk' in db ? (db.sizeOnDisk ?? 0) : 0), 0);
  reply.ok = 1;
  return reply;
};

const dropDatabase: CommandHandler = (_command, context) => {
  context.engine.catalog.dropDatabase(context.db);
  return { dropped: context.db, ok: 1 };
};

const UNSUPPORTED_CREATE_OPTIONS = ['capped', 'timeseries', 'clusteredIndex', 'changeStreamPreAndPostImages'];

const create: CommandHandler = (command, context) => {
  const name = collectionName(command, 'create');
  for (const option of UNSUPPORTED_CREATE_OPTIONS) {
    if (command[option] !== undefined && command[option] !== false) {
      throw new MongoCommandError(
        Codes.NotImplemented,
        `The embedded engine does not support '${option}' collections`,
      );
    }
  }
  const options: Document = {};
  for (const key of ['validator', 'validationLevel', 'validationAction', 'collation']) {
    if (command[key] !== undefined) options[key] = command[key];
  }
  if (command.viewOn !== undefined) {
    if (typeof command.viewOn !== 'string' || command.viewOn.length === 0) {
      throw new MongoCommandError(Codes.TypeMismatch, "'viewOn' must be a collection name");
    }
    if (command.pipeline !== undefined && !Array.isArray(command.pipeline)) {
      throw new MongoCommandError(Codes.TypeMismatch, "'pipeline' must be an array");
    }
    options.viewOn = command.viewOn;
    options.pipeline = command.pipeline ?? [];
  }
  DocumentValidator.from(options); // refuses a validator the engine cannot enforce
  context.engine.catalog.create(context.db, name, options);
  return { ok: 1 };
};

const drop: CommandHandler = (command, context) => {
  const name = collectionName(command, 'drop');
  const dropped = context.engine.catalog.drop(context.db, name);
  if (!dropped) throw new MongoCommandError(Codes.NamespaceNotFound, 'ns not found');
  return { nIndexesWas: dropped.indexSpecs().length, ns: dropped.namespace, ok: 1 };
};

function collectionInfo(collection: Collection, nameOnly: boolean): Document {
  const type = collection.isView ? 'view' : 'collection';
  if (nameOnly) return { name: collection.name, type };
  if (collection.isView)
    return { name: collection.name, type, options: collection.options, info: { readOnly: true } };
  return {
    name: collection.name,
    type: 'collection',
    options: collection.options,
    info: { readOnly: false, uuid: collection.uuid },
    idIndex: collection.idIndexSpec(),
  };
}

const listCollections: CommandHandler = (command, context) => {
  const nameOnly = command.nameOnly === true;
  let infos = context.engine.catalog.collections(context.db).map((c) => collectionInfo(c, nameOnly));
  const filter = optionalDocument(command, 'filter');
  if (filter) {
    const query = new Query(filter, mingoOptions());
    infos = infos.filter((info) => query.test(info));
  }
  return cursorReply(`${context.db}.$cmd.listCollections`, infos, Long.ZERO, true);
};

function statsOf(collections: Collection[]): { objects: number; dataSize: number; indexes: number } {
  let objects = 0;
  let bytes = 0;
  let indexes = 0;
  for (const collection of collections) {
    objects += collection.docs.size;
    bytes += dataSize(collection);
    indexes += collection.indexSpecs().length;
  }
  return { objects, dataSize: bytes, indexes };
}

const dbStats: CommandHandler = (command, context) => {
  const collections = context.engine.catalog.collections(context.db);
  const { objects, dataSize: size, indexes } = statsOf(collections);
  const scale = typeof command.scale === 'number' && command.scale > 0 ? command.scale : 1;
  return {
    db: context.db,
    collections: collections.length,
    views: 0,
    objects,
    avgObjSize: objects > 0 ? size / objects : 0,
    dataSize: size / scale,
    storageSize: size / scale,
    indexes,
    indexSize: 0,
    totalSize: size / scale,
    scaleFactor: scale,
    ok: 1,
  };
};

const collStats: CommandHandler = (command, context) => {
  const name = collectionName(command, 'collStats');
  const collection = context.engine.catalog.get(context.db, name);
  if (!collection)
    throw new MongoCommandError(Codes.NamespaceNotFound, `Collection [${context.db}.${name}] not found.`);
  const { objects, dataSize: size } = statsOf([collection]);
  const indexSizes: Document = {};
  for (const spec of collection.indexSpecs()) indexSizes[String(spec.name)] = 0;
  return {
    ns: collection.namespace,
    count: objects,
    size,
    avgObjSize: objects > 0 ? size / objects : 0,
    storageSize: size,
    nindexes: collection.indexSpecs().length,
    totalIndexSize: 0,
    indexSizes,
    ok: 1,
  };
};

const renameCollection: CommandHandler = (command, context: CommandContext) => {
  const from = String(command.renameCollection);
  const to = String(command.to);
  const [fromDb = '', ...fromRest] = from.split('.');
  const [toDb = '', ...toRest] = to.split('.');
  const catalog = context.engine.catalog;
  const source = catalog.get(fromDb, fromRest.join('.'));
  if (!source) throw new MongoCommandError(Codes.NamespaceNotFound, 'source namespace does not exist');
  const target = catalog.get(toDb, toRest.join('.'));
  if (target) {
    if (command.dropTarget !== true)
      throw new MongoCommandError(Codes.NamespaceExists, 'target namespace exists');
    catalog.drop(toDb, toRest.join('.'));
  }
  const renamed = catalog.create(toDb, toRest.join('.'), source.options);
  for (const index of source.indexes) renamed.addIndex(index.cloneSpec());
  for (const doc of source.docs.values()) renamed.insert(doc, true);
  catalog.drop(fromDb, fromRest.join('.'));
  return { ok: 1 };
};

const VALIDATION_OPTIONS = ['validator', 'validationLevel', 'validationAction'];

/** collMod: the validation options; other modifications are not supported. */
const collMod: CommandHandler = (command, context) => {
  const name = collectionName(command, 'collMod');
  const collection = context.engine.catalog.get(context.db, name);
  if (!collection)
    throw new MongoCommandError(Codes.NamespaceNotFound, `ns does not exist: ${context.db}.${name}`);
  const options: Document = { ...collection.options };
  for (const [key, value] of Object.entries(command)) {
    if (key === 'collMod' || IGNORED_FIELDS.has(key)) continue;
    if (!VALIDATION_OPTIONS.includes(key)) {
      throw new MongoCommandError(
        Codes.NotImplemented,
        `The embedded engine supports collMod for validation only, not '${key}'`,
      );
    }
    options[key] = value;
  }
  DocumentValidator.from(options);
  collection.setOptions(options);
  return { ok: 1 };
};

const IGNORED_FIELDS = new Set([
  '$db',
  'lsid',
  '$clusterTime',
  'writeConcern',
  'comment',
  'maxTimeMS',
  '$readPreference',
]);

export const databaseCommands: Record<string, CommandHandler> = {
  collMod,
  listDatabases,
  dropDatabase,
  create,
  drop,
  listCollections,
  dbStats,
  collStats,
  renameCollection,
};
