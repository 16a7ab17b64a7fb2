import { expect } from 'chai';
import { hashPassword, passwordWeakness, verifyPassword } from '../../../server/auth/password.ts';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('a long enough passphrase');
    expect(await verifyPassword('a long enough passphrase', hash)).to.equal(true);
    expect(await verifyPassword('a long enough passphrasE', hash)).to.equal(false);
  });

  it('salts every hash, so equal passwords do not give equal hashes', async () => {
    const [first, second] = await Promise.all([
      hashPassword('same password 123'),
      hashPassword('same password 123'),
    ]);
    expect(first).not.to.equal(second);
    expect(first).to.match(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
  });

  it('treats a malformed stored hash as a mismatch rather than an error', async () => {
    expect(await verifyPassword('anything', 'plaintext')).to.equal(false);
    expect(await verifyPassword('anything', 'scrypt$x$8$1$c2FsdA==$aGFzaA==')).to.equal(false);
  });

  it('explains why a password is too weak', () => {
    expect(passwordWeakness('short')).to.match(/at least 10/);
    expect(passwordWeakness('aaaaaaaaaaaa')).to.match(/different characters/);
    expect(passwordWeakness('ada-lovelace-1815', 'ada-lovelace@example.com')).to.match(/email/);
    expect(passwordWeakness('plenty of variety here')).to.equal(undefined);
  });
});
