import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadIntentModel, saveIntentModel } from '../../../nlp/model-store.ts';
import { createNlpPipeline, type NlpPipeline } from '../../../nlp/pipeline.ts';
import {
  NlpWorkerStoppedError,
  startNlpWorker,
  type NlpWorker,
  type NlpWorkerEvent,
} from '../../../nlp/worker/start-worker.ts';
import {
  defaultIntentData,
  defaultIntentModel,
  REFERENCE_NOW,
  TEST_CATALOGUE,
} from '../support/pipeline-fixtures.ts';

const STAND_IN = new URL('./support/nlp-worker-stand-in.mjs', import.meta.url);

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('the NLP worker thread', function () {
  this.timeout(60_000);
  let dir: string;
  const started: NlpWorker[] = [];

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'concierge-nlp-worker-'));
  });
  after(async () => {
    for (const worker of started) await worker.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe('with the trained model', () => {
    let modelPath: string;
    let inThread: NlpPipeline;
    let worker: NlpWorker;
    const TEXTS = [
      'Where is my order #10023? It has not arrived',
      'I want to return the Aurora hedphones, they broke after two days',
      'Please update my email to dana@example.com and my phone to +44 20 7946 0958',
      'Can you recommend some trail runners under $120?',
      'I need it delivered by next friday',
      'What is the status of ticket T-1042?',
      'I want to speak to a human agent please',
      'This is the worst service ever, I am furious',
      'Who won the football world cup in 1998?',
      'ﬁle a complaint 😡   about my  coffee machine',
      'I was charged $45.99 twice',
    ];

    before(async () => {
      const [data, classifier] = await Promise.all([defaultIntentData(), defaultIntentModel()]);
      modelPath = path.join(dir, 'intent-model.json');
      await saveIntentModel(modelPath, classifier, data.hash);
      // The in-thread reference uses the model as the worker reads it (saved, then loaded).
      const loaded = await loadIntentModel(modelPath);
      const options = { settings: data.settings, catalogue: TEST_CATALOGUE, now: () => REFERENCE_NOW };
      inThread = createNlpPipeline({ classifier: loaded!.classifier, ...options });
      worker = await startNlpWorker({
        modelPath,
        dataHash: data.hash,
        settings: data.settings,
        catalogue: TEST_CATALOGUE,
        now: REFERENCE_NOW,
      });
      started.push(worker);
    });

    it('gives the same intent, confidence, ranking, entities and sentiment as the pipeline on this thread', async () => {
      const answers = await Promise.all(TEXTS.map((text) => worker.analyse(text)));
      for (const [index, text] of TEXTS.entries()) {
        const { tokens: _tokens, ...expected } = inThread.analyse(text);
        expect(answers[index], text).to.deep.equal(expected);
      }
      // The table is not trivial: several intents, entity types and sentiment labels.
      expect(new Set(answers.map((a) => a.intent.name)).size).to.be.greaterThan(5);
      expect(new Set(answers.flatMap((a) => a.entities.map((e) => e.type)))).to.include.members([
        'order_number',
        'email',
        'product',
        'money',
        'date',
        'price_range',
      ]);
      expect(answers.some((a) => a.sentiment.label === 'negative')).to.equal(true);
    });

    it('includes the tokens only when asked (POST /api/nlp/parse)', async () => {
      const text = TEXTS[1]!;
      const full = await worker.analyseWithTokens(text);
      expect(full).to.deep.equal(inThread.analyse(text));
      expect(full.tokens.length).to.be.greaterThan(5);
      expect(await worker.analyse(text)).not.to.have.property('tokens');
    });

    it('refuses a stale, missing or unreadable model when starting, saying that training will fix it', async () => {
      const { settings } = await defaultIntentData();
      const stale = await rejection(startNlpWorker({ modelPath, dataHash: 'another-hash', settings }));
      expect(stale).to.be.instanceOf(NlpWorkerStoppedError);
      expect(stale.message).to.contain('trained on other intent data');
      const missing = await rejection(
        startNlpWorker({ modelPath: path.join(dir, 'no-such-model.json'), settings }),
      );
      expect(missing.message).to.match(/failed to start: no intent model at .*no-such-model\.json/);
      const garbled = path.join(dir, 'garbled-model.json');
      await writeFile(garbled, '{"format": "something else"}');
      const unreadable = await rejection(startNlpWorker({ modelPath: garbled, settings }));
      expect(unreadable.message).to.match(/garbled-model\.json cannot be used/);
      for (const error of [stale, missing, unreadable]) {
        expect((error as NlpWorkerStoppedError).modelUnavailable).to.equal(true);
      }
    });

    it('close() ends the thread: pending and later requests are rejected, a second close() is harmless', async () => {
      const { settings } = await defaultIntentData();
      const own = await startNlpWorker({ modelPath, settings });
      expect((await own.analyse('hello there')).intent.name).to.be.a('string');
      const pending = own.analyse('where is my order?');
      await own.close();
      expect(await rejection(pending)).to.be.instanceOf(NlpWorkerStoppedError);
      const later = await rejection(own.analyse('hello'));
      expect(later.message).to.equal('the NLP worker is closed');
      expect(() => own.assertReady()).to.throw('the NLP worker is closed');
      await own.close();
    });
  });

  describe('when the thread fails (a stand-in worker)', () => {
    let instructions: string;
    const settings = {} as Parameters<typeof startNlpWorker>[0]['settings'];

    beforeEach(async () => {
      instructions = path.join(dir, `stand-in-${Math.random().toString(36).slice(2)}.json`);
      await writeFile(instructions, JSON.stringify({ failStart: false }));
    });

    /** The stand-in worker on this spec's instructions file, closed after the specs. */
    async function standIn(extra: Partial<Parameters<typeof startNlpWorker>[0]> = {}): Promise<NlpWorker> {
      const worker = await startNlpWorker({ modelPath: instructions, settings, ...extra }, STAND_IN);
      started.push(worker);
      return worker;
    }

    function recorder() {
      const events: NlpWorkerEvent[] = [];
      const waiters: { type: string; resolve: () => void }[] = [];
      return {
        events,
        onEvent(event: NlpWorkerEvent) {
          events.push(event);
          for (const waiter of waiters.filter((w) => w.type === event.type)) waiter.resolve();
        },
        next(type: NlpWorkerEvent['type']) {
          if (events.some((e) => e.type === type)) return Promise.resolve();
          return new Promise<void>((resolve) => waiters.push({ type, resolve }));
        },
      };
    }

    it('rejects only the request whose analysis failed', async () => {
      const worker = await standIn();
      const [bad, good] = await Promise.allSettled([worker.analyse('bad'), worker.analyse('fine')]);
      expect(bad.status === 'rejected' && (bad.reason as Error).message).to.equal('bad text');
      expect(bad.status === 'rejected' && (bad.reason as Error).name).to.equal('TypeError');
      expect(good.status === 'fulfilled' && good.value.text).to.equal('fine');
    });

    it('rejects every request in flight when the thread dies, reports it, and serves again from a new thread', async () => {
      const events = recorder();
      const worker = await standIn({ onEvent: events.onEvent });
      const inFlight = [worker.analyse('one'), worker.analyse('two'), worker.analyse('crash')];
      const outcomes = await Promise.allSettled(inFlight);
      for (const outcome of outcomes) {
        expect(outcome.status).to.equal('rejected');
        const reason = (outcome as PromiseRejectedResult).reason as Error;
        expect(reason).to.be.instanceOf(NlpWorkerStoppedError);
        expect(reason.message).to.equal('the NLP worker stopped unexpectedly: NLP thread failed on purpose');
      }
      const crashed = events.events.find((e) => e.type === 'crashed');
      expect(crashed).to.deep.include({ rejected: 3, restarting: true });
      // Not ready while the new thread starts, but a request made meanwhile waits for it instead of failing.
      expect(() => worker.assertReady()).to.throw('the NLP worker is restarting');
      const during = worker.analyse('while restarting');
      await events.next('restarted');
      expect(() => worker.assertReady()).not.to.throw();
      expect((await during).text).to.equal('while restarting');
      expect((await worker.analyse('after')).text).to.equal('after');
    });

    it('fails clearly when the new thread cannot start: every request is then rejected with the cause', async () => {
      const events = recorder();
      const worker = await standIn({ onEvent: events.onEvent });
      await writeFile(instructions, JSON.stringify({ failStart: true }));
      expect((await rejection(worker.analyse('crash'))).message).to.contain('stopped unexpectedly');
      const waiting = worker.analyse('queued for the new thread');
      await events.next('failed');
      const queued = await rejection(waiting);
      expect(queued.message).to.equal('the NLP worker failed to start: model missing on purpose');
      const later = await rejection(worker.analyse('later'));
      expect(later.message).to.equal('the NLP worker failed to start: model missing on purpose');
      expect(() => worker.assertReady()).to.throw('the NLP worker failed to start: model missing on purpose');
      expect(events.events.map((e) => e.type)).to.deep.equal(['crashed', 'failed']);
    });

    it('does not restart when told not to', async () => {
      const worker = await standIn({ restart: false });
      await rejection(worker.analyse('crash'));
      const later = await rejection(worker.analyse('hello'));
      expect(later.message).to.equal('the NLP worker stopped unexpectedly: NLP thread failed on purpose');
    });

    it('rejects the start when the thread fails before it is ready', async () => {
      await writeFile(instructions, JSON.stringify({ failStart: true }));
      const error = await rejection(startNlpWorker({ modelPath: instructions, settings }, STAND_IN));
      expect(error.message).to.equal('the NLP worker failed to start: model missing on purpose');
      // Another failure than an unusable model file: training would not help.
      expect((error as NlpWorkerStoppedError).modelUnavailable).to.equal(false);
    });
  });
});
