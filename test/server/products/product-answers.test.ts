import { expect } from 'chai';
import { loadReplyTemplates } from '../../../intents/replies.ts';
import { createNlpPipeline, type NlpPipeline } from '../../../nlp/pipeline.ts';
import type { ProductRecord } from '../../../server/data/records.ts';
import { CATALOGUE, demoStock } from '../../../server/data/seed/catalogue.ts';
import { categoryEntries } from '../../../server/gateway/visitor-chat.ts';
import {
  answerAboutProduct,
  answerByBrandWord,
  answerComparison,
  answerDoYouSell,
  recommendWithin,
  type ProductQuestion,
} from '../../../server/products/product-answers.ts';
import { createReplies, type Replies } from '../../../server/replies/replies.ts';
import { defaultIntentData, fixedClassifier } from '../../nlp/support/pipeline-fixtures.ts';

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

describe('product answers (demo catalogue)', () => {
  let pipeline: NlpPipeline;
  let replies: Replies;
  before(async () => {
    const { settings } = await defaultIntentData();
    pipeline = createNlpPipeline({
      classifier: fixedClassifier('product_info'),
      settings,
      catalogue: {
        products: PRODUCTS.map((p) => ({ id: p.id, name: p.name })),
        categories: categoryEntries(PRODUCTS),
      },
    });
    replies = createReplies(await loadReplyTemplates(), () => 0);
  });
  const question = (text: string, previous?: ProductRecord): ProductQuestion => ({
    text,
    entities: pipeline.analyse(text).entities,
    products: PRODUCTS,
    replies,
    ...(previous ? { previous } : {}),
  });

  it('answers "in white?" with a sentence (in stock, price) and the white variant’s card, never attribute keys', () => {
    const answer = answerAboutProduct(question('Do you have the Aria headphones in white?'))!;
    expect(answer.outcome).to.equal('variant_available');
    expect(answer.text).to.match(/^Yes/).and.contain('$149.00').and.contain('in stock');
    expect(answer.text).not.to.match(/colour:|wireless: true|batteryHours/);
    expect(answer.suggestions).to.deep.equal([
      {
        type: 'product',
        productId: 'AUD-101',
        title: 'Aria Over-Ear Headphones (White)',
        price: 149,
        sku: 'AUD-101',
        url: '/products/AUD-101',
      },
    ]);
  });

  it('gives the price of a product named with typos', () => {
    const answer = answerAboutProduct(question('how much are the pulse pro earbds?'))!;
    expect(answer.outcome).to.equal('price');
    expect(answer.text).to.contain('Pulse Pro Earbuds').and.contain('$129.00');
  });

  it('says which colours exist when the one asked for does not', () => {
    const answer = answerAboutProduct(question('is the Boom Max speaker available in red?'))!;
    expect(answer.outcome).to.equal('variant_missing');
    expect(answer.text).to.contain('red').and.contain('black');
  });

  it('resolves "what about the white one?" against the product just discussed', () => {
    const aria = PRODUCTS.find((p) => p.sku === 'AUD-100')!;
    const answer = answerAboutProduct(question('what about the white one?', aria))!;
    expect(answer.suggestions.map((s) => s.productId)).to.deep.equal(['AUD-101']);
  });

  it('says honestly that the shop does not sell running shoes, and what it does sell', () => {
    const answer = answerDoYouSell(question('do you sell running shoes?'))!;
    expect(answer.outcome).to.equal('not_carried');
    expect(answer.text).to.contain("don't carry running shoes").and.contain('audio');
    expect(answer.suggestions).to.deep.equal([]);
  });

  it('shows the products when the shop does sell the thing asked about (typos allowed)', () => {
    const answer = answerDoYouSell(question('do you sell yoga mats?'))!;
    expect(answer.outcome).to.equal('carried');
    expect(answer.suggestions.map((s) => s.title)).to.include('Grip Yoga Mat');
    expect(answerDoYouSell(question('do you carry headphnes?'))!.outcome).to.equal('carried');
  });

  it('answers a name we do not have by the product a word of it points at, never "we don\'t carry"', () => {
    const closest = answerByBrandWord(
      question('how much is the aria pro max headset'),
      'aria pro max headset',
    )!;
    expect(closest.outcome).to.equal('closest_by_name');
    expect(closest.text).to.contain('Aria Over-Ear Headphones').and.contain('$149.00');
    const family = answerDoYouSell(question('do you sell the smaller boom one?'), 'the smaller boom one')!;
    expect(family.outcome).to.equal('named_family');
    expect(family.text).to.contain('Boom products').and.contain('$69.00').and.contain('$179.00');
    // Kinds, tags and everyday words in names point at nothing by themselves.
    expect(answerByBrandWord(question('a clear case'), 'a clear case')).to.equal(undefined);
    expect(answerByBrandWord(question('wireless speaker'), 'wireless speaker')).to.equal(undefined);
  });

  it('compares two products in one sentence with their prices and the difference', () => {
    const answer = answerComparison(question('Aria headphones vs Pulse Pro earbuds, which is better?'))!;
    expect(answer.outcome).to.equal('compared');
    expect(answer.text).to.contain('$149.00').and.contain('$129.00').and.contain('$20.00 cheaper');
  });

  it('honours category, price ceiling and features in a recommendation request', () => {
    const answer = recommendWithin(question('Can you recommend some wireless headphones under $150?'))!;
    expect(answer.outcome).to.equal('recommended_constrained');
    const picked = answer.suggestions.map((s) => PRODUCTS.find((p) => p.id === s.productId)!);
    expect(picked).to.not.be.empty;
    for (const p of picked) {
      expect(p.price).to.be.at.most(150);
      expect(p.tags[0]).to.be.oneOf(['headphones', 'earbuds']);
      expect(p.attributes['wireless']).to.equal(true);
    }
    expect(answer.text).to.contain('under $150.00');
  });

  it('says so when nothing meets the constraints, and names the nearest product', () => {
    const answer = recommendWithin(question('a laptop under $300'))!;
    expect(answer.outcome).to.equal('none_within');
    expect(answer.text).to.contain('Nimbus 14 Laptop').and.contain('$999.00');
  });

  it('leaves a request without constraints to the recommendation model', () => {
    expect(recommendWithin(question('what do you recommend?'))).to.equal(undefined);
  });
});
