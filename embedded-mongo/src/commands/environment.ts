import type { Document } from 'bson';
import { Aggregator } from 'mingo/aggregator';

import { Codes, MongoCommandError } from '../errors.ts';
import { mingoOptions, normalizeCollation } from '../engine/mingo-options.ts';
import type { Collection } from '../engine/collection.ts';
import type { QueryEnvironment } from '../engine/mingo-options.ts';
import { collectionForRead } from '../engine/views.ts';
import { optionalDocument } from './arguments.ts';
import type { CommandContext } from './context.ts';

/** Evaluates `let` values as expressions (`{$literal: "$x"}` becomes the string "$x"), as MongoDB does. */
export function evaluateLet(letDoc: Document | undefined): Document | undefined {
  if (!letDoc || Object.keys(letDoc).length === 0) return undefined;
  for (const name of Object.keys(letDoc)) {
    // MongoDB: user variables start with a lowercase ASCII letter or a non-ASCII character.
    if (!/^[a-z][A-Za-z0-9_]*$/.test(name) && !/^[^\p{ASCII}]/u.test(name)) {
      throw new MongoCommandError(
        Codes.FailedToParse,
        `'${name}' starts with an invalid character for a user variable name`,
      );
    }
  }
  const [evaluated] = new Aggregator([{ $replaceWith: letDoc }], mingoOptions()).run([{}]) as Document[];
  return evaluated;
}

export function validateCollation(collation: Document | undefined): Document | undefined {
  if (!collation) return undefined;
  if (typeof collation.locale !== 'string') {
    throw new MongoCommandError(Codes.FailedToParse, "BSON field 'locale' is missing but a required field");
  }
  return normalizeCollation(collation);
}

/** Documents of a collection or view of the command's database, for $lookup, $graphLookup, $unionWith. */
function resolver(context: CommandContext): (name: string) => Document[] {
  const resolve = (name: string): Document[] => [
    ...(collectionForRead(context.engine.catalog, context.db, name, {
      resolveCollection: resolve,
    })?.docs.values() ?? []),
  ];
  return resolve;
}

/** The collection a read command targets; a view becomes the documents it currently shows. */
export function readTarget(context: CommandContext, name: string): Collection | undefined {
  return collectionForRead(context.engine.catalog, context.db, name, {
    resolveCollection: resolver(context),
  });
}

/** Collation, `let` variables and a collection resolver for one command. */
export function queryEnvironment(
  command: Document,
  context: CommandContext,
  letDoc?: Document,
): QueryEnvironment {
  const env: QueryEnvironment = { resolveCollection: resolver(context) };
  const collation = validateCollation(optionalDocument(command, 'collation'));
  if (collation) env.collation = collation;
  const variables = evaluateLet(letDoc ?? optionalDocument(command, 'let'));
  if (variables) env.variables = variables;
  return env;
}
