import { expect } from 'chai';
import { agreement, article, isPluralName, listOf } from '../../../server/products/product-facts.ts';
import { pluralOf } from '../../../server/products/product-answers.ts';
import { sameWord } from '../../../server/products/product-search.ts';

describe('product wording (server/products)', () => {
  it('knows plural product names and makes verbs agree', () => {
    for (const name of [
      'Foam Ear Tips (3 pairs)',
      'Pulse Pro Earbuds',
      'Paper Filters (100)',
      'Single-Origin Coffee Beans 1 kg',
    ])
      expect(isPluralName(name), name).to.equal(true);
    for (const name of [
      'Resistance Bands Set',
      'Nimbus 14 Laptop',
      'Power Bank 10,000 mAh',
      'Glide Wireless Mouse',
    ])
      expect(isPluralName(name), name).to.equal(false);
    expect(agreement('Paper Filters (100)')).to.include({ costs: 'cost', is: 'are', its: "they're" });
    expect(agreement('Pour-Over Kettle')).to.include({ costs: 'costs', is: 'is', its: "it's" });
  });

  it('picks a or an by sound, lists 1, 2 and 3 items, and pluralises kinds', () => {
    expect(article('80')).to.equal('an');
    expect(article('14-inch')).to.equal('a');
    expect(article('IPX7')).to.equal('an');
    expect(article('USB-C')).to.equal('a');
    expect(article('hour')).to.equal('an');
    expect(listOf(['black'])).to.equal('black');
    expect(listOf(['black', 'white'])).to.equal('black and white');
    expect(listOf(['a', 'b', 'c'], 'or')).to.equal('a, b or c');
    expect(pluralOf('speaker')).to.equal('speakers');
    expect(pluralOf('headphones')).to.equal('headphones');
    expect(pluralOf('mouse')).to.equal('mice');
  });

  it('tolerates typos but not a different first letter pair ("sneakers" is not "speakers")', () => {
    expect(sameWord('headphnes', 'headphones')).to.equal(true);
    expect(sameWord('earbds', 'earbuds')).to.equal(true);
    expect(sameWord('sneakers', 'speakers')).to.equal(false);
    expect(sameWord('night', 'light')).to.equal(false);
  });
});
