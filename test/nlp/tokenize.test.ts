import { expect } from 'chai';
import { chunkBounds } from '../../nlp/steps/tokenize.ts';
import type { NlpPipeline } from '../../nlp/pipeline.ts';
import { stepsPipeline } from './support/pipeline-fixtures.ts';

describe('tokenize, POS and lemma steps', () => {
  let pipeline: NlpPipeline;
  before(async () => {
    pipeline = await stepsPipeline();
  });

  it('gives each token its text, offsets into the original, POS tag and lemma', () => {
    const { tokens } = pipeline.analyse('The parcels were delivered');
    expect(tokens).to.deep.equal([
      { text: 'The', start: 0, end: 3, pos: 'DET', lemma: 'the' },
      { text: 'parcels', start: 4, end: 11, pos: 'NOUN', lemma: 'parcel' },
      { text: 'were', start: 12, end: 16, pos: 'AUX', lemma: 'be' },
      { text: 'delivered', start: 17, end: 26, pos: 'VERB', lemma: 'deliver' },
    ]);
  });

  it('keeps offsets into the original text through whitespace folding, NFKC and emoji', () => {
    const original = '  Hi\u00a0\u00a0there 😀👍🏽  ﬁle  isn\u2019t   café!\n';
    const { tokens } = pipeline.analyse(original);
    for (const token of tokens) expect(original.slice(token.start, token.end)).to.equal(token.text);
    expect(tokens.map((t) => t.text)).to.include.members(['Hi', 'there', '😀', 'ﬁle', 'café', '!']);
    expect(tokens.find((t) => t.text === 'ﬁle')?.lemma).to.equal('file');
  });

  it('keeps an emoji sequence (family, skin tone, flag) as one token', () => {
    const original = 'hi 👨\u200d👩\u200d👧 👍🏽 🇬🇧 ok';
    const { tokens } = pipeline.analyse(original);
    expect(tokens.map((t) => t.text)).to.deep.equal(['hi', '👨\u200d👩\u200d👧', '👍🏽', '🇬🇧', 'ok']);
    for (const token of tokens) expect(original.slice(token.start, token.end)).to.equal(token.text);
    expect(tokens.map((t) => t.lemma)).to.deep.equal(['hi', '👨', '👍', '🇬', 'ok']);
  });

  it('splits contractions the way wink-nlp does, with "n\'t" lemmatised to "not"', () => {
    const { tokens } = pipeline.analyse("it hasn't arrived");
    expect(tokens.map((t) => [t.text, t.lemma])).to.deep.equal([
      ['it', 'it'],
      ['has', 'have'],
      ["n't", 'not'],
      ['arrived', 'arrive'],
    ]);
  });

  it('reads long text in chunks cut at spaces, and still covers every word', () => {
    const text = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const bounds = chunkBounds(text, 50);
    expect(bounds.length).to.be.greaterThan(1);
    for (const [start, end] of bounds) expect(end - start).to.be.at.most(50);
    for (const [, end] of bounds.slice(0, -1)) expect(text[end]).to.equal(' ');
    const analysed = pipeline.analyse(text).tokens.map((t) => t.text);
    expect(analysed).to.have.length(60);
    expect(analysed[59]).to.equal('word59');
  });

  it('cuts a chunk inside a space-free run without splitting a surrogate pair', () => {
    const text = 'a' + '😀'.repeat(100);
    for (const [start, end] of chunkBounds(text, 50)) {
      expect(text.charCodeAt(start)).to.not.be.within(0xdc00, 0xdfff);
      expect(end - start).to.be.at.most(50);
    }
  });
});
