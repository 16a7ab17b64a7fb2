import { expect } from 'chai';
import { LoginThrottle } from '../../../server/auth/login-throttle.ts';

describe('the login throttle', () => {
  let now: number;
  let throttle: LoginThrottle;
  beforeEach(() => {
    now = 1_000_000;
    throttle = new LoginThrottle({
      freeFailures: 3,
      freeFailuresPerAddress: 100,
      baseDelayMs: 1000,
      maxDelayMs: 8000,
      now: () => now,
    });
  });

  it('lets the free failures through without waiting', () => {
    for (let i = 0; i < 2; i += 1) throttle.recordFailure('ada@shop.test', '10.0.0.1');
    expect(throttle.retryAfterMs('ada@shop.test', '10.0.0.1')).to.equal(0);
  });

  it('after the free failures makes the next attempt wait 1 s, doubling after every further failure up to the cap', () => {
    const waits: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      throttle.recordFailure('ada@shop.test', '10.0.0.1');
      waits.push(throttle.retryAfterMs('ada@shop.test', '10.0.0.1'));
    }
    expect(waits).to.deep.equal([0, 0, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('keeps each email and address pair apart, ignoring the email case', () => {
    for (let i = 0; i < 3; i += 1) throttle.recordFailure('Ada@Shop.test', '10.0.0.1');
    expect(throttle.retryAfterMs('ada@shop.test', '10.0.0.1')).to.equal(1000);
    expect(throttle.retryAfterMs('ada@shop.test', '10.0.0.2')).to.equal(0);
    expect(throttle.retryAfterMs('ben@shop.test', '10.0.0.1')).to.equal(0);
  });

  it('lets time pass the wait and forgets the pair after a success', () => {
    for (let i = 0; i < 3; i += 1) throttle.recordFailure('ada@shop.test', '10.0.0.1');
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
    for (let i = 0; i < 1000; i += 1) small.recordFailure(`user${i}@shop.test`, `10.0.${i >> 8}.${i & 255}`);
    expect(small.size).to.be.at.most(200);
  });

  describe('per address (password spraying)', () => {
    beforeEach(() => {
      throttle = new LoginThrottle({ freeFailuresPerAddress: 10, baseDelayMs: 1000, now: () => now });
    });

    it('makes every email wait once one address has failed with ten different emails', () => {
      for (let i = 0; i < 9; i += 1) throttle.recordFailure(`user${i}@shop.test`, '10.0.0.9');
      expect(throttle.retryAfterMs('someone@shop.test', '10.0.0.9')).to.equal(0);
      throttle.recordFailure('user9@shop.test', '10.0.0.9');
      expect(throttle.retryAfterMs('someone@shop.test', '10.0.0.9')).to.equal(1000);
      expect(throttle.retryAfterMs('someone@shop.test', '10.0.0.10')).to.equal(0);
    });

    it('is not reset by a success from the address', () => {
      for (let i = 0; i < 10; i += 1) throttle.recordFailure(`user${i}@shop.test`, '10.0.0.9');
      throttle.recordSuccess('known@shop.test', '10.0.0.9');
      expect(throttle.retryAfterMs('user0@shop.test', '10.0.0.9')).to.equal(1000);
    });

    it('counts attempts still being checked, so a concurrent burst cannot all slip in', () => {
      const started = Array.from({ length: 30 }, (_, i) => throttle.begin(`user${i}@shop.test`, '10.0.0.9'));
      expect(started.filter((wait) => wait === 0)).to.have.length(10);
      expect(started.slice(10).every((wait) => wait === 1000)).to.equal(true);
      for (let i = 0; i < 10; i += 1) throttle.finish(`user${i}@shop.test`, '10.0.0.9', 'failure');
      expect(throttle.retryAfterMs('user11@shop.test', '10.0.0.9')).to.equal(1000);
    });

    it('does not count an attempt whose check failed (a database error)', () => {
      for (let i = 0; i < 10; i += 1) {
        expect(throttle.begin(`user${i}@shop.test`, '10.0.0.9')).to.equal(0);
        throttle.finish(`user${i}@shop.test`, '10.0.0.9', 'error');
      }
      expect(throttle.retryAfterMs('user0@shop.test', '10.0.0.9')).to.equal(0);
    });
  });
});
