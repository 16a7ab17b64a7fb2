import { expect } from 'chai';
import { MongoAPIError, MongoNetworkError, MongoServerError } from 'mongodb';
import { checkExpectedError, ExpectationFailure } from './expected-error.ts';
import { NO_ENTITIES } from './match.ts';
import type { ExpectedError } from './spec-files.ts';

function satisfies(expected: ExpectedError, error: unknown): boolean {
  try {
    checkExpectedError(expected, error, NO_ENTITIES);
    return true;
  } catch (failure) {
    if (failure instanceof ExpectationFailure) return false;
    throw failure;
  }
}

const serverError = () => new MongoServerError({ ok: 0, errmsg: 'Failing command via failCommand', code: 8 });

describe('conformance runner: checking expected errors', () => {
  it('tells server errors from client errors', () => {
    expect(satisfies({ isClientError: false }, serverError())).to.equal(true);
    expect(satisfies({ isClientError: true }, serverError())).to.equal(false);
    expect(satisfies({ isClientError: true }, new MongoAPIError('invalid argument'))).to.equal(true);
    expect(satisfies({ isClientError: true }, new MongoNetworkError('connection closed'))).to.equal(true);
  });

  it('does not let a bug in the runner pass for a client error', () => {
    expect(satisfies({ isClientError: true }, new TypeError('x is undefined'))).to.equal(false);
  });

  it('checks code, code name and message text (case-insensitively)', () => {
    const error = new MongoServerError({
      ok: 0,
      errmsg: 'E11000 duplicate key',
      code: 11000,
      codeName: 'DuplicateKey',
    });
    expect(
      satisfies({ errorCode: 11000, errorCodeName: 'DuplicateKey', errorContains: 'e11000' }, error),
    ).to.equal(true);
    expect(satisfies({ errorCode: 8 }, error)).to.equal(false);
    expect(satisfies({ errorContains: 'timeout' }, error)).to.equal(false);
  });

  it('matches errorResponse against the raw server reply as a root document', () => {
    expect(satisfies({ errorResponse: { code: 8 } }, serverError())).to.equal(true);
    expect(satisfies({ errorResponse: { code: 9 } }, serverError())).to.equal(false);
  });
});
