import { expect } from 'chai';
import type { ConversationMemory } from '../../../server/assistant/conversation-memory.ts';
import { latestList, referencedOrder, referencedProduct } from '../../../server/assistant/references.ts';
import type { ProductRecord } from '../../../server/data/records.ts';
import { CATALOGUE, demoStock } from '../../../server/data/seed/catalogue.ts';

const PRODUCTS: ProductRecord[] = CATALOGUE.map((entry, index) => ({
  id: entry.sku,
  sku: entry.sku,
  name: entry.name,
  description: entry.description,
  category: entry.category,
  price: entry.price,
  currency: 'USD',
  attributes: entry.attributes,
  tags: entry.tags,
  imageUrl: null,
  active: true,
  stock: demoStock(entry.sku, index),
}));
const bySku = (sku: string) => PRODUCTS.find((p) => p.sku === sku)!;

function memory(lists: string[][], orders: string[] = []): ConversationMemory {
  return {
    lastShown: lists[0] ?? [],
    shownLists: lists,
    shown: [...new Set(lists.flat())],
    orders,
    visitorEntities: [],
    visitorTexts: [],
  };
}

describe('follow-up references (server/assistant/references.ts)', () => {
  const compared = memory([['AUD-111', 'AUD-110']]);

  it('"the other one", "the second", "the cheaper one" point at the products just shown', () => {
    const topic = bySku('AUD-111');
    expect(referencedProduct('and the other one?', PRODUCTS, compared, topic)?.product.sku).to.equal(
      'AUD-110',
    );
    expect(referencedProduct('how much is the second?', PRODUCTS, compared, topic)?.product.sku).to.equal(
      'AUD-110',
    );
    expect(referencedProduct('is the cheaper one in stock?', PRODUCTS, compared, topic)).to.deep.include({
      explicit: true,
    });
    expect(
      referencedProduct('is the cheaper one in stock?', PRODUCTS, compared, topic)?.product.sku,
    ).to.equal('AUD-110');
    expect(referencedProduct('the more expensive one then', PRODUCTS, compared, topic)?.product.sku).to.equal(
      'AUD-111',
    );
  });

  it('"the normal ones" after a Pro is the plain model of that name, never on other words', () => {
    const pro = bySku('AUD-111');
    const talked = memory([['AUD-111']]);
    for (const text of [
      'and the normal pulse ones?',
      'the regular one, how much?',
      'what about the basic version',
    ])
      expect(referencedProduct(text, PRODUCTS, talked, pro)?.product.sku, text).to.equal('AUD-110');
    // No step up discussed, or "standard" about something else: no reference to the plain model.
    expect(
      referencedProduct('the normal one?', PRODUCTS, talked, bySku('AUD-110'))?.product.sku,
    ).to.not.equal('AUD-110');
    expect(referencedProduct('is standard shipping free for these?', PRODUCTS, talked, pro)).to.equal(
      undefined,
    );
  });

  it('a word of its name picks one of the products discussed ("the 16 one", "the pro")', () => {
    const laptops = memory([['CMP-100']]);
    expect(
      referencedProduct('how much is the 16 one?', PRODUCTS, laptops, bySku('CMP-100'))?.product.sku,
    ).to.equal('CMP-101');
    expect(referencedProduct('and the pro?', PRODUCTS, compared, bySku('AUD-110'))?.product.sku).to.equal(
      'AUD-111',
    );
  });

  it('points at nothing without such words or without products in the conversation', () => {
    expect(referencedProduct('what is your return policy?', PRODUCTS, compared, bySku('AUD-111'))).to.equal(
      undefined,
    );
    expect(referencedProduct('the first time I ordered', PRODUCTS, compared, undefined)).to.equal(undefined);
    expect(referencedProduct('and the other one?', PRODUCTS, memory([]), undefined)).to.equal(undefined);
  });

  it('"the second" counts families: a product shown with its colour variant is one choice', () => {
    const lists = memory([
      ['AUD-100', 'AUD-101'],
      ['AUD-100', 'AUD-130'],
    ]);
    expect(latestList(PRODUCTS, lists).map((p) => p.sku)).to.deep.equal(['AUD-100', 'AUD-130']);
    expect(referencedProduct('and the second?', PRODUCTS, lists, bySku('AUD-100'))?.product.sku).to.equal(
      'AUD-130',
    );
  });

  it('orders: "the first one", "my other order" among the orders the conversation mentioned', () => {
    const two = memory([], ['ORD-1', 'ORD-2']);
    expect(referencedOrder('cancel the first one', two, 'ORD-2')).to.equal('ORD-1');
    expect(referencedOrder('and my other order?', two, 'ORD-2')).to.equal('ORD-1');
    expect(referencedOrder('what about the second order', two, 'ORD-1')).to.equal('ORD-2');
    expect(referencedOrder('and my other order?', memory([], ['ORD-1']), 'ORD-1')).to.equal(undefined);
    expect(referencedOrder('where is my order', two, 'ORD-2')).to.equal(undefined);
  });
});
