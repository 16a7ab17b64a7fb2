import { expect } from 'chai';
import { mostConfusedPairs } from '../../../nlp/evaluation/confused-pairs.ts';

describe('the most-confused pairs', () => {
  const items = [
    { text: 'stop my order', gold: 'cancel_order', predicted: 'order_status', confidence: 0.6 },
    { text: 'call off my order', gold: 'cancel_order', predicted: 'order_status', confidence: 0.9 },
    { text: 'annul it', gold: 'cancel_order', predicted: 'order_status', confidence: 0.7 },
    { text: 'bye', gold: 'goodbye', predicted: 'greeting', confidence: 0.5 },
    { text: 'hello', gold: 'greeting', predicted: 'greeting', confidence: 0.99 },
  ];

  it('lists the most frequent mistakes first, with the most confidently wrong utterances as examples', () => {
    const pairs = mostConfusedPairs(items, 10, 2);
    expect(pairs).to.deep.equal([
      {
        gold: 'cancel_order',
        predicted: 'order_status',
        count: 3,
        examples: [
          { text: 'call off my order', confidence: 0.9 },
          { text: 'annul it', confidence: 0.7 },
        ],
      },
      { gold: 'goodbye', predicted: 'greeting', count: 1, examples: [{ text: 'bye', confidence: 0.5 }] },
    ]);
  });

  it('keeps only the requested number of pairs and ignores correct answers', () => {
    expect(mostConfusedPairs(items, 1)).to.have.length(1);
    expect(mostConfusedPairs(items.slice(4))).to.deep.equal([]);
  });
});
