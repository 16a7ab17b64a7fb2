import type { Document } from 'bson';

import { Codes, MongoCommandError } from '../errors.ts';
import type { CommandContext, CommandHandler } from './context.ts';
import { runFind } from './read.ts';

/**
 * `explain` for find (and count/distinct/delete/update filters through find): reports which plan the
 * engine used and how many keys and documents it examined, so index use is observable.
 */
const explain: CommandHandler = (command, context: CommandContext) => {
  const inner = command.explain as Document | undefined;
  if (!inner || typeof inner !== 'object') {
    throw new MongoCommandError(Codes.FailedToParse, 'explain requires a command document');
  }
  const name = Object.keys(inner)[0];
  let findCommand: Document;
  if (name === 'find') findCommand = inner;
  else if (name === 'count') findCommand = { find: inner.count, filter: inner.query ?? {} };
  else if (name === 'distinct') findCommand = { find: inner.distinct, filter: inner.query ?? {} };
  else if (name === 'aggregate' && typeof inner.aggregate === 'string') {
    // The plan of an aggregation is the plan of its leading $match (the only stage that uses indexes).
    const first = Array.isArray(inner.pipeline) ? (inner.pipeline[0] as Document | undefined) : undefined;
    findCommand = { find: inner.aggregate, filter: (first?.$match as Document | undefined) ?? {} };
  } else {
    throw new MongoCommandError(
      Codes.NotImplemented,
      `explain is supported for find, count, distinct and aggregate, not '${String(name)}'`,
    );
  }
  const {
    name: collection,
    collection: target,
    result,
  } = runFind({ ...findCommand, collation: inner.collation }, context);
  const { plan } = result;
  const inputStage =
    plan.stage === 'COLLSCAN'
      ? { stage: 'COLLSCAN' }
      : {
          stage: plan.stage,
          indexName: plan.indexName,
          keyPattern:
            plan.indexName === '_id_' ? { _id: 1 } : target?.findIndex(plan.indexName ?? '')?.keyPattern,
        };
  return {
    explainVersion: '1',
    queryPlanner: {
      namespace: `${context.db}.${collection}`,
      parsedQuery: findCommand.filter ?? {},
      winningPlan: plan.stage === 'COLLSCAN' ? inputStage : { stage: 'FETCH', inputStage },
      rejectedPlans: [],
    },
    executionStats: {
      executionSuccess: true,
      nReturned: result.docs.length,
      totalKeysExamined: plan.keysExamined,
      totalDocsExamined: result.docsExamined,
    },
    serverInfo: { host: 'embedded', version: '7.0.0' },
    ok: 1,
  };
};

export const explainCommands: Record<string, CommandHandler> = { explain };
