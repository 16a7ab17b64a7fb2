import { expect } from 'chai';
import { coalesced } from '../../server/agent/coalesce.ts';

describe('coalesced runs', () => {
  it('folds requests made during a run into one follow-up run, and loses none', async () => {
    const starts: number[] = [];
    let release!: () => void;
    const task = coalesced(
      async () => {
        starts.push(Date.now());
        if (starts.length === 1) await new Promise<void>((resolve) => (release = resolve));
      },
      (error) => {
        throw error;
      },
    );
    task.request();
    for (let i = 0; i < 100; i += 1) task.request();
    release();
    await task.settled();
    expect(starts).to.have.length(2);
    task.request();
    await task.settled();
    expect(starts).to.have.length(3);
  });

  it('starts a follow-up run no sooner than the gap after the previous run started', async () => {
    const starts: number[] = [];
    const task = coalesced(
      async () => {
        starts.push(performance.now());
      },
      (error) => {
        throw error;
      },
      { minGapMs: 80 },
    );
    task.request();
    task.request();
    task.request();
    await task.settled();
    expect(starts).to.have.length(2);
    // A lower bound only: a loaded machine can make the gap longer, never shorter.
    expect(starts[1]! - starts[0]!).to.be.at.least(79);
  });

  it('reports a failed run and still runs the follow-up', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const task = coalesced(
      async () => {
        runs += 1;
        if (runs === 1) throw new Error('first run fails');
      },
      (error) => errors.push(error),
    );
    task.request();
    task.request();
    await task.settled();
    expect(runs).to.equal(2);
    expect(errors).to.have.length(1);
  });
});
