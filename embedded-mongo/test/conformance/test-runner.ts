import type { MongoClient, WriteConcernSettings } from 'mongodb';
import { EntityMap } from './entities.ts';
import { checkExpectedError, errorSummary, ExpectationFailure } from './expected-error.ts';
import { checkExpectedEvents } from './expected-events.ts';
import { assertMatches, describe, MatchFailure, NO_ENTITIES } from './match.ts';
import {
  disableFailPoints,
  executeOperation,
  UnsupportedOperation,
  type ActiveFailPoint,
} from './operations.ts';
import type { CollectionData, Operation, UnifiedFile, UnifiedTest } from './spec-files.ts';

const MAJORITY: WriteConcernSettings = { w: 'majority' };

/** Drop, create if the spec asks, insert: the spec's initialData steps, through the runner's own client. */
export async function loadInitialData(internal: MongoClient, data: CollectionData[]): Promise<void> {
  for (const { collectionName, databaseName, documents, createOptions } of data) {
    const database = internal.db(databaseName);
    await database.collection(collectionName).drop({ writeConcern: MAJORITY });
    if (createOptions !== undefined || documents.length === 0) {
      await database.createCollection(collectionName, { ...createOptions, writeConcern: MAJORITY });
    }
    if (documents.length > 0) {
      await database.collection(collectionName).insertMany(documents, { writeConcern: MAJORITY });
    }
  }
}

/** The final contents must equal the expected documents exactly: same order by _id, no extra fields. */
export async function checkOutcome(internal: MongoClient, outcome: CollectionData[]): Promise<void> {
  for (const { collectionName, databaseName, documents } of outcome) {
    const actual = await internal
      .db(databaseName)
      .collection(collectionName)
      .find({}, { sort: { _id: 1 }, readConcern: { level: 'local' } })
      .toArray();
    try {
      assertMatches(documents, actual, NO_ENTITIES, { extraKeysAtRoot: false });
    } catch (failure) {
      throw new MatchFailure(`outcome ${databaseName}.${collectionName}`, `${(failure as Error).message}`);
    }
  }
}

async function runOperation(operation: Operation, entities: EntityMap, failPoints: ActiveFailPoint[]) {
  let result: unknown;
  let error: unknown;
  let threw = false;
  try {
    result = await executeOperation(operation, entities, failPoints);
  } catch (caught) {
    if (caught instanceof UnsupportedOperation) throw caught;
    threw = true;
    error = caught;
  }
  if (operation.ignoreResultAndError) return;
  if (operation.expectError !== undefined) {
    if (!threw) throw new ExpectationFailure(`expected an error, got the result ${describe(result)}`);
    checkExpectedError(operation.expectError, error, entities);
    return;
  }
  if (threw) throw new ExpectationFailure(`unexpected error ${errorSummary(error)}`);
  if ('expectResult' in operation) {
    try {
      assertMatches(operation.expectResult, result, entities);
    } catch (failure) {
      throw new MatchFailure('result', `${(failure as Error).message}; the result was ${describe(result)}`);
    }
  }
  if (operation.saveResultAsEntity !== undefined) entities.saveResult(operation.saveResultAsEntity, result);
}

/**
 * Runs one test from initial data to outcome. Throws on the first unmet expectation; the message names the
 * operation so that a failure report points at the step that went wrong.
 */
export async function runUnifiedTest(
  file: UnifiedFile,
  test: UnifiedTest,
  uri: string,
  internal: MongoClient,
): Promise<void> {
  const entities = new EntityMap(uri);
  const failPoints: ActiveFailPoint[] = [];
  try {
    await loadInitialData(internal, file.initialData ?? []);
    await entities.create(file.createEntities ?? []);
    for (const [index, operation] of test.operations.entries()) {
      try {
        await runOperation(operation, entities, failPoints);
      } catch (failure) {
        const message = failure instanceof Error ? failure.message : String(failure);
        throw new ExpectationFailure(
          `operation ${index} (${operation.object}.${operation.name}): ${message}`,
        );
      }
    }
    await disableFailPoints(failPoints);
    if (test.expectEvents !== undefined) checkExpectedEvents(test.expectEvents, entities);
    if (test.outcome !== undefined) await checkOutcome(internal, test.outcome);
  } finally {
    await disableFailPoints(failPoints).catch(() => undefined);
    await entities.close();
  }
}
