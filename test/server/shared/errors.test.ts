import { expect } from 'chai';
import { AppError, ERROR_CATALOGUE, statusOf, toClientError } from '../../../server/shared/errors.ts';

describe('the error catalogue', () => {
  it('gives every code an HTTP status and a message', () => {
    for (const [code, entry] of Object.entries(ERROR_CATALOGUE)) {
      expect(entry.status, code).to.be.within(400, 599);
      expect(entry.message, code).to.be.a('string').and.not.equal('');
    }
  });

  it('has the codes HTTP and sockets rely on, with their statuses', () => {
    const expected = {
      VALIDATION_FAILED: 400,
      INVALID_ID: 400,
      UNAUTHENTICATED: 401,
      INVALID_TOKEN: 401,
      FORBIDDEN: 403,
      ORIGIN_NOT_ALLOWED: 403,
      NOT_FOUND: 404,
      CONFLICT: 409,
      PAYLOAD_TOO_LARGE: 413,
      MESSAGE_TOO_LONG: 413,
      RATE_LIMITED: 429,
      INTERNAL: 500,
      UNAVAILABLE: 503,
    };
    for (const [code, status] of Object.entries(expected)) {
      expect(new AppError(code as keyof typeof ERROR_CATALOGUE).status, code).to.equal(status);
    }
  });

  it('turns an AppError into { code, message } and keeps safe details', () => {
    const error = new AppError('RATE_LIMITED', undefined, { details: { retryAfterSeconds: 3 } });
    expect(toClientError(error)).to.deep.equal({
      code: 'RATE_LIMITED',
      message: ERROR_CATALOGUE.RATE_LIMITED.message,
      details: { retryAfterSeconds: 3 },
    });
    expect(statusOf(error)).to.equal(429);
  });

  it('hides anything else behind INTERNAL, without its message or stack', () => {
    const leak = new Error('E11000 duplicate key error collection: concierge.users index: email_1');
    const client = toClientError(leak);
    expect(client).to.deep.equal({ code: 'INTERNAL', message: ERROR_CATALOGUE.INTERNAL.message });
    expect(JSON.stringify(client)).not.to.include('E11000');
    expect(statusOf(leak)).to.equal(500);
    expect(toClientError('a string')).to.have.property('code', 'INTERNAL');
  });

  it('keeps the cause for the logs while the client sees only the code', () => {
    const cause = new Error('driver detail');
    const error = new AppError('ALREADY_EXISTS', 'A user with this email already exists.', { cause });
    expect(error.cause).to.equal(cause);
    expect(JSON.stringify(toClientError(error))).not.to.include('driver detail');
  });
});
