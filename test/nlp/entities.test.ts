import { expect } from 'chai';
import type { NlpPipeline } from '../../nlp/pipeline.ts';
import type { Entity } from '../../nlp/types.ts';
import { createNlpPipeline } from '../../nlp/pipeline.ts';
import {
  REFERENCE_NOW,
  defaultIntentData,
  fixedClassifier,
  stepsPipeline,
} from './support/pipeline-fixtures.ts';

describe('entity step', () => {
  let pipeline: NlpPipeline;
  before(async () => {
    pipeline = await stepsPipeline();
  });
  const entitiesOf = (text: string): Entity[] => pipeline.analyse(text).entities;
  const only = (text: string, type: Entity['type']): Entity[] =>
    entitiesOf(text).filter((e) => e.type === type);

  it('maps every entity back to the exact original text', () => {
    const text = '  Order\u00a0#10023 — mail  JO@example.com about the ﬁrst hedphones  ';
    for (const entity of entitiesOf(text)) expect(text.slice(entity.start, entity.end)).to.equal(entity.text);
  });

  describe('email, URL and phone', () => {
    it('finds an email, lower-cased as value', () => {
      expect(entitiesOf('mail me at Jo.Bloggs+shop@Example.co.uk.')).to.deep.equal([
        {
          type: 'email',
          value: 'jo.bloggs+shop@example.co.uk',
          text: 'Jo.Bloggs+shop@Example.co.uk',
          start: 11,
          end: 39,
        },
      ]);
    });

    it('finds a URL without its trailing punctuation, and a www. one with a scheme added', () => {
      const [first, second] = only(
        'see https://shop.example.com/help?q=1. or www.example.org/returns!',
        'url',
      );
      expect(first).to.include({
        text: 'https://shop.example.com/help?q=1',
        value: 'https://shop.example.com/help?q=1',
      });
      expect(second).to.include({
        text: 'www.example.org/returns',
        value: 'https://www.example.org/returns',
      });
    });

    it('normalises phone numbers to digits, with + for international ones', () => {
      expect(only('call +44 7700 900123 please', 'phone')[0]).to.include({
        value: '+447700900123',
        text: '+44 7700 900123',
      });
      expect(only('or 0044 (20) 7946-0958', 'phone')[0]).to.include({ value: '+442079460958' });
      expect(only('my number is 555-010-2233', 'phone')[0]).to.include({
        value: '5550102233',
        text: '555-010-2233',
      });
    });

    it('does not take short numbers, prices or ISO dates for phone numbers', () => {
      expect(only('I want 3 of them for 12.50 on 2026-12-01, code 48211', 'phone')).to.deep.equal([]);
    });
  });

  describe('order and ticket numbers (patterns from the settings)', () => {
    it('reads #10023, ORD-10023 and "order 10023" as the same order number', () => {
      for (const text of [
        'where is #10023',
        'where is ORD-10023?',
        'where is order 10023',
        'order number 10023 pls',
      ]) {
        const [order] = only(text, 'order_number');
        expect(order?.value, text).to.equal('10023');
      }
      expect(only('ORD-10023', 'order_number')[0]?.text).to.equal('ORD-10023');
    });

    it('reads T-1042 and "ticket 1042" as ticket T-1042', () => {
      expect(only('any news on T-1042?', 'ticket_number')[0]).to.include({ value: 'T-1042', text: 'T-1042' });
      expect(only('about ticket 1042', 'ticket_number')[0]).to.include({ value: 'T-1042', text: '1042' });
    });

    it('prefers the order number to a phone number over the same digits', () => {
      const entities = entitiesOf('status of ORD-1002345');
      expect(entities.map((e) => e.type)).to.deep.equal(['order_number']);
    });
  });

  describe('money (compromise)', () => {
    it('reads symbols, codes and currency words with amounts', () => {
      const money = only('I paid $45.99, then 20 euros, £5 and 12.50 EUR', 'money');
      expect(money.map((m) => [m.text, m.value])).to.deep.equal([
        ['$45.99', { amount: 45.99, currency: 'USD' }],
        ['20 euros', { amount: 20, currency: 'EUR' }],
        ['£5', { amount: 5, currency: 'GBP' }],
        ['12.50 EUR', { amount: 12.5, currency: 'EUR' }],
      ]);
    });

    it('reads amounts written in words through compromise', () => {
      expect(only('it was twenty dollars', 'money')[0]).to.deep.include({
        text: 'twenty dollars',
        value: { amount: 20, currency: 'USD' },
      });
    });

    it('reads thousands separators and leaves bare numbers alone', () => {
      expect(only('I paid $1,200.50 for 3 items', 'money').map((m) => m.value)).to.deep.equal([
        { amount: 1200.5, currency: 'USD' },
      ]);
    });

    it('reads amounts in words in at most the configured number of windows', () => {
      const text = Array.from({ length: 20 }, () => 'it costs ten dollars').join(' and then a long pause, ');
      const money = only(text, 'money');
      // two windows of at most 160 characters, from the first cue on: the rest of the message is not read
      expect(money.length).to.be.within(1, 19);
      for (const m of money) expect(m.end).to.be.at.most(400);
    });
  });

  describe('dates, relative to the reference date (Wednesday 2026-11-25)', () => {
    const table: [string, string, unknown][] = [
      ['can it come tomorrow?', 'tomorrow', { date: '2026-11-26' }],
      ['I ordered yesterday', 'yesterday', { date: '2026-11-24' }],
      ['deliver it the day after tomorrow', 'the day after tomorrow', { date: '2026-11-27' }],
      ['by friday please', 'friday', { date: '2026-11-27' }],
      ['next wednesday', 'next wednesday', { date: '2026-12-02' }],
      ['it shipped last monday', 'last monday', { date: '2026-11-23' }],
      ['sometime next week', 'next week', { start: '2026-11-30', end: '2026-12-06' }],
      ['this weekend', 'this weekend', { start: '2026-11-28', end: '2026-11-29' }],
      ['in 3 days', 'in 3 days', { date: '2026-11-28' }],
      ['two weeks ago', 'two weeks ago', { date: '2026-11-11' }],
      ['on 2026-12-24', '2026-12-24', { date: '2026-12-24' }],
      ['on March 3rd', 'March 3rd', { date: '2027-03-03' }],
      ['on 30 november', '30 november', { date: '2026-11-30' }],
      ['on christmas day', 'on christmas day', { date: '2026-12-25' }],
      ['before christmas', 'before christmas', { start: '2026-11-25', end: '2026-12-24' }],
      ['by the end of the month', 'by the end of the month', { start: '2026-11-25', end: '2026-11-30' }],
      ['by the end of the week', 'by the end of the week', { start: '2026-11-25', end: '2026-11-29' }],
      ['on halloween', 'on halloween', { date: '2027-10-31' }],
      ['until friday', 'until friday', { start: '2026-11-25', end: '2026-11-27' }],
      ['on 03/12', '03/12', { date: '2026-03-12' }],
      ['around easter', 'easter', { date: '2027-03-28' }],
      ['on black friday', 'black friday', { date: '2026-11-27' }],
      ['in a fortnight', 'in a fortnight', { date: '2026-12-09' }],
      [
        'at the start of next month',
        'at the start of next month',
        { start: '2026-12-01', end: '2026-12-31' },
      ],
    ];
    it('reads 03/12 day first when the settings say so', async () => {
      const { settings } = await defaultIntentData();
      const european = createNlpPipeline({
        classifier: fixedClassifier(),
        settings: { ...settings, entities: { ...settings.entities, dates: { numericDayFirst: true } } },
        now: () => REFERENCE_NOW,
      });
      expect(european.analyse('on 03/12/2026').entities[0]?.value).to.deep.equal({ date: '2026-12-03' });
    });

    it('does not read "24/7" as a date', () => {
      expect(only('is the chat open 24/7?', 'date')).to.deep.equal([]);
    });

    for (const [text, matched, value] of table) {
      it(`reads "${matched}" in "${text}"`, () => {
        const [date] = only(text, 'date');
        expect(date?.text).to.equal(matched);
        expect(date?.value).to.deep.equal(value);
      });
    }
  });

  describe('catalogue products and categories', () => {
    it('finds a product by its name, case-insensitively, with its id', () => {
      expect(only('do you have the aurora headphones in black?', 'product')).to.deep.equal([
        {
          type: 'product',
          value: { id: 'p-aurora', name: 'Aurora Headphones' },
          text: 'aurora headphones',
          start: 16,
          end: 33,
        },
      ]);
    });

    it('finds misspelt names: "hedphones" is the headphones category, "trail runers" the product alias', () => {
      expect(only('any cheap hedphones?', 'category')[0]).to.include({ text: 'hedphones' });
      expect(only('any cheap hedphones?', 'category')[0]?.value).to.deep.equal({
        id: 'c-headphones',
        name: 'headphones',
      });
      expect(only('my trail runers hurt', 'product')[0]?.value).to.deep.equal({
        id: 'p-trail',
        name: 'Trail Runner Shoes',
      });
    });

    it('matches plurals and multi-word categories', () => {
      expect(only('looking at kitchen appliance deals', 'category')[0]?.value).to.deep.equal({
        id: 'c-kitchen',
        name: 'kitchen appliances',
      });
    });

    it('does not fuzzily match short everyday words', () => {
      expect(only('my shoe is fine, the shop is nice', 'category').map((e) => e.text)).to.deep.equal([
        'shoe',
      ]);
    });

    it('lets a product name win over the category word inside it', () => {
      const entities = entitiesOf('the aurora hedphones broke');
      expect(entities.map((e) => e.type)).to.deep.equal(['product']);
    });

    it('finds nothing when the pipeline has no catalogue', async () => {
      const bare = await stepsPipeline({});
      expect(bare.analyse('aurora headphones').entities).to.deep.equal([]);
    });
  });

  it('keeps entities in text order and never overlapping', () => {
    const entities = entitiesOf(
      'Order #10023 for $45.99 to jo@example.com tomorrow, aurora headphones, T-1042',
    );
    expect(entities.map((e) => e.type)).to.deep.equal([
      'order_number',
      'money',
      'email',
      'date',
      'product',
      'ticket_number',
    ]);
    for (let i = 1; i < entities.length; i += 1)
      expect(entities[i]!.start).to.be.at.least(entities[i - 1]!.end);
  });
});
