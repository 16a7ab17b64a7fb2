import { expect } from 'chai';
import { createHashingQueue } from '../../../server/auth/hashing-queue.ts';
import { AppError } from '../../../server/shared/errors.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('the password hashing queue', () => {
  it('runs at most `concurrency` tasks at once, the others in arrival order', async () => {
    const queue = createHashingQueue({ concurrency: 2, maxWaiting: 10 });
    const gates = Array.from({ length: 5 }, deferred);
    const started: number[] = [];
    let peak = 0;
    const runs = gates.map((gate, i) =>
      queue.run(async () => {
        started.push(i);
        peak = Math.max(peak, queue.running);
        await gate.promise;
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).to.deep.equal([0, 1]);
    expect(queue.waiting).to.equal(3);
    for (const gate of gates) gate.resolve();
    expect(await Promise.all(runs)).to.deep.equal([0, 1, 2, 3, 4]);
    expect(started).to.deep.equal([0, 1, 2, 3, 4]);
    expect(peak).to.equal(2);
    expect(queue.running).to.equal(0);
  });

  it('refuses at once with RATE_LIMITED when the waiting line is full', async () => {
    const queue = createHashingQueue({ concurrency: 1, maxWaiting: 1 });
    const gate = deferred();
    const first = queue.run(() => gate.promise);
    const second = queue.run(async () => 'second');
    const third = await queue
      .run(async () => 'third')
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(third).to.be.instanceOf(AppError);
    expect((third as AppError).code).to.equal('RATE_LIMITED');
    expect((third as AppError).details).to.deep.equal({ retryAfterSeconds: 1 });
    gate.resolve();
    await first;
    expect(await second).to.equal('second');
  });

  it('frees the slot when a task fails', async () => {
    const queue = createHashingQueue({ concurrency: 1, maxWaiting: 5 });
    await queue.run(() => Promise.reject(new Error('boom'))).catch(() => undefined);
    expect(await queue.run(async () => 'next')).to.equal('next');
    expect(queue.running).to.equal(0);
  });
});
