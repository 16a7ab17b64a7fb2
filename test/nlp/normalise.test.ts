import { expect } from 'chai';
import { normaliseText } from '../../nlp/steps/normalise.ts';

/** The original text each normalised character came from. */
function sourcesOf(original: string, maxChars = 1000): string[] {
  const n = normaliseText(original, maxChars);
  return [...n.text].map((_, i) => original.slice(n.originStart[i], n.originEnd[i]));
}

describe('normalise step', () => {
  it('applies NFKC: ligatures, full-width letters and composed accents become plain text', () => {
    expect(normaliseText('ﬁle Ｈｅｌｌｏ cafe\u0301', 100).text).to.equal('file Hello café');
  });

  it('folds every run of whitespace (tabs, newlines, no-break spaces) to one space and trims', () => {
    expect(normaliseText('  where\t\tis \u00a0my\n\norder?  ', 100).text).to.equal('where is my order?');
  });

  it('drops control characters', () => {
    expect(normaliseText('hi\u0000 there\u0007', 100).text).to.equal('hi there');
  });

  it('maps each normalised character back to the original characters it came from', () => {
    const original = '  ﬁ  cafe\u0301';
    const n = normaliseText(original, 100);
    expect(n.text).to.equal('fi café');
    expect(sourcesOf(original)).to.deep.equal(['ﬁ', 'ﬁ', '  ', 'c', 'a', 'f', 'e\u0301']);
  });

  it('caps the text at maxChars without splitting an emoji, and says it did', () => {
    const n = normaliseText('ab😀cd', 3);
    expect(n.text).to.equal('ab');
    expect(n.truncated).to.equal(true);
    expect(normaliseText('ab😀cd', 100).truncated).to.equal(false);
  });

  it('returns at most maxChars of a 40 KB pathological message', () => {
    for (const hostile of [
      'a!'.repeat(20_000),
      '.'.repeat(40_000),
      ' '.repeat(40_000) + 'x',
      '😀'.repeat(20_000),
    ]) {
      const n = normaliseText(hostile, 500);
      expect(n.text.length).to.be.at.most(500);
      expect(n.truncated).to.equal(true);
    }
  });
});
