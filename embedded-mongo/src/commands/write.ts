import type { Document } from 'bson';

import { Codes, MongoCommandError, toCommandError } from '../errors.ts';
import { findDocuments } from '../engine/find.ts';
import { mingoOptions } from '../engine/mingo-options.ts';
import type { QueryEnvironment } from '../engine/mingo-options.ts';
import { applyUpdate, classifyUpdate, upsertDocument, withId } from '../engine/update.ts';
import { collectionName, documentArray, optionalDocument } from './arguments.ts';
import type { CommandContext, CommandHandler } from './context.ts';
import { queryEnvironment, validateCollation } from './environment.ts';
import { checkHint } from './hint.ts';

/**
 * Runs the statements of a write command; per-statement failures become `writeErrors` inside an
 * ok:1 reply, and an ordered command stops at the first one, as MongoDB does.
 */
function eachStatement<T>(items: T[], ordered: boolean, run: (item: T, index: number) => void): Document[] {
  const writeErrors: Document[] = [];
  for (let i = 0; i < items.length; i++) {
    try {
      run(items[i]!, i);
    } catch (error) {
      writeErrors.push(toCommandError(error).toWriteError(i));
      if (ordered) break;
    }
  }
  return writeErrors;
}

function withErrors(reply: Document, writeErrors: Document[]): Document {
  if (writeErrors.length > 0) reply.writeErrors = writeErrors;
  return reply;
}

function rejectUnknownStatementFields(
  command: string,
  field: string,
  statement: Document,
  allowed: Set<string>,
): void {
  for (const key of Object.keys(statement)) {
    if (!allowed.has(key)) {
      throw new MongoCommandError(
        Codes.UnknownPipelineField,
        `BSON field '${command}.${field}.${key}' is an unknown field.`,
      );
    }
  }
}

const insert: CommandHandler = (command, context) => {
  const name = collectionName(command, 'insert');
  const documents = documentArray(command, 'documents');
  const collection = context.engine.catalog.getOrCreate(context.db, name);
  const bypass = command.bypassDocumentValidation === true;
  let n = 0;
  const writeErrors = eachStatement(documents, command.ordered !== false, (doc) => {
    collection.insert(withId(doc), bypass);
    n++;
  });
  return withErrors({ n, ok: 1 }, writeErrors);
};

// MongoDB 7.0 knows these fields of an update statement; `sort` arrived in 8.0 and is refused here.
const UPDATE_FIELDS = new Set([
  'q',
  'u',
  'upsert',
  'multi',
  'arrayFilters',
  'collation',
  'hint',
  'c',
  'upsertSupplied',
]);

interface StatementOutcome {
  matched: number;
  modified: number;
  upsertedId?: unknown;
}

export function updateStatement(
  name: string,
  context: CommandContext,
  statement: Document,
  env: QueryEnvironment,
  bypassValidation: boolean,
): StatementOutcome {
  const collection = context.engine.catalog.forWrite(context.db, name);
  const filter = optionalDocument(statement, 'q') ?? {};
  const update = statement.u;
  const multi = statement.multi === true;
  const kind = classifyUpdate(update);
  if (multi && kind === 'replacement') {
    throw new MongoCommandError(
      Codes.FailedToParse,
      'multi update is not supported for replacement-style update',
    );
  }
  checkHint(collection, statement.hint);
  const collation = validateCollation(optionalDocument(statement, 'collation'));
  const statementEnv: QueryEnvironment = { ...env, ...(collation ? { collation } : {}) };
  if (statement.c) statementEnv.variables = { ...env.variables, ...(statement.c as Document) };
  const arrayFilters = Array.isArray(statement.arrayFilters)
    ? (statement.arrayFilters as Document[])
    : undefined;
  const updateContext = { arrayFilters, filter, options: mingoOptions(statementEnv) };
  const matches = collection
    ? findDocuments(collection, { ...statementEnv, filter, limit: multi ? 0 : 1 }).docs
    : [];
  if (matches.length === 0) {
    if (statement.upsert !== true) return { matched: 0, modified: 0 };
    const doc = upsertDocument(filter, update, updateContext);
    context.engine.catalog.getOrCreate(context.db, name).insert(doc, bypassValidation);
    return { matched: 0, modified: 0, upsertedId: doc._id };
  }
  let modified = 0;
  for (const doc of matches) {
    const next = applyUpdate(doc, update, updateContext);
    if (next) {
      collection!.replace(doc, next, bypassValidation);
      modified++;
    }
  }
  return { matched: matches.length, modified };
}

const update: CommandHandler = (command, context) => {
  const name = collectionName(command, 'update');
  const statements = documentArray(command, 'updates');
  for (const statement of statements)
    rejectUnknownStatementFields('update', 'updates', statement, UPDATE_FIELDS);
  const env = queryEnvironment(command, context);
  let n = 0;
  let nModified = 0;
  const upserted: Document[] = [];
  const writeErrors = eachStatement(statements, command.ordered !== false, (statement, index) => {
    const outcome = updateStatement(name, context, statement, env, command.bypassDocumentValidation === true);
    n += outcome.matched;
    nModified += outcome.modified;
    if (outcome.upsertedId !== undefined) {
      n += 1;
      upserted.push({ index, _id: outcome.upsertedId });
    }
  });
  const reply: Document = { n, nModified };
  if (upserted.length > 0) reply.upserted = upserted;
  reply.ok = 1;
  return withErrors(reply, writeErrors);
};

const DELETE_FIELDS = new Set(['q', 'limit', 'collation', 'hint']);

const deleteCommand: CommandHandler = (command, context) => {
  const name = collectionName(command, 'delete');
  const statements = documentArray(command, 'deletes');
  for (const statement of statements)
    rejectUnknownStatementFields('delete', 'deletes', statement, DELETE_FIELDS);
  const env = queryEnvironment(command, context);
  let n = 0;
  const writeErrors = eachStatement(statements, command.ordered !== false, (statement) => {
    const collection = context.engine.catalog.forWrite(context.db, name);
    checkHint(collection, statement.hint);
    const limit = statement.limit;
    if (limit !== 0 && limit !== 1) {
      throw new MongoCommandError(
        Codes.FailedToParse,
        `The limit field in delete objects must be 0 or 1. Got ${String(limit)}`,
      );
    }
    if (!collection) return;
    const collation = validateCollation(optionalDocument(statement, 'collation'));
    const { docs } = findDocuments(collection, {
      ...env,
      ...(collation ? { collation } : {}),
      filter: optionalDocument(statement, 'q') ?? {},
      limit,
    });
    for (const doc of docs) collection.remove(doc);
    n += docs.length;
  });
  return withErrors({ n, ok: 1 }, writeErrors);
};

export const writeCommands: Record<string, CommandHandler> = { insert, update, delete: deleteCommand };
