import type { Document } from 'bson';
import { Context } from 'mingo';
import type { Options } from 'mingo/types';

import { collationOperators } from './collation.ts';

export interface QueryEnvironment {
  collation?: Document;
  /** `let` values, already evaluated. */
  variables?: Document;
  /** Resolves a collection name of the current database for $lookup, $graphLookup, $unionWith. */
  resolveCollection?: (name: string) => Document[];
}

/** mingo's options for one command: no server-side JavaScript, MongoDB's strict semantics. */
export function mingoOptions(env: QueryEnvironment = {}): Partial<Options> {
  const options: {
    -readonly [K in keyof Options]?: Options[K];
  } = { scriptEnabled: false, useStrictMode: true, idKey: '_id' };
  if (env.collation && typeof env.collation.locale === 'string' && env.collation.locale !== 'simple') {
    options.collation = env.collation as unknown as Options['collation'];
    options.context = Context.init({ query: collationOperators(env.collation) });
  }
  if (env.variables) options.variables = env.variables;
  if (env.resolveCollection) options.collectionResolver = env.resolveCollection;
  return options;
}
