import { expect } from 'chai';
import { dequantize, quantize } from '../../../nlp/intent/quantize.ts';
import {
  extractFeatureCounts,
  DEFAULT_FEATURES,
  lightStem,
  MAX_INTENT_TEXT_LENGTH,
} from '../../../nlp/intent/features.ts';
import { normalizeForIntent } from '../../../nlp/intent/normalize.ts';

describe('the model artifact encoding', () => {
  it('quantises weights to 16 bits within half a step of the original', () => {
    const values = Float32Array.from([0, 1.5, -3, 0.001, 2.999]);
    const restored = dequantize(quantize(values));
    const step = 3 / 32767;
    values.forEach((v, i) => expect(Math.abs(restored[i]! - v)).to.be.at.most(step / 2 + 1e-9));
  });

  it('decodes the same values after a JSON round trip', () => {
    const quantized = quantize([0.25, -0.5, 0.125]);
    expect(dequantize(JSON.parse(JSON.stringify(quantized)))).to.deep.equal(dequantize(quantized));
  });

  it('refuses an encoded array of the wrong length', () => {
    expect(() => dequantize({ ...quantize([1, 2]), length: 3 })).to.throw(/expected 6 bytes/);
  });
});

describe('intent features', () => {
  it('normalise case, accents, apostrophes, digits and punctuation', () => {
    expect(normalizeForIntent("  Where's my CAFÉ order #12345?!  ")).to.equal('wheres my cafe order 0');
  });

  it('strip common suffixes only from longer words', () => {
    expect(['refunds', 'ordered', 'shipping', 'deliveries', 'bus', 'was'].map(lightStem)).to.deep.equal([
      'refund',
      'order',
      'shipp',
      'delivery',
      'bus',
      'was',
    ]);
  });

  it('count word n-grams with sentence boundaries and character n-grams within words', () => {
    const { words, chars } = extractFeatureCounts('Cancel it', { ...DEFAULT_FEATURES, stemWords: false });
    expect([...words.keys()].sort()).to.deep.equal([
      'w<s> cancel',
      'wcancel',
      'wcancel it',
      'wit',
      'wit </s>',
    ]);
    expect(chars.get('c it ')).to.equal(1);
    expect(chars.has('cl it')).to.equal(false);
  });
});

describe('the length cap on classified text', () => {
  it('reads only the first MAX_INTENT_TEXT_LENGTH characters, so a pasted essay costs what a long message does', () => {
    const head = 'where is my order '.repeat(60).slice(0, MAX_INTENT_TEXT_LENGTH);
    const a = extractFeatureCounts(head + ' refund refund refund', DEFAULT_FEATURES);
    const b = extractFeatureCounts(head, DEFAULT_FEATURES);
    expect(a).to.deep.equal(b);
  });
});
