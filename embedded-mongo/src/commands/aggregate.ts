import type { Document } from 'bson';

import { Codes, MongoCommandError } from '../errors.ts';
import { runPipeline, splitOutputStage, stageName } from '../engine/aggregate.ts';
import { writeMerge, writeOut } from '../engine/aggregate-output.ts';
import { nonNegative, optionalDocument } from './arguments.ts';
import type { Collection } from '../engine/collection.ts';
import type { CommandContext, CommandHandler } from './context.ts';
import { queryEnvironment, readTarget } from './environment.ts';
import { checkHint } from './hint.ts';

// Database-level sources: the documents they start a pipeline with.
const DB_SOURCES: Record<string, (context: CommandContext) => Document[]> = {
  $listLocalSessions: (context) => context.engine.sessions.list(),
  // No operation is ever in progress while a command runs: the engine runs one at a time.
  $currentOp: () => [],
};

const aggregate: CommandHandler = (command, context) => {
  const target = command.aggregate;
  const dbLevel = target === 1;
  if (!dbLevel && (typeof target !== 'string' || target.length === 0)) {
    throw new MongoCommandError(
      Codes.InvalidNamespace,
      "Invalid 'aggregate' field: must be a collection name or 1",
    );
  }
  if (!Array.isArray(command.pipeline)) {
    throw new MongoCommandError(Codes.TypeMismatch, "'pipeline' option must be specified as an array");
  }
  const cursorOptions = optionalDocument(command, 'cursor');
  if (!cursorOptions && command.explain !== true) {
    throw new MongoCommandError(
      Codes.FailedToParse,
      "The 'cursor' option is required, except for aggregate with the explain argument",
    );
  }
  const { stages, output } = splitOutputStage(command.pipeline as Document[]);
  let pipeline = stages;
  let input: Collection | Document[] | undefined;
  if (dbLevel) {
    const first = stages[0];
    const source = first ? stageName(first) : undefined;
    const produce = source ? DB_SOURCES[source] : undefined;
    if (source !== '$documents' && !produce) {
      throw new MongoCommandError(
        Codes.InvalidNamespace,
        `{aggregate: 1} is not valid for '${source ?? 'an empty pipeline'}'; a collection name is required`,
      );
    }
    if (produce) {
      input = produce(context);
      pipeline = stages.slice(1);
    }
  } else input = readTarget(context, target as string);
  checkHint(Array.isArray(input) ? undefined : input, command.hint);
  const env = queryEnvironment(command, context);
  const results = runPipeline(input, pipeline, env);
  const ns = `${context.db}.${dbLevel ? '$cmd.aggregate' : String(target)}`;
  if (command.explain === true) {
    return {
      explainVersion: '1',
      stages: (command.pipeline as Document[]).map((stage) => ({ [stageName(stage)]: stage })),
      ok: 1,
    };
  }
  if (output) {
    const name = stageName(output);
    const bypass = command.bypassDocumentValidation === true;
    if (name === '$out') writeOut(context.engine.catalog, context.db, output.$out, results, bypass);
    else writeMerge(context.engine.catalog, context.db, output.$merge, results, bypass);
    return { cursor: { firstBatch: [], id: context.engine.cursors.open(ns, [], 0, true).id, ns }, ok: 1 };
  }
  const { batch, id } = context.engine.cursors.open(
    ns,
    results,
    nonNegative(cursorOptions ?? {}, 'batchSize'),
  );
  return { cursor: { firstBatch: batch, id, ns }, ok: 1 };
};

export const aggregateCommands: Record<string, CommandHandler> = { aggregate };
