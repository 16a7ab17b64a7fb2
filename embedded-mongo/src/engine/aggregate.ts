import type { Document } from 'bson';
import { Aggregator } from 'mingo/aggregator';
import { cloneDeep } from 'mingo/util';

import { Codes, MongoCommandError } from '../errors.ts';
import type { Collection } from './collection.ts';
import { countDocuments, findDocuments } from './find.ts';
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
 * `{$group: {_id: <constant>, n: {$sum: 1}}}`, the stage the driver's countDocuments puts after its $match:
 * the count then comes from the index when it can (engine/find.ts countDocuments).
 */
function countStage(stage: Document | undefined): { id: unknown; field: string } | undefined {
  const group = stage?.$group as Document | undefined;
  if (!group || Object.keys(stage!).length !== 1) return undefined;
  const keys = Object.keys(group);
  if (keys.length !== 2 || keys[0] !== '_id') return undefined;
  const id = group._id;
  const constant = id === null || typeof id === 'number' || (typeof id === 'string' && !id.startsWith('$'));
  const field = keys[1]!;
  const sum = group[field] as Document | undefined;
  if (!constant || field.includes('.') || typeof sum !== 'object' || sum === null) return undefined;
  return Object.keys(sum).length === 1 && sum.$sum === 1 ? { id, field } : undefined;
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
      const counted = countStage(stages[1]);
      if (counted && stages.length === 2) {
        const n = countDocuments(collection, { ...env, filter: first.$match as Document });
        return n === 0 ? [] : [{ _id: counted.id, [counted.field]: n }];
      }
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
