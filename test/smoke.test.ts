import { expect } from 'chai';

describe('toolchain', () => {
  it('runs TypeScript tests through the tsx loader', () => {
    const value: number = [1, 2, 3].reduce((a, b) => a + b, 0);
    expect(value).to.equal(6);
  });
});
