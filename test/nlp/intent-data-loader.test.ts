import { expect } from 'chai';
import { REQUIRED_INTENTS } from '../../intents/actions.ts';
import { IntentDataError, loadIntentData, toTrainingExamples } from '../../intents/loader.ts';
import type { LoadIntentDataOptions } from '../../intents/loader.ts';
import type { FixtureDir } from './support/intent-fixtures.ts';
import { phrases, validIntent, writeIntentFixture } from './support/intent-fixtures.ts';

const noRequired: LoadIntentDataOptions = { requiredIntents: [] };

async function problemsOf(fixture: FixtureDir, options = noRequired): Promise<string[]> {
  try {
    await loadIntentData(fixture.dir, options);
  } catch (error) {
    expect(error).to.be.instanceOf(IntentDataError);
    return (error as IntentDataError).problems.map((p) => `${p.file}: ${p.message}`);
  }
  throw new Error('expected the loader to reject the data');
}

describe('intent data loader', () => {
  const fixtures: FixtureDir[] = [];
  const fixture = async (spec: Parameters<typeof writeIntentFixture>[0]): Promise<FixtureDir> => {
    const made = await writeIntentFixture(spec);
    fixtures.push(made);
    return made;
  };
  afterEach(async () => {
    await Promise.all(fixtures.splice(0).map((f) => f.remove()));
  });

  describe('the default data set', () => {
    it('loads, defines every required intent with at least 25 examples and has out-of-scope examples', async () => {
      const data = await loadIntentData();
      const names = data.intents.map((i) => i.name);
      expect(names).to.include.members([...REQUIRED_INTENTS]);
      for (const intent of data.intents) expect(intent.examples.length, intent.name).to.be.at.least(25);
      expect(data.outOfScope.length).to.be.at.least(25);
      expect(data.hash).to.match(/^[0-9a-f]{64}$/);
    });

    it('turns into labelled training examples, out-of-scope ones included', async () => {
      const data = await loadIntentData();
      const examples = toTrainingExamples(data);
      const total = data.intents.reduce((n, i) => n + i.examples.length, 0) + data.outOfScope.length;
      expect(examples).to.have.length(total);
      expect(examples.filter((e) => e.intent === 'out_of_scope')).to.have.length(data.outOfScope.length);
    });
  });

  it('loads a valid directory and hashes its training data deterministically', async () => {
    const a = await fixture({ intents: [validIntent('alpha'), validIntent('beta')] });
    const b = await fixture({ intents: [validIntent('beta'), validIntent('alpha')] });
    const first = await loadIntentData(a.dir, noRequired);
    const second = await loadIntentData(b.dir, noRequired);
    expect(first.intents.map((i) => i.name)).to.deep.equal(['alpha', 'beta']);
    expect(first.hash).to.equal(second.hash);
  });

  it('changes the hash when an example changes but not when a response changes', async () => {
    const base = await fixture({ intents: [validIntent('alpha')] });
    const newExample = await fixture({
      intents: [validIntent('alpha', { examples: [...phrases('alpha', 25), 'one more'] })],
    });
    const newResponse = await fixture({ intents: [validIntent('alpha', { responses: ['Different.'] })] });
    const hash = (await loadIntentData(base.dir, noRequired)).hash;
    expect((await loadIntentData(newExample.dir, noRequired)).hash).to.not.equal(hash);
    expect((await loadIntentData(newResponse.dir, noRequired)).hash).to.equal(hash);
  });

  it('rejects a phrase used by two intents, naming both', async () => {
    const dir = await fixture({
      intents: [
        validIntent('alpha', { examples: [...phrases('alpha', 25), 'Where is my parcel?'] }),
        validIntent('beta', { examples: [...phrases('beta', 25), 'where is my parcel'] }),
      ],
    });
    const problems = await problemsOf(dir);
    expect(problems).to.have.length(1);
    expect(problems[0]).to.match(/intents\/beta\.json: "where is my parcel" is an example of intent "beta"/);
    expect(problems[0]).to.match(/also of intent "alpha" \(intents\/alpha\.json\)/);
  });

  it('rejects a phrase repeated inside one intent', async () => {
    const dir = await fixture({
      intents: [validIntent('alpha', { examples: [...phrases('alpha', 25), 'hi', 'Hi!'] })],
    });
    expect(await problemsOf(dir)).to.deep.equal([
      'intents/alpha.json: "Hi!" appears twice in intent "alpha"; remove one of them.',
    ]);
  });

  it('rejects an out-of-scope example that is also an intent example', async () => {
    const dir = await fixture({
      intents: [validIntent('alpha', { examples: [...phrases('alpha', 25), 'tell me a joke'] })],
      outOfScope: ['tell me a joke'],
    });
    expect((await problemsOf(dir))[0]).to.match(
      /^out_of_scope\.json: "tell me a joke" is an example of the out-of-scope/,
    );
  });

  it('rejects an empty intent and one with fewer than 25 examples, saying how many to add', async () => {
    const dir = await fixture({
      intents: [
        validIntent('empty', { examples: [] }),
        validIntent('thin', { examples: phrases('thin', 20) }),
      ],
    });
    expect(await problemsOf(dir)).to.deep.equal([
      'intents/empty.json: intent "empty" has no examples; add at least 25.',
      'intents/thin.json: intent "thin" has 20 examples; add at least 5 more varied phrasings (minimum 25).',
    ]);
  });

  it('rejects an unknown action and lists the valid ones', async () => {
    const dir = await fixture({ intents: [validIntent('alpha', { action: 'launch_rocket' })] });
    const [problem] = await problemsOf(dir);
    expect(problem).to.match(
      /unknown action "launch_rocket"; use one of: answer, order_status, create_ticket/,
    );
  });

  it('rejects a data set that lacks a required intent', async () => {
    const dir = await fixture({ intents: [validIntent('greeting')] });
    const problems = await problemsOf(dir, { requiredIntents: ['greeting', 'goodbye'] });
    expect(problems).to.deep.equal([
      'intents/: required intent "goodbye" is missing; add intents/goodbye.json (its name is part of the public contract).',
    ]);
  });

  it('rejects an invalid entity regex and one that matches the empty string', async () => {
    const dir = await fixture({
      intents: [validIntent('alpha')],
      settings: (defaults) => ({
        ...defaults,
        entities: {
          ...(defaults.entities as object),
          orderNumber: [{ pattern: '#(\\d+', value: '{id}' }],
          ticketNumber: [{ pattern: 'T?\\d*', value: 'T-{id}' }],
        },
      }),
    });
    const problems = await problemsOf(dir);
    expect(problems).to.have.length(2);
    expect(problems[0]).to.match(
      /^settings\.json: entities\.orderNumber\[0\]\.pattern is not a valid regular expression/,
    );
    expect(problems[1]).to.match(
      /^settings\.json: entities\.ticketNumber\[0\]\.pattern matches the empty string/,
    );
  });

  it('rejects a response placeholder that no entity can fill, listing the ones that can', async () => {
    const dir = await fixture({
      intents: [validIntent('alpha', { responses: ['Order {orderNumber} ships to {planet}.'] })],
    });
    const [problem] = await problemsOf(dir);
    expect(problem).to.match(/uses \{planet\}, which no entity fills; use one of \{email\}, \{phone\}/);
    expect(problem).to.include('{orderNumber}');
  });

  it('reports broken JSON, a wrong shape and a file named differently from its intent', async () => {
    const dir = await fixture({
      intents: [validIntent('alpha')],
      rawFiles: {
        'intents/beta.json': JSON.stringify(validIntent('gamma')),
        'intents/broken.json': '{ "name": ',
        'intents/shape.json': '{ "name": "shape", "examples": 3 }',
      },
    });
    const problems = await problemsOf(dir);
    expect(problems.some((p) => p.startsWith('intents/beta.json: defines intent "gamma"; rename'))).to.equal(
      true,
    );
    expect(problems.some((p) => p.startsWith('intents/broken.json: is not valid JSON'))).to.equal(true);
    expect(problems.some((p) => p.startsWith('intents/shape.json: action:'))).to.equal(true);
    expect(problems.some((p) => p.startsWith('intents/shape.json: examples:'))).to.equal(true);
  });

  it('rejects phone settings whose minimum is above their maximum', async () => {
    const dir = await fixture({
      intents: [validIntent('alpha')],
      settings: (defaults) => ({
        ...defaults,
        entities: {
          ...(defaults.entities as object),
          phone: { minDigits: 12, maxDigits: 8, defaultCountryCode: '' },
        },
      }),
    });
    expect(await problemsOf(dir)).to.deep.equal([
      'settings.json: entities.phone: minDigits must not be larger than maxDigits.',
    ]);
  });

  it('reports settings that do not fit the schema with the path of the bad field', async () => {
    const dir = await fixture({
      intents: [validIntent('alpha')],
      settings: (defaults) => ({ ...defaults, normalise: { maxChars: 'lots' } }),
    });
    const [problem] = await problemsOf(dir);
    expect(problem).to.match(/^settings\.json: normalise\.maxChars: /);
  });
});
