import { ObjectId } from 'bson';
import type { Document } from 'bson';

import { compareBson, typeRank } from './bson-order.ts';
import type { CollectionIndex } from './collection-index.ts';
import type { Collection } from './collection.ts';
import { idKey } from './document-id.ts';
import type { Bound, IndexEntry } from './sorted-index.ts';

/** How the candidates for a query were found; `explain` reports it. */
export interface Plan {
  stage: 'IDHACK' | 'IXSCAN' | 'COLLSCAN';
  indexName?: string;
  keysExamined: number;
  /**
   * The candidates are exactly the matches (a lone scalar equality answered by a single-field index),
   * so the filter need not be evaluated again.
   */
  exact: boolean;
  /**
   * What the candidates still have to be checked against, when it is less than the whole filter: a top-level
   * equality (or `$in`) answered by the first field of an index holds for every candidate, so only the other
   * conditions are evaluated (mingo re-hashes an `$in` list for every document it tests).
   */
  residual?: Document;
  /**
   * Set when candidates arrive in the order of the sort's first field: `lastKey` is that field's
   * value for the candidate just yielded.
   */
  orderedBy?: { lastKey: unknown };
  /** Candidate documents: a superset of the matches, which the full filter then checks. */
  docs: Iterable<Document>;
}

/** Values an index can look up exactly: not objects, arrays, regexes or null (null also matches missing). */
function isIndexableScalar(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  const type = typeof value;
  if (type === 'string' || type === 'boolean') return true;
  if (type === 'number') return !Number.isNaN(value);
  return value instanceof Date || value instanceof ObjectId;
}

function isOperatorObject(value: unknown): value is Document {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  if (value instanceof Date || value instanceof ObjectId || value instanceof RegExp) return false;
  if ((value as { _bsontype?: string })._bsontype !== undefined) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => key.startsWith('$'));
}

type Predicate =
  { kind: 'eq'; values: unknown[] } | { kind: 'range'; rank: number; lower?: Bound; upper?: Bound };

/** What a single field's condition lets an index do, if anything. */
function predicateFor(condition: unknown): Predicate | undefined {
  if (isIndexableScalar(condition)) return { kind: 'eq', values: [condition] };
  if (!isOperatorObject(condition)) return undefined;
  if ('$eq' in condition && isIndexableScalar(condition.$eq)) return { kind: 'eq', values: [condition.$eq] };
  const $in = condition.$in;
  if (Array.isArray($in) && $in.length > 0 && $in.length <= 1000 && $in.every(isIndexableScalar)) {
    return { kind: 'eq', values: $in };
  }
  let lower: Bound | undefined;
  let upper: Bound | undefined;
  for (const [op, inclusive] of [
    ['$gt', false],
    ['$gte', true],
  ] as const) {
    if (op in condition && isIndexableScalar(condition[op])) lower = { value: condition[op], inclusive };
  }
  for (const [op, inclusive] of [
    ['$lt', false],
    ['$lte', true],
  ] as const) {
    if (op in condition && isIndexableScalar(condition[op])) upper = { value: condition[op], inclusive };
  }
  const rank = lower ? typeRank(lower.value) : upper ? typeRank(upper.value) : undefined;
  if (rank === undefined) return undefined;
  if (lower && upper && typeRank(upper.value) !== rank) return undefined;
  return { kind: 'range', rank, lower, upper };
}

/** Field conditions that all must hold: the top level plus the members of a top-level `$and`. */
function conjuncts(filter: Document): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [field, condition] of Object.entries(filter)) {
    if (field === '$and' && Array.isArray(condition)) {
      for (const member of condition)
        if (member && typeof member === 'object') out.push(...conjuncts(member));
    } else if (!field.startsWith('$')) out.push([field, condition]);
  }
  return out;
}

function* unique(entries: Iterable<IndexEntry>, counter: { keys: number }): Generator<Document> {
  const seen = new Set<string>();
  for (const entry of entries) {
    counter.keys++;
    if (seen.has(entry.id)) continue;
    seen.add(entry.id);
    yield entry.doc;
  }
}

function* lookup(index: CollectionIndex, predicate: Predicate, multikey: boolean): Generator<IndexEntry> {
  if (predicate.kind === 'eq') {
    const sorted = [...predicate.values].sort((a, b) => compareBson(a, b));
    for (const value of sorted) {
      if (index.fields.length === 1) yield* index.sorted.equal([value]);
      else yield* index.sorted.range({ value, inclusive: true }, { value, inclusive: true });
    }
    return;
  }
  // On a multikey index both bounds may be met by different elements, so only one bound is safe.
  const upper = multikey && predicate.lower ? undefined : predicate.upper;
  yield* index.sorted.rangeWithinType(predicate.rank, predicate.lower, upper);
}

