import {
  BSON,
  MongoBulkWriteError,
  MongoClientBulkWriteError,
  MongoError,
  MongoOperationTimeoutError,
  MongoServerError,
  type Document,
} from 'mongodb';
import { assertMatches, describe, type MatchContext } from './match.ts';
import { bulkWriteResultDocument, clientBulkWriteResultDocument } from './results.ts';
import type { ExpectedError } from './spec-files.ts';

export class ExpectationFailure extends Error {
  override name = 'ExpectationFailure';
}

export function errorSummary(error: unknown): string {
  if (!(error instanceof Error)) return describe(error);
  const code = (error as { code?: unknown }).code;
  return `${error.name}${code === undefined ? '' : ` (code ${String(code)})`}: ${error.message}`;
}

/**
 * A server error is one the server answered (MongoServerError and its bulk/write-concern subclasses); a
 * client error is the driver's own (validation, network, BSON encoding). A TypeError or the like is
 * neither: it means the runner is wrong, and must not satisfy an `isClientError` expectation.
 */
function errorSide(error: unknown): 'server' | 'client' | 'other' {
  if (error instanceof MongoServerError) return 'server';
  if (error instanceof MongoError || BSON.BSONError.isBSONError(error)) return 'client';
  return 'other';
}

/** The partial result that a failed bulk write carries, in the same plain shape as a successful one. */
function partialResult(error: unknown): unknown {
  if (error instanceof MongoBulkWriteError) return bulkWriteResultDocument(error.result);
  if (error instanceof MongoClientBulkWriteError && error.partialResult) {
    return clientBulkWriteResultDocument(error.partialResult);
  }
  return undefined;
}

/** Write errors keyed by the index of the failed write, as the spec's `writeErrors` assertion expects. */
function writeErrorsByIndex(error: unknown): Document {
  const byIndex: Document = {};
  if (error instanceof MongoClientBulkWriteError) {
    for (const [index, writeError] of error.writeErrors) byIndex[String(index)] = { ...writeError };
  } else if (error instanceof MongoBulkWriteError) {
    for (const { index, code, errmsg, errInfo } of [error.writeErrors].flat()) {
      byIndex[String(index)] = { code, message: errmsg, errmsg, errInfo };
    }
  }
  return byIndex;
}

export function checkExpectedError(expected: ExpectedError, error: unknown, context: MatchContext): void {
  const fail = (detail: string) => {
    throw new ExpectationFailure(`${detail}; the error was ${errorSummary(error)}`);
  };
  if (expected.isClientError !== undefined) {
    const wanted = expected.isClientError ? 'client' : 'server';
    if (errorSide(error) !== wanted) fail(`expected a ${wanted} error`);
  }
  if (expected.isTimeoutError !== undefined) {
    if (error instanceof MongoOperationTimeoutError !== expected.isTimeoutError)
      fail('timeout error mismatch');
  }
  const message = error instanceof Error ? error.message : String(error);
  if (
    expected.errorContains !== undefined &&
    !message.toLowerCase().includes(expected.errorContains.toLowerCase())
  ) {
    fail(`expected the message to contain "${expected.errorContains}"`);
  }
  const serverFields = error as { code?: unknown; codeName?: unknown; errorResponse?: unknown };
  if (expected.errorCode !== undefined && serverFields.code !== expected.errorCode) {
    fail(`expected error code ${expected.errorCode}`);
  }
  if (expected.errorCodeName !== undefined && serverFields.codeName !== expected.errorCodeName) {
    fail(`expected error code name ${expected.errorCodeName}`);
  }
  for (const label of expected.errorLabelsContain ?? []) {
    if (!(error instanceof MongoError && error.hasErrorLabel(label))) fail(`expected error label ${label}`);
  }
  for (const label of expected.errorLabelsOmit ?? []) {
    if (error instanceof MongoError && error.hasErrorLabel(label)) fail(`unexpected error label ${label}`);
  }
  const assertPart = (part: string, expectedPart: unknown, actualPart: unknown) => {
    try {
      assertMatches(expectedPart, actualPart, context);
    } catch (failure) {
      fail(`${part}: ${(failure as Error).message}`);
    }
  };
  if (expected.errorResponse !== undefined) {
    assertPart('errorResponse', expected.errorResponse, serverFields.errorResponse);
  }
  if (expected.expectResult !== undefined) {
    assertPart('expectResult', expected.expectResult, partialResult(error));
  }
  if (expected.writeErrors !== undefined) {
    const actual = writeErrorsByIndex(error);
    if (Object.keys(actual).length !== Object.keys(expected.writeErrors).length) {
      fail(`expected ${Object.keys(expected.writeErrors).length} write errors, got ${describe(actual)}`);
    }
    for (const [index, expectedWriteError] of Object.entries(expected.writeErrors)) {
      assertPart(`writeErrors.${index}`, expectedWriteError, actual[index]);
    }
  }
  if (expected.writeConcernErrors !== undefined) {
    const actual =
      error instanceof MongoClientBulkWriteError ? error.writeConcernErrors.map((e) => ({ ...e })) : [];
    assertPart('writeConcernErrors', expected.writeConcernErrors, actual);
  }
}
