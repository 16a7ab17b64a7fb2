import { ObjectId } from 'bson';
import type { Document } from 'bson';

import { compareBson, typeRank } from './bson-order.ts';
import type { CollectionIndex } from './collection-index.ts';
import type { Collection } from './collection.ts';
import { idKey } from './document-id.ts';
import type { Bound, KeyInterval } from './sorted-index.ts';

/** How the candidates for a query were found; `explain` reports it. */
export interface Plan {
  stage: 'IDHACK' | 'IXSCAN' | 'COLLSCAN';
  indexName?: string;
  keysExamined: number;
  /**
   * The candidates are exactly the matches (every condition of the filter answered by the index bounds),
   * so the filter need not be evaluated again.
   */
  exact: boolean;
  /**
   * What the candidates still have to be checked against, when it is less than the whole filter: a top-level
   * equality, `$in` or plain range the index bounds answered holds for every candidate, so only the other
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
  /**
   * Set when the index answers the whole filter and holds one key per matching document in the plan's
   * intervals: the number of matches, from the index's positions alone.
   */
  count?: () => number;
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

type RangePredicate = { kind: 'range'; rank: number; lower?: Bound; upper?: Bound };
type Predicate = { kind: 'eq'; values: unknown[] } | RangePredicate;

/**
 * What a single field's condition lets an index do, if anything. `null` (which also matches a missing field,
 * indexed as null) is looked up only when `allowNull`, for a top-level field; the condition is then never
 * taken as answered, and is evaluated on every candidate.
 */
function predicateFor(condition: unknown, allowNull = false): Predicate | undefined {
  if (isIndexableScalar(condition)) return { kind: 'eq', values: [condition] };
  if (allowNull && condition === null) return { kind: 'eq', values: [null] };
  if (!isOperatorObject(condition)) return undefined;
  if ('$eq' in condition && isIndexableScalar(condition.$eq)) return { kind: 'eq', values: [condition.$eq] };
  if (allowNull && '$eq' in condition && condition.$eq === null) return { kind: 'eq', values: [null] };
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

/**
 * Whether an equality lookup's candidates are exactly the documents matching this condition: a scalar, or an
 * object holding nothing but `$eq` or `$in` of scalars. Another operator beside them (`{$in: [...], $ne: x}`)
 * says more than the lookup did, so the condition must still be evaluated.
 */
function equalityIsWhole(condition: unknown): boolean {
  if (isIndexableScalar(condition)) return true;
  if (!isOperatorObject(condition)) return false;
  const keys = Object.keys(condition);
  if (keys.length !== 1) return false;
  if (keys[0] === '$eq') return isIndexableScalar(condition.$eq);
  return keys[0] === '$in' && Array.isArray(condition.$in) && condition.$in.every(isIndexableScalar);
}

const RANGE_OPERATORS = new Set(['$gt', '$gte', '$lt', '$lte']);
const NUMBER_RANK = typeRank(0);

/**
 * Whether a range scan's candidates are exactly the documents matching this condition: an object of at most
 * one lower and one upper bound and nothing else, on a field with one value per document (checked by the
 * caller). A numeric range needs its lower bound: NaN sorts below every number in the index but matches
 * neither `$lt` nor `$gt`.
 */
function rangeIsWhole(condition: unknown, predicate: RangePredicate): boolean {
  if (!isOperatorObject(condition)) return false;
  const keys = Object.keys(condition);
  if (!keys.every((key) => RANGE_OPERATORS.has(key))) return false;
  const lowers = keys.filter((key) => key.startsWith('$gt')).length;
  if (lowers > 1 || keys.length - lowers > 1) return false;
  if (lowers === 1 && predicate.lower === undefined) return false;
  if (keys.length - lowers === 1 && predicate.upper === undefined) return false;
  return predicate.rank !== NUMBER_RANK || predicate.lower !== undefined;
}

/** A field condition that must hold; `topLevel` when it is a key of the filter itself (not inside `$and`). */
interface Conjunct {
  field: string;
  condition: unknown;
  topLevel: boolean;
}

/**
 * Field conditions that all must hold: the top level plus the members of a top-level `$and`. The fields of an
 * `$elemMatch` object (`{intents: {$elemMatch: {intent: 'x'}}}`) also yield `intents.intent: 'x'`: every
 * match has that value among its keys there, so an index may narrow the candidates by it, but never answers
 * it (the conditions must hold for one and the same element), so it is not top-level.
 */
function conjuncts(filter: Document, topLevel = true): Conjunct[] {
  const out: Conjunct[] = [];
  for (const [field, condition] of Object.entries(filter)) {
    if (field === '$and' && Array.isArray(condition)) {
      for (const member of condition)
        if (member && typeof member === 'object') out.push(...conjuncts(member as Document, false));
    } else if (!field.startsWith('$')) {
      out.push({ field, condition, topLevel });
      const element = isOperatorObject(condition) ? condition.$elemMatch : undefined;
      if (element && typeof element === 'object' && !Array.isArray(element)) {
        for (const [sub, subCondition] of Object.entries(element as Document)) {
          if (!sub.startsWith('$'))
            out.push({ field: `${field}.${sub}`, condition: subCondition, topLevel: false });
        }
      }
    }
  }
  return out;
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
 * Chooses how to find a query's candidates: `_id` equality through the primary map, else the index whose
 * bounds visit the fewest keys (equality on its leading fields, then a range on the next, as MongoDB bounds a
 * compound index), else a collection scan. A plan that yields the wanted sort order is preferred under a limit.
 */
export function planQuery(
  collection: Collection,
  filter: Document,
  hasCollation: boolean,
  order?: WantedOrder,
): Plan {
  const conditions = conjuncts(filter);
  const collates = (value: unknown): boolean => hasCollation && typeof value === 'string';
  for (const { field, condition } of conditions) {
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
    const exact = conditions.length === 1 && Object.keys(filter).length === 1 && equalityIsWhole(condition);
    return { stage: 'IDHACK', indexName: '_id_', keysExamined: predicate.values.length, exact, docs };
  }
  let best: IndexPlan | undefined;
  for (const index of collection.indexes) {
    // A partial index serves a query that states its filter (what MongoDB requires too); a sparse one never.
    if (!index.usableFor(filter)) continue;
    const candidate = boundsFor(index, conditions, collates, order);
    if (candidate && (!best || cheaper(candidate, best, order))) best = candidate;
  }
  if (!best) return { stage: 'COLLSCAN', keysExamined: 0, exact: false, docs: collection.docs.values() };
  return indexPlan(best, filter, order);
}

/** Which order a find wants, so a plan that yields it may stop early; absent for a count or no sort. */
export interface WantedOrder {
  sort: Document;
  /** A limit was given: an ordered scan may stop after it. */
  limited: boolean;
}

/** What one index can do for a query: equality on its leading fields, then a range on the next. */
interface IndexPlan {
  index: CollectionIndex;
  intervals: KeyInterval[];
  /** Keys in the intervals: what the scan will visit (the planner's estimate of cost). */
  keys: number;
  /** Top-level conditions the intervals answer exactly. */
  answered: Set<string>;
  /** The index field the scan's order follows (the one after a single-valued equality prefix). */
  orderedField?: string;
  /** The scan yields the wanted sort's first field in order (backwards for a descending sort). */
  ordered: boolean;
  /** Every multikey field of the index is pinned to one value: one key per document in the intervals. */
  oneKeyPerDocument: boolean;
}

/** At most this many intervals (the product of the `$in` lists of the equality prefix); MongoDB's is 200. */
const MAX_INTERVALS = 1000;

function boundsFor(
  index: CollectionIndex,
  conditions: Conjunct[],
  collates: (value: unknown) => boolean,
  order: WantedOrder | undefined,
): IndexPlan | undefined {
  const usable = (values: unknown[]) =>
    !values.some(collates) && !(index.spec.collation && values.some((value) => typeof value === 'string'));
  const prefix: { conjunct: Conjunct; values: unknown[] }[] = [];
  let range: { conjunct: Conjunct; predicate: RangePredicate; position: number } | undefined;
  let combinations = 1;
  for (let position = 0; position < index.fields.length; position++) {
    const field = index.fields[position]!;
    let equality: { conjunct: Conjunct; values: unknown[] } | undefined;
    let bounded: { conjunct: Conjunct; predicate: RangePredicate } | undefined;
    for (const conjunct of conditions) {
      if (conjunct.field !== field) continue;
      const predicate = predicateFor(conjunct.condition, conjunct.topLevel && !field.includes('.'));
      if (!predicate) continue;
      if (predicate.kind === 'eq') {
        if (usable(predicate.values) && (!equality || predicate.values.length < equality.values.length))
          equality = { conjunct, values: distinctSorted(predicate.values) };
      } else if (!bounded && usable([predicate.lower?.value, predicate.upper?.value])) {
        bounded = { conjunct, predicate };
      }
    }
    if (equality && combinations * equality.values.length <= MAX_INTERVALS) {
      prefix.push(equality);
      combinations *= equality.values.length;
      continue;
    }
    if (bounded) {
      let predicate = bounded.predicate;
      // On a multikey field both bounds may be met by different elements, so only one bound is safe.
      if (index.multikeyFields[position] && predicate.lower && predicate.upper)
        predicate = { ...predicate, upper: undefined };
      range = { conjunct: bounded.conjunct, predicate, position };
    }
    break;
  }
  if (prefix.length === 0 && !range) return undefined;
  let keyPrefixes: unknown[][] = [[]];
  for (const { values } of prefix)
    keyPrefixes = keyPrefixes.flatMap((head) => values.map((value) => [...head, value]));
  const intervals: KeyInterval[] = keyPrefixes.map((values) => ({
    prefix: values,
    range: range && {
      rank: range.predicate.rank,
      lower: range.predicate.lower,
      upper: range.predicate.upper,
    },
  }));
  const answered = new Set<string>();
  for (const { conjunct } of prefix)
    if (conjunct.topLevel && equalityIsWhole(conjunct.condition)) answered.add(conjunct.field);
  if (
    range &&
    range.conjunct.topLevel &&
    !index.multikeyFields[range.position] &&
    rangeIsWhole(range.conjunct.condition, range.predicate)
  )
    answered.add(range.conjunct.field);
  const orderPosition = prefix.length;
  const orderedField = combinations === 1 ? index.fields[orderPosition] : undefined;
  const sortField = order && Object.keys(order.sort)[0];
  const ordered =
    orderedField !== undefined &&
    orderedField === sortField &&
    !index.multikeyFields[orderPosition] &&
    !index.spec.collation &&
    !collates('');
  return {
    index,
    intervals,
    keys: intervals.reduce((sum, interval) => sum + index.sorted.count(interval), 0),
    answered,
    orderedField,
    ordered,
    oneKeyPerDocument: index.multikeyFields.every(
      (multikey, position) =>
        !multikey || (position < prefix.length && prefix[position]!.values.length === 1),
    ),
  };
}

function distinctSorted(values: unknown[]): unknown[] {
  const sorted = [...values].sort((a, b) => compareBson(a, b));
  return sorted.filter((value, i) => i === 0 || compareBson(sorted[i - 1], value) !== 0);
}

/**
 * A rough cost to compare plans: the keys visited, doubled when the matches must then be sorted, halved when
 * the scan yields the sort's order under a limit (it may stop early). Ties go to the plan that answers more
 * of the filter, then to a unique index.
 */
function cost(plan: IndexPlan, order: WantedOrder | undefined): number {
  if (!order) return plan.keys;
  if (!plan.ordered) return plan.keys * 2;
  return order.limited ? plan.keys / 2 : plan.keys;
}

function cheaper(a: IndexPlan, b: IndexPlan, order: WantedOrder | undefined): boolean {
  const ca = cost(a, order);
  const cb = cost(b, order);
  if (ca !== cb) return ca < cb;
  if (a.answered.size !== b.answered.size) return a.answered.size > b.answered.size;
  return a.index.unique && !b.index.unique;
}

function indexPlan(chosen: IndexPlan, filter: Document, order: WantedOrder | undefined): Plan {
  const residual: Document = {};
  for (const [field, condition] of Object.entries(filter))
    if (!chosen.answered.has(field)) residual[field] = condition;
  const exact = Object.keys(residual).length === 0;
  const reverse = chosen.ordered && order?.sort[chosen.orderedField!] === -1;
  const orderedBy = chosen.ordered ? { lastKey: undefined as unknown } : undefined;
  const position = chosen.index.fields.indexOf(chosen.orderedField ?? '');
  const plan: Plan = {
    stage: 'IXSCAN',
    indexName: chosen.index.name,
    keysExamined: 0,
    exact,
    residual: exact ? undefined : residual,
    orderedBy,
    docs: [],
  };
  const intervals = reverse ? [...chosen.intervals].reverse() : chosen.intervals;
  plan.docs = {
    *[Symbol.iterator]() {
      const seen = chosen.oneKeyPerDocument ? undefined : new Set<string>();
      for (const interval of intervals) {
        for (const entry of chosen.index.sorted.scan(interval, reverse)) {
          plan.keysExamined++;
          if (seen) {
            if (seen.has(entry.id)) continue;
            seen.add(entry.id);
          }
          if (orderedBy) orderedBy.lastKey = entry.key[position];
          yield entry.doc;
        }
      }
    },
  };
  if (exact && chosen.oneKeyPerDocument) {
    plan.count = () => {
      const n = chosen.intervals.reduce((sum, interval) => sum + chosen.index.sorted.count(interval), 0);
      plan.keysExamined = n;
      return n;
    };
  }
  return plan;
}
