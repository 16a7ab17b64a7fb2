import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadIntentData } from '../../intents/loader.ts';
import { loadDialogues, type Dialogue } from '../../scripts/dialogues/schema.ts';
import { markdownReport, meetsThresholds, summaryLine } from '../../scripts/dialogues/report.ts';
import { runDialogues } from '../../scripts/dialogues/run.ts';

/** The rows of the table in issue 10: each must be replayed by at least one dialogue. */
const ISSUE_FAILURES = [
  'failure:headphones-under-150',
  'failure:aria-white',
  'failure:pulse-pro-price',
  'failure:broken-earbuds-email',
  'failure:order-number-forms',
  'failure:cancel-order',
  'failure:paypal',
  'failure:return-policy',
  'failure:running-shoes',
  'failure:german',
];

const KINDS = [
  'typos',
  'multi-part',
  'topic-change',
  'angry',
  'out-of-scope',
  'non-english',
  'follow-up',
  'slot-filling',
];

describe('the dialogue set (test/dialogues/set)', () => {
  let dialogues: Dialogue[];
  before(async () => {
    dialogues = await loadDialogues();
  });

  it('has at least 60 multi-turn dialogues and 250 visitor turns', () => {
    expect(dialogues.length).to.be.at.least(60);
    expect(dialogues.every((d) => d.turns.length >= 2)).to.equal(true);
    expect(dialogues.reduce((n, d) => n + d.turns.length, 0)).to.be.at.least(250);
  });

  it('covers every intent of the intent data', async () => {
    const { intents } = await loadIntentData();
    const tagged = new Set(dialogues.flatMap((d) => d.tags));
    const missing = intents.map((i) => `intent:${i.name}`).filter((tag) => !tagged.has(tag));
    expect(missing).to.deep.equal([]);
  });

  it("replays every failure of the issue's table and every kind of hard message", () => {
    const tagged = new Set(dialogues.flatMap((d) => d.tags));
    expect([...ISSUE_FAILURES, ...KINDS].filter((tag) => !tagged.has(tag))).to.deep.equal([]);
  });

  it('names the file, the dialogue and the field of a malformed dialogue', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'concierge-dialogues-'));
    try {
      await writeFile(
        path.join(dir, 'bad.yaml'),
        '- id: Bad Id\n  title: t\n  tags: [x]\n  turns:\n    - visitor: hi\n      expect: { sayz: [x] }\n',
      );
      const error = await loadDialogues(dir).then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(error?.message).to.contain('bad.yaml dialogue 1: id:').and.contain('turns');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

// One intent model for both runs below: trained once into this directory.
let modelDir: Promise<string> | undefined;
const sharedDataDir = () => (modelDir ??= mkdtemp(path.join(tmpdir(), 'concierge-dialogue-run-')));
after(async () => {
  if (modelDir) await rm(await modelDir, { recursive: true, force: true });
});

describe('the dialogue runner', function () {
  this.timeout(180_000);

  it('replays dialogues through socket.io against the real server and reports each failed check', async () => {
    const dataDir = await sharedDataDir();
    const probe: Dialogue[] = [
      {
        id: 'probe-order',
        title: 'an order status in the first message, then thanks',
        tags: ['probe'],
        file: 'probe.yaml',
        turns: [
          {
            visitor: 'where is my order {order:delivered}?',
            expect: { says: ['{order:delivered}'], ticket: 'none' },
          },
          { visitor: 'thank you so much', expect: { intent: 'thanks', status: 'bot' } },
        ],
      },
      {
        id: 'probe-failing',
        title: 'a check that does not hold is reported with what happened',
        tags: ['probe'],
        file: 'probe.yaml',
        turns: [
          { visitor: 'hello', expect: { intent: 'greeting' } },
          { visitor: 'hello again', expect: { says: ['no bot ever says this'], products: { min: 1 } } },
        ],
      },
    ];
    const run = await runDialogues(probe, { dataDir });
    expect(run.summary).to.deep.equal({ dialogues: 2, dialoguesPassed: 1, turns: 4, turnsPassed: 3 });
    const failed = run.dialogues[1]!.turns[1]!;
    expect(failed.failures).to.deep.equal([
      'reply lacks "no bot ever says this"',
      '0 product cards, expected at least 1',
    ]);
    expect(run.dialogues[0]!.turns[0]!.visitor).to.match(/^where is my order ORD-\d+\?$/);
    expect(meetsThresholds(run)).to.equal(false);
    expect(markdownReport(run)).to.contain('| probe-failing | 1/2 | **fail** |');
  });
});

describe('conversation quality on the whole dialogue set (npm run eval:dialogues)', function () {
  this.timeout(600_000);

  it('handles at least 95% of the visitor turns and 85% of the dialogues correctly', async () => {
    const run = await runDialogues(await loadDialogues(), { dataDir: await sharedDataDir() });
    const failed = run.dialogues
      .flatMap((d) => d.turns.map((t, i) => ({ d, t, i })))
      .filter(({ t }) => !t.passed)
      .map(({ d, t, i }) => `${d.id} turn ${i + 1} "${t.visitor}": ${t.failures.join('; ')}`);
    expect(meetsThresholds(run), `${summaryLine(run)}\n${failed.join('\n')}`).to.equal(true);
  });
});
