import type { Document } from 'bson';
import { Context } from 'mingo/core';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import * as queryOperators from 'mingo/operators/query';
import * as windowOperators from 'mingo/operators/window';
import type { Options } from 'mingo/types';

import { collationOperators } from './collation.ts';
import { $type } from './type-operator.ts';

export interface QueryEnvironment {
  collation?: Document;
  /** `let` values, already evaluated. */
  variables?: Document;
  /** Resolves a collection name of the current database for $lookup, $graphLookup, $unionWith. */
  resolveCollection?: (name: string) => Document[];
}

// The engine uses mingo's base classes (mingo/query, mingo/aggregator, mingo/updater) with this
// context: mingo's top-level wrappers merge their own operators over a caller's, which would undo
// the collation-aware equality operators.
const DEFAULT_CONTEXT = Context.from(
  Context.init({ query: { $type } }),
  Context.init({
    accumulator: accumulatorOperators,
    expression: expressionOperators,
    pipeline: pipelineOperators,
    projection: projectionOperators,
    query: queryOperators,
    window: windowOperators,
  }),
);

/** MongoDB names ICU locales with underscores (`en_US`); Intl wants BCP 47 (`en-US`). */
export function normalizeCollation(collation: Document | undefined): Document | undefined {
  if (!collation || collation.locale === 'simple') return undefined;
  return { ...collation, locale: String(collation.locale).replace(/_/g, '-') };
}

/** mingo's options for one command: no server-side JavaScript, MongoDB's strict semantics. */
export function mingoOptions(env: QueryEnvironment = {}): Options {
  const options: { -readonly [K in keyof Options]: Options[K] } = {
    scriptEnabled: false,
    useStrictMode: true,
    idKey: '_id',
    failOnError: true,
    processingMode: 0,
    context: DEFAULT_CONTEXT,
  };
  const collation = normalizeCollation(env.collation);
  if (collation) {
    options.collation = collation as unknown as Options['collation'];
    // Context.from keeps the first definition of an operator, so the collation-aware ones win.
    options.context = Context.from(Context.init({ query: collationOperators(collation) }), DEFAULT_CONTEXT);
  }
  if (env.variables) options.variables = env.variables;
  if (env.resolveCollection) options.collectionResolver = env.resolveCollection;
  return options;
}
