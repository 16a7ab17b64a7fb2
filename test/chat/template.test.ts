import { expect } from 'chai';
import { fillTemplate, placeholdersOf, renderResponse } from '../../server/actions/template.ts';

describe('response templates', () => {
  it('fills placeholders from the values given', () => {
    expect(
      fillTemplate('Order {order_number} is {status}.', { order_number: 'A-1', status: 'shipped' }),
    ).to.equal('Order A-1 is shipped.');
    expect(placeholdersOf('Hi {name}, about {order_number}')).to.deep.equal(['name', 'order_number']);
  });

  it('refuses a template with a placeholder that has no value', () => {
    expect(fillTemplate('Hi {name}!', {})).to.equal(null);
    expect(fillTemplate('Hi {name}!', { name: '' })).to.equal(null);
  });

  it('skips variants whose placeholders cannot all be filled', () => {
    const variants = ['Hi {name}!', 'Hello there!'];
    for (const random of [0, 0.5, 0.99]) {
      expect(renderResponse(variants, {}, () => random)).to.equal('Hello there!');
    }
  });

  it('chooses among the fillable variants with the random source', () => {
    const variants = ['one {x}', 'two {x}', 'three {x}'];
    expect(renderResponse(variants, { x: 1 }, () => 0)).to.equal('one 1');
    expect(renderResponse(variants, { x: 1 }, () => 0.5)).to.equal('two 1');
    expect(renderResponse(variants, { x: 1 }, () => 0.999)).to.equal('three 1');
  });

  it('returns null when no variant can be filled', () => {
    expect(renderResponse(['Hi {name}'], {})).to.equal(null);
    expect(renderResponse([], {})).to.equal(null);
  });
});
