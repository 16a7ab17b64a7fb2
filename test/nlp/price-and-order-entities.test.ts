import { expect } from 'chai';
import type { NlpPipeline } from '../../nlp/pipeline.ts';
import type { Entity } from '../../nlp/types.ts';
import { stepsPipeline } from './support/pipeline-fixtures.ts';

describe('entity step: order numbers in any form and price limits', () => {
  let pipeline: NlpPipeline;
  before(async () => {
    pipeline = await stepsPipeline();
  });
  const only = (text: string, type: Entity['type']) =>
    pipeline.analyse(text).entities.filter((e) => e.type === type);

  for (const text of [
    'my order number is 11329',
    'order no. 11329',
    'order: 11329',
    'order#11329',
    'ORD-11329',
    'ORD 11329',
    'ord11329',
    '#11329',
    'the order id is 11329, thanks',
  ]) {
    it(`reads the order number 11329 in "${text}"`, () => {
      expect(only(text, 'order_number').map((e) => e.value)).to.deep.equal(['11329']);
    });
  }

  it('does not take a quantity or a price for an order number', () => {
    expect(only('I ordered 2 items for $45.99', 'order_number')).to.deep.equal([]);
  });

  const limits: Array<[string, Record<string, unknown>, string]> = [
    ['wireless headphones under $150?', { max: 150, currency: 'USD' }, 'under $150'],
    ['earbuds for less than 100 dollars', { max: 100, currency: 'USD' }, 'less than 100 dollars'],
    ['something below 90€', { max: 90, currency: 'EUR' }, 'below 90€'],
    ['headphones under 150', { max: 150 }, 'under 150'],
    ['my budget is 200', { max: 200 }, 'budget is 200'],
    ['a tent between 50 and 80 euros', { min: 50, max: 80, currency: 'EUR' }, 'between 50 and 80 euros'],
    ['a laptop over $1,000', { min: 1000, currency: 'USD' }, 'over $1,000'],
    // A negated floor is a ceiling.
    ['a speaker not over 50 dollars', { max: 50, currency: 'USD' }, 'not over 50 dollars'],
    ['a lamp not above $40', { max: 40, currency: 'USD' }, 'not above $40'],
    // A ceiling said after the amount.
    ['I need a speaker asap, 80 max', { max: 80 }, '80 max'],
    ['earbuds, 60 dollars tops', { max: 60, currency: 'USD' }, '60 dollars tops'],
    ['a mouse for 30 or less', { max: 30 }, '30 or less'],
    ['my budget is 150$', { max: 150, currency: 'USD' }, 'budget is 150$'],
  ];
  for (const [text, value, span] of limits) {
    it(`reads the price limit in "${text}" as one entity, not money`, () => {
      const found = pipeline
        .analyse(text)
        .entities.filter((e) => e.type === 'price_range' || e.type === 'money');
      expect(found.map((e) => [e.type, e.value, e.text])).to.deep.equal([['price_range', value, span]]);
    });
  }

  for (const text of ['a mat under 5 kg', 'returns up to 30 days', 'over 2 years old']) {
    it(`sees no price in "${text}" (another unit follows the number)`, () => {
      expect(only(text, 'price_range')).to.deep.equal([]);
    });
  }
});