/**
 * For a query no index can narrow but whose first sort field is indexed: walks that index in the
 * requested order, so a `sort + limit` stops early instead of sorting the collection. Only indexes
 * holding exactly one key per document qualify (not sparse, partial or multikey), where index order
 * is MongoDB's sort order.
 */
export function planOrderedScan(collection: Collection, sort: Document): Plan | undefined {
  const field = Object.keys(sort)[0];
  if (field === undefined) return undefined;
  const index = collection.indexes.find(
    (candidate) =>
      candidate.fields.length === 1 &&
      candidate.fields[0] === field &&
      !candidate.isFiltered &&
      !candidate.multikey &&
      !candidate.spec.collation,
  );
  if (!index) return undefined;
  const orderedBy = { lastKey: undefined as unknown };
  const plan: Plan = {
    stage: 'IXSCAN',
    indexName: index.name,
    keysExamined: 0,
    exact: false,
    orderedBy,
    docs: [],
  };
  plan.docs = {
    *[Symbol.iterator]() {
      const entries =
        sort[field] === -1 ? index.sorted.descending() : index.sorted.range(undefined, undefined);
      for (const entry of entries) {
        plan.keysExamined++;
        orderedBy.lastKey = entry.key[0];
        yield entry.doc;
      }
    },
  };
  return plan;
}

/**
 * Chooses how to find a query's candidates: `_id` equality through the primary map, else an
 * equality (then range) condition on the first field of a usable index, else a collection scan.
 */
export function planQuery(collection: Collection, filter: Document, hasCollation: boolean): Plan {
  const conditions = conjuncts(filter);
  const collates = (value: unknown): boolean => hasCollation && typeof value === 'string';
  for (const [field, condition] of conditions) {
    if (field !== '_id') continue;
    const predicate = predicateFor(condition);
    if (predicate?.kind !== 'eq' || predicate.values.some(collates)) continue;
    const docs: Document[] = [];
    const seen = new Set<string>();
    for (const value of predicate.values) {
      const key = idKey(value);
      const doc = collection.docs.get(key);
      if (doc && !seen.has(key)) {
        seen.add(key);
        docs.push(doc);
      }
    }
    const exact = conditions.length === 1 && Object.keys(filter).length === 1;
    return { stage: 'IDHACK', indexName: '_id_', keysExamined: predicate.values.length, exact, docs };
  }
  let best: { index: CollectionIndex; predicate: Predicate; field: string } | undefined;
  for (const [field, condition] of conditions) {
    const predicate = predicateFor(condition);
    if (!predicate) continue;
    const values =
      predicate.kind === 'eq' ? predicate.values : [predicate.lower?.value, predicate.upper?.value];
    if (values.some(collates)) continue;
    for (const index of collection.indexes) {
      if (index.fields[0] !== field || !index.usableFor(filter)) continue;
      if (index.spec.collation && values.some((value) => typeof value === 'string')) continue;
      const better =
        !best ||
        (predicate.kind === 'eq' && best.predicate.kind !== 'eq') ||
        (predicate.kind === best.predicate.kind && index.unique && !best.index.unique);
      if (better) best = { index, predicate, field };
    }
  }
  if (!best) return { stage: 'COLLSCAN', keysExamined: 0, exact: false, docs: collection.docs.values() };
  const counter = { keys: 0 };
  const plan: Plan = {
    stage: 'IXSCAN',
    indexName: best.index.name,
    keysExamined: 0,
    exact:
      best.predicate.kind === 'eq' &&
      best.index.fields.length === 1 &&
      conditions.length === 1 &&
      Object.keys(filter).length === 1,
    docs: [],
  };
  if (!plan.exact && best.predicate.kind === 'eq' && Object.hasOwn(filter, best.field)) {
    const { [best.field]: _answered, ...residual } = filter;
    plan.residual = residual;
  }
  const chosen = best;
  plan.docs = {
    *[Symbol.iterator]() {
      yield* unique(lookup(chosen.index, chosen.predicate, chosen.index.multikey), counter);
      plan.keysExamined = counter.keys;
    },
  };
  return plan;
}
