import { expect } from 'chai';
import type { SparseVector } from '../../../nlp/intent/features.ts';
import { trainSquaredHingeSvm } from '../../../nlp/intent/squared-hinge-svm.ts';
import { openSvmThread, SvmThreadError } from '../../../nlp/intent/svm-thread/svm-thread.ts';
import { trainLinearClassifier } from '../../../nlp/intent/train.ts';
import { SHOP_EXAMPLES } from './fixture.ts';

const STAND_IN = new URL('./support/svm-thread-stand-in.mjs', import.meta.url);

// Three classes over five features, each example a few non-zeros.
const VECTORS: SparseVector[] = Array.from({ length: 30 }, (_, i) => ({
  indices: Int32Array.from([i % 5, (i + 2) % 5]).sort(),
  values: Float32Array.from([1, 0.5 + (i % 3) / 4]),
}));
const LABELS = Int32Array.from(VECTORS, (_, i) => i % 3);
const OPTIONS = { cost: 1, maxIterations: 50, tolerance: 0.1, seed: 5 };

describe('the SVM training thread', function () {
  this.timeout(60_000);

  it('trains the same SVM, to the bit, as the calling thread', () => {
    const thread = openSvmThread();
    try {
      const answer = thread.submit(VECTORS, LABELS, 3, 5, OPTIONS).wait();
      const here = trainSquaredHingeSvm(VECTORS, LABELS, 3, 5, OPTIONS);
      expect(Array.from(answer.weights)).to.deep.equal(Array.from(here.weights));
      expect(Array.from(answer.bias)).to.deep.equal(Array.from(here.bias));
      // The thread serves one job after another.
      const second = thread.submit(VECTORS, LABELS, 3, 5, { ...OPTIONS, cost: 2 }).wait();
      const secondHere = trainSquaredHingeSvm(VECTORS, LABELS, 3, 5, { ...OPTIONS, cost: 2 });
      expect(Array.from(second.weights)).to.deep.equal(Array.from(secondHere.weights));
    } finally {
      thread.close();
    }
  });

  it('gives the classifier the same artifact whether the SVM trains on its own thread or not', () => {
    const threaded = trainLinearClassifier(SHOP_EXAMPLES, { seed: 4, svmThread: true });
    const single = trainLinearClassifier(SHOP_EXAMPLES, { seed: 4, svmThread: false });
    expect(threaded.toJSON()).to.deep.equal(single.toJSON());
  });

  it('stops waiting at once when the thread dies, with an error that says so', () => {
    const thread = openSvmThread({ entry: STAND_IN });
    const started = Date.now();
    try {
      expect(() => thread.submit(VECTORS, LABELS, 3, 5, { ...OPTIONS, seed: 1 }).wait())
        .to.throw(SvmThreadError)
        .with.property('message', 'the SVM training thread stopped before it answered');
      expect(Date.now() - started).to.be.below(30_000);
    } finally {
      thread.close();
    }
  });

  it('passes on a failure the thread reports', () => {
    const thread = openSvmThread({ entry: STAND_IN });
    try {
      expect(() => thread.submit(VECTORS, LABELS, 3, 5, { ...OPTIONS, seed: 2 }).wait()).to.throw(
        'SVM training failed in its thread: no memory left, on purpose',
      );
    } finally {
      thread.close();
    }
  });

  it('gives up on a thread that makes no progress for the stall time', () => {
    const thread = openSvmThread({ entry: STAND_IN, stallMs: 1500 });
    try {
      expect(() => thread.submit(VECTORS, LABELS, 3, 5, { ...OPTIONS, seed: 3 }).wait()).to.throw(
        'the SVM training thread made no progress for 1.5 s',
      );
    } finally {
      thread.close();
    }
  });
});
