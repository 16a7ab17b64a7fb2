import { expect } from 'chai';
import { COMMON_PASSWORDS } from '../../../server/auth/common-passwords.ts';
import {
  hashPassword,
  isCommonPassword,
  passwordWeakness,
  verifyPassword,
} from '../../../server/auth/password.ts';

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
    expect(passwordWeakness('short')).to.match(/at least 12/);
    expect(passwordWeakness('eleven-char')).to.match(/at least 12/);
    expect(passwordWeakness('aaaaaaaaaaaa')).to.match(/different characters/);
    expect(passwordWeakness('ada-lovelace-1815', 'ada-lovelace@example.com')).to.match(/email/);
    expect(passwordWeakness('plenty of variety here')).to.equal(undefined);
  });

  it('refuses the most common passwords, also with digits or symbols added, look-alikes or repeats', () => {
    for (const common of [
      'password1234',
      'Password1234!',
      'P@ssw0rd2026!',
      '2026password',
      'qwertyuiop123',
      '123456789012',
      '1qaz2wsx3edc',
      'qwertyqwerty',
      'passwordpassword',
      '!!!letmein!!!!',
      'iloveyou2026!!',
      'trustno1trustno1',
      'QWERTY123456',
    ]) {
      expect(isCommonPassword(common), common).to.equal(true);
      expect(passwordWeakness(common), common).to.match(/most common passwords/);
    }
  });

  it('accepts long passwords that merely contain a common word', () => {
    for (const fine of [
      'correct horse battery staple',
      'Summer2026!Summer',
      'my dog likes 1234 cats',
      'password manager generated: 7f3k-q9zp',
      '839201746512',
    ]) {
      expect(isCommonPassword(fine), fine).to.equal(false);
      expect(passwordWeakness(fine), fine).to.equal(undefined);
    }
  });

  it('bundles a list of over a thousand common passwords', () => {
    expect(COMMON_PASSWORDS.size).to.be.above(1000);
    expect(COMMON_PASSWORDS.has('123456')).to.equal(true);
  });
});
