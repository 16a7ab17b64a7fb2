import type { Document } from 'bson';
import { Query } from 'mingo/query';

import { Codes, MongoCommandError } from '../errors.ts';
import type { Collection } from './collection.ts';
import { mingoOptions } from './mingo-options.ts';
import type { QueryEnvironment } from './mingo-options.ts';
import { compareBson } from './bson-order.ts';
import { planOrderedScan, planQuery } from './planner.ts';
import type { Plan } from './planner.ts';

export interface FindSpec extends QueryEnvironment {
  filter?: Document;
  sort?: Document;
  projection?: Document;
  skip?: number;
  /** 0 or absent: no limit. */
  limit?: number;
}

export interface FindResult {
  docs: Document[];
  plan: Plan;
  docsExamined: number;
}

function checkSort(sort: Document | undefined): Document | undefined {
  if (!sort) return undefined;
  const spec: Document = {};
  for (const [field, direction] of Object.entries(sort)) {
    if (field === '$natural') continue;
    if (direction !== 1 && direction !== -1) {
      if (typeof direction === 'object' && direction !== null && '$meta' in direction) continue;
      throw new MongoCommandError(
        Codes.BadValue,
        `$sort key ordering must be 1 (for ascending) or -1 (for descending)`,
      );
    }
    spec[field] = direction;
  }
  return Object.keys(spec).length > 0 ? spec : undefined;
}

function hasProjection(projection: Document | undefined): projection is Document {
  return projection !== undefined && projection !== null && Object.keys(projection).length > 0;
}

/** Runs a query: candidates from the planner, the full filter on each, then sort, skip, limit, projection. */
export function findDocuments(collection: Collection | undefined, spec: FindSpec): FindResult {
  const filter = spec.filter ?? {};
  const options = mingoOptions(spec);
  // Compiling a mingo Query copies its whole operator table, so it is built only when needed.
  let compiled: Query | undefined;
  const query = (): Query => (compiled ??= new Query(filter, options));
  if (!collection) {
    query(); // still reports a malformed filter
    return {
      docs: [],
      plan: { stage: 'COLLSCAN', keysExamined: 0, exact: false, docs: [] },
      docsExamined: 0,
    };
  }
  let sort = checkSort(spec.sort);
  const limit = spec.limit ?? 0;
  let plan = planQuery(
    collection,
    filter,
    options.collation !== undefined,
    sort && { sort, limited: limit > 0 },
  );
  // An index scan in the order of the only sort field leaves nothing to sort.
  if (plan.orderedBy && sort && Object.keys(sort).length === 1) sort = undefined;
  if (plan.stage === 'COLLSCAN' && sort && !options.collation) {
    const ordered = planOrderedScan(collection, sort);
    if (ordered) {
      plan = ordered;
      // Ordered by the only sort field: nothing is left to sort.
      if (Object.keys(sort).length === 1) sort = undefined;
    }
  }
  let residualQuery: Query | undefined;
  const matchesFilter = plan.exact
    ? () => true
    : plan.residual !== undefined
      ? Object.keys(plan.residual).length === 0
        ? () => true
        : (doc: Document) => (residualQuery ??= new Query(plan.residual!, options)).test(doc)
      : (doc: Document) => query().test(doc);
  const skip = spec.skip ?? 0;
  // The scan may stop once skip + limit documents matched: at once when nothing is left to sort; when
  // only later sort fields remain, after the last document sharing the first field's value.
  const stopAfter = limit > 0 && (!sort || plan.orderedBy) ? skip + limit : Infinity;
  const matches: Document[] = [];
  let examined = 0;
  let boundary: { key: unknown } | undefined;
  for (const doc of plan.docs) {
    if (boundary && compareBson(plan.orderedBy?.lastKey, boundary.key) !== 0) break;
    examined++;
    if (!matchesFilter(doc)) continue;
    matches.push(doc);
    if (matches.length >= stopAfter && !boundary) {
      if (!sort) break;
      boundary = { key: plan.orderedBy?.lastKey };
    }
  }
  let docs = matches;
  if (sort || hasProjection(spec.projection)) {
    // The matches already passed the filter: only a positional projection (`a.$`) needs it again.
    const positional =
      hasProjection(spec.projection) && Object.keys(spec.projection).some((key) => key.endsWith('.$'));
    const shaper = positional ? query() : new Query({}, options);
    let cursor = shaper.find(matches, hasProjection(spec.projection) ? spec.projection : undefined);
    if (sort) cursor = cursor.sort(sort);
    if (skip > 0) cursor = cursor.skip(skip);
    if (limit > 0) cursor = cursor.limit(limit);
    docs = cursor.all() as Document[];
  } else if (skip > 0 || limit > 0) {
    docs = matches.slice(skip, limit > 0 ? skip + limit : undefined);
  }
  return { docs, plan, docsExamined: examined };
}

/**
 * How many documents match: from the index positions alone when the plan's index answers the whole filter with
 * one key per document, else by running the query.
 */
export function countDocuments(
  collection: Collection | undefined,
  spec: QueryEnvironment & { filter?: Document },
): number {
  const filter = spec.filter ?? {};
  if (collection && Object.keys(filter).length === 0) return collection.docs.size;
  if (collection) {
    const plan = planQuery(collection, filter, mingoOptions(spec).collation !== undefined);
    if (plan.count) return plan.count();
  }
  return findDocuments(collection, spec).docs.length;
}
