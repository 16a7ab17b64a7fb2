import { expect } from 'chai';
import { LoginThrottle } from '../../../server/auth/login-throttle.ts';

describe('the login throttle', () => {
  let now: number;
  let throttle: LoginThrottle;
  beforeEach(() => {
    now = 1_000_000;
    throttle = new LoginThrottle({ freeFailures: 3, baseDelayMs: 1000, maxDelayMs: 8000, now: () => now });
  });

  it('lets the first few failures through without waiting', () => {
    for (let i = 0; i < 3; i += 1) throttle.recordFailure('ada@shop.test', '10.0.0.1');
    expect(throttle.retryAfterMs('ada@shop.test', '10.0.0.1')).to.equal(0);
  });

  it('then doubles the wait after every further failure, up to the cap', () => {
    const waits: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      throttle.recordFailure('ada@shop.test', '10.0.0.1');
      waits.push(throttle.retryAfterMs('ada@shop.test', '10.0.0.1'));
    }
    expect(waits).to.deep.equal([0, 0, 0, 1000, 2000, 4000, 8000, 8000]);
  });

  it('keeps each email and address pair apart, ignoring the email case', () => {
    for (let i = 0; i < 4; i += 1) throttle.recordFailure('Ada@Shop.test', '10.0.0.1');
    expect(throttle.retryAfterMs('ada@shop.test', '10.0.0.1')).to.equal(1000);
    expect(throttle.retryAfterMs('ada@shop.test', '10.0.0.2')).to.equal(0);
    expect(throttle.retryAfterMs('ben@shop.test', '10.0.0.1')).to.equal(0);
  });

  it('lets time pass the wait and forgets after a success', () => {
    for (let i = 0; i < 4; i += 1) throttle.recordFailure('ada@shop.test', '10.0.0.1');
    now += 600;
    expect(throttle.retryAfterMs('ada@shop.test', '10.0.0.1')).to.equal(400);
    now += 400;
    expect(throttle.retryAfterMs('ada@shop.test', '10.0.0.1')).to.equal(0);
    throttle.recordSuccess('ada@shop.test', '10.0.0.1');
    throttle.recordFailure('ada@shop.test', '10.0.0.1');
    expect(throttle.retryAfterMs('ada@shop.test', '10.0.0.1')).to.equal(0);
  });

  it('stays bounded in memory under a flood of distinct pairs', () => {
    const small = new LoginThrottle({ maxEntries: 100, now: () => now });
    for (let i = 0; i < 1000; i += 1) small.recordFailure(`user${i}@shop.test`, '10.0.0.1');
    expect((small as unknown as { entries: Map<string, unknown> }).entries.size).to.be.at.most(100);
  });
});
