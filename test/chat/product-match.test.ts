import { expect } from 'chai';
import { editDistance, matchProduct } from '../../server/actions/product-match.ts';

const catalogue = [
  { id: 'boots', title: 'Trail Hiking Boots' },
  { id: 'socks', title: 'Merino Wool Socks' },
  { id: 'jacket', title: 'Alpine Rain Jacket' },
  { id: 'cap', title: 'Sun Cap' },
];

describe('fuzzy product matching', () => {
  it('counts a swap of neighbouring letters as one edit', () => {
    expect(editDistance('boots', 'bots')).to.equal(1);
    expect(editDistance('hiking', 'hikign')).to.equal(1);
    expect(editDistance('merino', 'marino')).to.equal(1);
    expect(editDistance('jacket', 'jcket')).to.equal(1);
    expect(editDistance('rain', 'snow')).to.equal(4);
  });

  it('finds the product named with typos', () => {
    expect(matchProduct('do the trail hikng bots run small?', catalogue)?.item.id).to.equal('boots');
    expect(matchProduct('is the marino wool sock warm', catalogue)?.item.id).to.equal('socks');
    expect(matchProduct('tell me about the alpine jackett', catalogue)?.item.id).to.equal('jacket');
  });

  it('prefers the product with more of its name in the text', () => {
    const items = [
      { id: 'a', title: 'Rain Jacket' },
      { id: 'b', title: 'Alpine Rain Jacket' },
    ];
    expect(matchProduct('alpine rain jacket please', items)?.item.id).to.equal('b');
  });

  it('does not match on short words or on unrelated text', () => {
    expect(matchProduct('where is my order', catalogue)).to.equal(null);
    // "sun" alone is three letters: one edit would change the word, and no strong word matched.
    expect(matchProduct('is it sunny', catalogue)).to.equal(null);
  });
});
