import { expect } from 'chai';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { DEFAULT_RATE_LIMITS, createMessageRateLimiter } from '../../server/gateway/rate-limiter.ts';

async function admitted(
  limiter: ReturnType<typeof createMessageRateLimiter>,
  count: number,
  visitor: string,
  ip: string,
) {
  const results = await Promise.all(Array.from({ length: count }, () => limiter.admit(visitor, ip)));
  return results.filter(Boolean).length;
}

describe('message rate limiter', () => {
  it('with the defaults, admits a burst of 50 from one visitor', async () => {
    const limiter = createMessageRateLimiter({ ...DEFAULT_RATE_LIMITS });
    try {
      expect(await admitted(limiter, 50, 'v1', '10.0.0.1')).to.equal(50);
    } finally {
      await limiter.close();
    }
  });

  it('with the defaults, refuses most of a flood of hundreds from one visitor while others are served', async () => {
    const limiter = createMessageRateLimiter({ ...DEFAULT_RATE_LIMITS });
    try {
      const flood = await admitted(limiter, 400, 'flooder', '10.0.0.2');
      // 50 from the full bucket, plus at most a refill or two if a second ticks over during the test.
      expect(flood).to.be.within(50, 60);
      expect(await limiter.admit('calm', '10.0.0.3')).to.equal(true);
    } finally {
      await limiter.close();
    }
  });

  it('limits an address shared by many visitors', async () => {
    const limiter = createMessageRateLimiter({
      perVisitor: { burst: 50, refillPerSecond: 1 },
      perIp: { burst: 20, refillPerSecond: 1 },
    });
    try {
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) => limiter.admit(`visitor-${i}`, '10.0.0.4')),
      );
      expect(results.filter(Boolean).length).to.be.within(20, 21);
    } finally {
      await limiter.close();
    }
  });

  it('limits new visitors per address, apart from the message buckets', async () => {
    const limiter = createMessageRateLimiter({
      ...DEFAULT_RATE_LIMITS,
      newVisitorsPerIp: { burst: 5, refillPerSecond: 1 },
    });
    try {
      const results = await Promise.all(
        Array.from({ length: 12 }, () => limiter.admitNewVisitor('10.0.0.6')),
      );
      expect(results.filter(Boolean).length).to.be.within(5, 6);
      expect(await limiter.admitNewVisitor('10.0.0.7')).to.equal(true);
      // Messages from the refused address still have their own buckets.
      expect(await limiter.admit('v-known', '10.0.0.6')).to.equal(true);
    } finally {
      await limiter.close();
    }
  });

  describe('clustered through Redis', function () {
    let redis: Redis | null = null;

    before(async function () {
      const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
      // Not lazyConnect: bottleneck duplicates the client for its subscriber and waits for it to connect.
      const client = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => null });
      client.on('error', () => {});
      try {
        await client.ping();
        redis = client;
      } catch {
        client.disconnect();
        this.skip();
      }
    });

    after(() => {
      redis?.disconnect();
    });

    it('shares one visitor bucket between two server nodes', async () => {
      const prefix = `test-${randomUUID()}`;
      const options = {
        perVisitor: { burst: 10, refillPerSecond: 1 },
        perIp: { burst: 1000, refillPerSecond: 1 },
        keyPrefix: prefix,
      };
      const nodeA = createMessageRateLimiter({ ...options, redis });
      const nodeB = createMessageRateLimiter({ ...options, redis });
      try {
        const fromA = await admitted(nodeA, 8, 'v-shared', '10.0.0.5');
        const fromB = await admitted(nodeB, 8, 'v-shared', '10.0.0.5');
        expect(fromA).to.equal(8);
        expect(fromB).to.be.within(2, 3);
      } finally {
        await nodeA.close();
        await nodeB.close();
        const keys = await redis!.keys(`b_${prefix}*`);
        if (keys.length > 0) await redis!.del(...keys);
      }
    });
  });

  it('keeps history fetches in their own buckets, apart from messages', async () => {
    const limiter = createMessageRateLimiter({
      ...DEFAULT_RATE_LIMITS,
      historyPerVisitor: { burst: 5, refillPerSecond: 1 },
    });
    try {
      const history = await Promise.all(
        Array.from({ length: 20 }, () => limiter.admitHistory('reader', '10.0.0.8')),
      );
      expect(history.filter(Boolean).length).to.be.within(5, 6);
      expect(await limiter.admit('reader', '10.0.0.8')).to.equal(true);
      expect(await limiter.admitHistory('other', '10.0.0.8')).to.equal(true);
    } finally {
      await limiter.close();
    }
  });
});
