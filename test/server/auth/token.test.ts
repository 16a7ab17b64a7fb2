import { expect } from 'chai';
import { signToken, verifyToken } from '../../../server/auth/token.ts';
import { AppError } from '../../../server/shared/errors.ts';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const NOW = Date.UTC(2026, 10, 25, 3, 0, 0);

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    expect(error).to.be.instanceOf(AppError);
    return (error as AppError).code;
  }
  return undefined;
}

describe('signed tokens', () => {
  it('carry subject, role and expiry back unchanged', () => {
    const token = signToken({ sub: 'user-1', role: 'agent' }, SECRET, 60, NOW);
    const claims = verifyToken(token, SECRET, NOW + 59_000);
    expect(claims).to.include({ sub: 'user-1', role: 'agent', iat: NOW / 1000, exp: NOW / 1000 + 60 });
  });

  it('expire at their exp time', () => {
    const token = signToken({ sub: 'user-1', role: 'agent' }, SECRET, 60, NOW);
    expect(codeOf(() => verifyToken(token, SECRET, NOW + 60_000))).to.equal('TOKEN_EXPIRED');
  });

  it('are refused when signed with another secret', () => {
    const token = signToken(
      { sub: 'user-1', role: 'agent' },
      'another-secret-of-thirty-two-characters!',
      60,
      NOW,
    );
    expect(codeOf(() => verifyToken(token, SECRET, NOW))).to.equal('INVALID_TOKEN');
  });

  it('are refused when the payload was edited (e.g. agent → admin)', () => {
    const [header, payload, signature] = signToken({ sub: 'u', role: 'agent' }, SECRET, 60, NOW).split('.');
    const edited = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), role: 'admin' }),
    ).toString('base64url');
    expect(codeOf(() => verifyToken(`${header}.${edited}.${signature}`, SECRET, NOW))).to.equal(
      'INVALID_TOKEN',
    );
  });

  it('refuse the "alg: none" trick and garbage', () => {
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: 'u', role: 'admin', iat: 1, exp: 9e9 })).toString(
      'base64url',
    );
    expect(codeOf(() => verifyToken(`${none}.${payload}.`, SECRET, NOW))).to.equal('INVALID_TOKEN');
    expect(codeOf(() => verifyToken('not-a-token', SECRET, NOW))).to.equal('INVALID_TOKEN');
    expect(codeOf(() => verifyToken('a.b.c', SECRET, NOW))).to.equal('INVALID_TOKEN');
  });
});
