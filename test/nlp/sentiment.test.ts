import { expect } from 'chai';
import type { NlpPipeline } from '../../nlp/pipeline.ts';
import { stepsPipeline } from './support/pipeline-fixtures.ts';

describe('sentiment step', () => {
  let pipeline: NlpPipeline;
  before(async () => {
    pipeline = await stepsPipeline();
  });
  const labelOf = (text: string): string => pipeline.analyse(text).sentiment.label;

  const table: [string, 'negative' | 'neutral' | 'positive'][] = [
    ['I love it, thank you so much', 'positive'],
    ['this is terrible service', 'negative'],
    ['where is my order', 'neutral'],
    ['I am not happy with this', 'negative'],
    ['not good at all', 'negative'],
    ["the app doesn't work", 'negative'],
    ['my parcel never arrived', 'negative'],
    ['nobody replied to my email', 'negative'],
    ['the refund never came', 'negative'],
  ];
  for (const [text, label] of table) {
    it(`labels "${text}" ${label}`, () => {
      expect(labelOf(text)).to.equal(label);
    });
  }

  for (const text of [
    'not bad',
    'not bad at all',
    'nothing wrong with it',
    'I am not disappointed',
    'no problem',
  ]) {
    it(`does not call "${text}" negative, and keeps a negated negative weaker than a plain positive`, () => {
      const { score, label } = pipeline.analyse(text).sentiment;
      expect(label).to.not.equal('negative');
      expect(score).to.be.below(pipeline.analyse('good').sentiment.score);
    });
  }

  it('scores in [-1, 1]', () => {
    for (const text of ['awful awful awful never arrived', 'great great great', '']) {
      const { score } = pipeline.analyse(text).sentiment;
      expect(score).to.be.within(-1, 1);
    }
  });
});
