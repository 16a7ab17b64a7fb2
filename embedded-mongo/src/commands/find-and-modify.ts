import type { Document } from 'bson';
import { Query } from 'mingo/query';

import { Codes, MongoCommandError } from '../errors.ts';
import { findDocuments } from '../engine/find.ts';
import { mingoOptions } from '../engine/mingo-options.ts';
import { applyUpdate, classifyUpdate, upsertDocument } from '../engine/update.ts';
import { collectionName, optionalDocument } from './arguments.ts';
import type { CommandHandler } from './context.ts';
import { queryEnvironment } from './environment.ts';
import { checkHint } from './hint.ts';

const ALLOWED = new Set([
  'findAndModify',
  'findandmodify',
  'query',
  'sort',
  'update',
  'remove',
  'new',
  'fields',
  'upsert',
  'arrayFilters',
  'collation',
  'hint',
  'let',
  'bypassDocumentValidation',
  'writeConcern',
  'maxTimeMS',
  'comment',
  'lsid',
  '$db',
  '$clusterTime',
  '$readPreference',
  'txnNumber',
  'readConcern',
  'apiVersion',
  'apiStrict',
  'apiDeprecationErrors',
]);

function project(
  doc: Document | undefined,
  fields: Document | undefined,
  options: ReturnType<typeof mingoOptions>,
): Document | null {
  if (!doc) return null;
  if (!fields || Object.keys(fields).length === 0) return doc;
  const [projected] = new Query({}, options).find([doc], fields).all() as Document[];
  return projected ?? null;
}

/** findAndModify: one document, updated, replaced or removed, returned before or after (`new`). */
const findAndModify: CommandHandler = (command, context) => {
  const name = collectionName(
    command,
    command.findAndModify !== undefined ? 'findAndModify' : 'findandmodify',
  );
  for (const key of Object.keys(command)) {
    if (!ALLOWED.has(key)) {
      throw new MongoCommandError(
        Codes.UnknownPipelineField,
        `BSON field 'findAndModify.${key}' is an unknown field.`,
      );
    }
  }
  const remove = command.remove === true;
  const bypass = command.bypassDocumentValidation === true;
  const hasUpdate = command.update !== undefined;
  if (remove === hasUpdate) {
    throw new MongoCommandError(Codes.FailedToParse, 'Either an update or remove=true must be specified');
  }
  if (remove && (command.new === true || command.upsert === true)) {
    throw new MongoCommandError(Codes.FailedToParse, "Cannot specify both 'remove' and 'new' or 'upsert'");
  }
  const collection = context.engine.catalog.forWrite(context.db, name);
  checkHint(collection, command.hint);
  const env = queryEnvironment(command, context);
  const options = mingoOptions(env);
  const filter = optionalDocument(command, 'query') ?? {};
  const fields = optionalDocument(command, 'fields');
  if (hasUpdate) classifyUpdate(command.update);
  const [found] = collection
    ? findDocuments(collection, { ...env, filter, sort: optionalDocument(command, 'sort'), limit: 1 }).docs
    : [];
  if (remove) {
    if (found) collection!.remove(found);
    return { lastErrorObject: { n: found ? 1 : 0 }, value: project(found, fields, options), ok: 1 };
  }
  const updateContext = {
    arrayFilters: Array.isArray(command.arrayFilters) ? (command.arrayFilters as Document[]) : undefined,
    filter,
    options,
  };
  if (!found) {
    if (command.upsert !== true) {
      return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
    }
    const doc = upsertDocument(filter, command.update, updateContext);
    context.engine.catalog.getOrCreate(context.db, name).insert(doc, bypass);
    return {
      lastErrorObject: { n: 1, updatedExisting: false, upserted: doc._id },
      value: command.new === true ? project(doc, fields, options) : null,
      ok: 1,
    };
  }
  const next = applyUpdate(found, command.update, updateContext);
  if (next) collection!.replace(found, next, bypass);
  const after = next ?? found;
  return {
    lastErrorObject: { n: 1, updatedExisting: true },
    value: project(command.new === true ? after : found, fields, options),
    ok: 1,
  };
};

export const findAndModifyCommands: Record<string, CommandHandler> = {
  findAndModify,
  findandmodify: findAndModify,
};
