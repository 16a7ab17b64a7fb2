import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { ConfigError, parseConfig } from '../../server/config.ts';
import { hashMatches, userHashOf } from '../../server/identity/user-hash.ts';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return [...(error as ConfigError).problems];
  }
  expect.fail('parseConfig accepted an invalid environment');
}

describe('IDENTITY_SECRET and the userHash', () => {
  const secret = 'the-shop-and-concierge-share-this-secret-0123';

  it('is optional (identify is then refused), and kept as given when set', () => {
    expect(parseConfig({}).identitySecret).to.equal(undefined);
    expect(parseConfig({ IDENTITY_SECRET: '  ' }).identitySecret).to.equal(undefined);
    expect(parseConfig({ IDENTITY_SECRET: secret }).identitySecret).to.equal(secret);
  });

  it('must be at least 32 characters and differ from TOKEN_SECRET, and is never repeated in the error', () => {
    const [short] = problemsOf({ IDENTITY_SECRET: 'too-short-secret' });
    expect(short).to.match(/^IDENTITY_SECRET: expected at least 32 characters$/);
    const [same] = problemsOf({ IDENTITY_SECRET: secret, TOKEN_SECRET: secret });
    expect(same).to.equal('IDENTITY_SECRET: must differ from TOKEN_SECRET');
    expect(same).not.to.include(secret);
  });

  it('is what the shop signs with: userHash is the hex HMAC-SHA256 of the user id, as the docs show', () => {
    // The five lines of docs/protocol.md, for a shop's backend.
    const userHash = createHmac('sha256', secret).update('customer-42').digest('hex');
    expect(userHashOf(secret, 'customer-42')).to.equal(userHash);
    expect(hashMatches(secret, 'customer-42', userHash)).to.equal(true);
    expect(hashMatches(secret, 'customer-42', userHash.toUpperCase())).to.equal(true);
  });

  it('refuses a hash of another id, with another secret, truncated or not hex', () => {
    const good = userHashOf(secret, 'customer-42');
    expect(hashMatches(secret, 'customer-43', good)).to.equal(false);
    expect(hashMatches(`${secret}x`, 'customer-42', good)).to.equal(false);
    expect(hashMatches(secret, 'customer-42', good.slice(0, 63))).to.equal(false);
    expect(hashMatches(secret, 'customer-42', `${good.slice(0, 63)}g`)).to.equal(false);
    expect(hashMatches(secret, 'customer-42', '')).to.equal(false);
  });
});
