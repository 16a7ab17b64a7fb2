import { expect } from 'chai';
import {
  escapeRegExp,
  normaliseEmail,
  normaliseList,
  normalisePhone,
} from '../../../server/data/normalise.ts';

describe('contact detail normalisation', () => {
  it('lowercases and trims emails, and rejects what is not an address', () => {
    expect(normaliseEmail('  Ada.Lovelace@Example.COM ')).to.equal('ada.lovelace@example.com');
    expect(normaliseEmail('not an email')).to.equal(null);
    expect(normaliseEmail('ada@localhost')).to.equal(null);
  });

  it('turns phones into + and digits when an international prefix is given', () => {
    expect(normalisePhone('+1 (555) 123-4567')).to.equal('+15551234567');
    expect(normalisePhone('0044 20 7946 0958')).to.equal('+442079460958');
    expect(normalisePhone('020 7946 0958')).to.equal('02079460958');
    expect(normalisePhone('12345')).to.equal(null);
    expect(normalisePhone('call me maybe')).to.equal(null);
  });

  it('deduplicates after normalising and drops invalid entries', () => {
    expect(normaliseList(['A@b.io', 'a@b.io ', 'nope', 'c@d.io'], normaliseEmail)).to.deep.equal([
      'a@b.io',
      'c@d.io',
    ]);
  });

  it('escapes every regular-expression metacharacter in search text', () => {
    const text = 'a.b*c+d?e^f$g{h}i(j)k|l[m]n\\o';
    expect(new RegExp(`^${escapeRegExp(text)}$`).test(text)).to.equal(true);
    expect(new RegExp(escapeRegExp('.*')).test('anything')).to.equal(false);
  });
});
