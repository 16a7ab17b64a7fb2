import type { Document } from 'bson';
import { Aggregator } from 'mingo/aggregator';
import { cloneDeep } from 'mingo/util';

import { Codes, MongoCommandError } from '../errors.ts';
import type { Collection } from './collection.ts';
import { findDocuments } from './find.ts';
import { mingoOptions } from './mingo-options.ts';
import type { QueryEnvironment } from './mingo-options.ts';

const UNSUPPORTED_STAGES = new Set([
  '$changeStream',
  '$collStats',
  '$indexStats',
  '$geoNear',
  '$search',
  '$searchMeta',
  '$vectorSearch',
  '$listSessions',
  '$planCacheStats',
  '$out',
  '$merge',
]);

// Stages that never modify their input documents; any other stage gets deep copies, since mingo
// shallow-copies and then may set nested fields that stored documents share.
const READ_ONLY_STAGES = new Set(['$match', '$sort', '$skip', '$limit', '$count', '$group', '$sortByCount']);

export function stageName(stage: unknown): string {
  if (
    typeof stage !== 'object' ||
    stage === null ||
    Array.isArray(stage) ||
    Object.keys(stage).length !== 1
  ) {
    throw new MongoCommandError(
      40323,
      'A pipeline stage specification object must contain exactly one field.',
    );
  }
  return Object.keys(stage)[0]!;
}

/** Checks the pipeline's shape; returns it without a trailing $out/$merge, and that stage if present. */
export function splitOutputStage(pipeline: Document[]): { stages: Document[]; output?: Document } {
  pipeline.forEach((stage, i) => {
    const name = stageName(stage);
    if ((name === '$out' || name === '$merge') && i !== pipeline.length - 1) {
      throw new MongoCommandError(40601, `${name} can only be the final stage in the pipeline`);
    }
    if (UNSUPPORTED_STAGES.has(name) && name !== '$out' && name !== '$merge') {
      throw new MongoCommandError(
        Codes.UnrecognizedStage,
        `Unrecognized pipeline stage name: '${name}' (not supported by the embedded engine)`,
      );
    }
  });
  const last = pipeline[pipeline.length - 1];
  if (last && ['$out', '$merge'].includes(stageName(last)))
    return { stages: pipeline.slice(0, -1), output: last };
  return { stages: pipeline };
}

/**
 * Runs a pipeline over a collection (or over nothing, for `aggregate: 1`). A leading $match is
 * planned like a find, so it uses indexes.
 */
export function runPipeline(
  input: Collection | Document[] | undefined,
  stages: Document[],
  env: QueryEnvironment,
): Document[] {
  let source: Document[] = Array.isArray(input) ? input : [];
  let rest = stages;
  const first = stages[0];
  const collection = Array.isArray(input) ? undefined : input;
  if (collection) {
    if (first && stageName(first) === '$match' && !JSON.stringify(first).includes('"$text"')) {
      source = findDocuments(collection, { ...env, filter: first.$match as Document }).docs;
      rest = stages.slice(1);
    } else source = [...collection.docs.values()];
  }
  if (rest.length === 0) return source;
  if (!rest.every((stage) => READ_ONLY_STAGES.has(stageName(stage))))
    source = source.map((doc) => cloneDeep(doc) as Document);
  try {
    return new Aggregator(rest, mingoOptions(env)).run(source) as Document[];
  } catch (error) {
    const match = /unregistered pipeline operator (\$\w+)/.exec((error as Error).message);
    if (match)
      throw new MongoCommandError(Codes.UnrecognizedStage, `Unrecognized pipeline stage name: '${match[1]}'`);
    throw error;
  }
}
