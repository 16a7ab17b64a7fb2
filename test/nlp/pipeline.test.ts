import { expect } from 'chai';
import type { BaseDoc } from '../../nlp/document.ts';
import { createNlpPipeline, createPipelineSteps } from '../../nlp/pipeline.ts';
import {
  REFERENCE_NOW,
  TEST_CATALOGUE,
  defaultIntentData,
  defaultIntentModel,
  fixedClassifier,
} from './support/pipeline-fixtures.ts';

describe('NLP pipeline', () => {
  it('answers in the shape of POST /api/nlp/parse', async () => {
    const { settings } = await defaultIntentData();
    const pipeline = createNlpPipeline({
      classifier: await defaultIntentModel(),
      settings,
      catalogue: TEST_CATALOGUE,
      now: () => REFERENCE_NOW,
    });
    const text = "Where is my order #10023? It hasn't arrived and I'm not happy";
    const analysis = pipeline.analyse(text);
    expect(analysis).to.have.all.keys(
      'text',
      'tokens',
      'entities',
      'sentiment',
      'intent',
      'ranking',
      'language',
      'knowledge',
    );
    expect(analysis.text).to.equal(text);
    expect(analysis.tokens[0]).to.have.all.keys('text', 'start', 'end', 'pos', 'lemma');
    expect(analysis.entities).to.deep.equal([
      { type: 'order_number', value: '10023', text: '#10023', start: 18, end: 24 },
    ]);
    expect(analysis.sentiment.label).to.equal('negative');
    expect(analysis.intent.name).to.equal('order_status');
    expect(analysis.intent.confidence).to.be.within(0, 1);
    expect(analysis.ranking[0]?.name).to.equal('order_status');
  });

  it('runs eight steps in order, each returning a new document with exactly one more field', async () => {
    const { settings } = await defaultIntentData();
    const steps = createPipelineSteps({ classifier: fixedClassifier(), settings, now: () => REFERENCE_NOW });
    expect(Object.keys(steps)).to.deep.equal([
      'normalise',
      'tokenize',
      'lemmatize',
      'entities',
      'sentiment',
      'intent',
      'language',
      'knowledge',
    ]);
    let doc: BaseDoc = { original: 'where is order #10023' };
    const added: string[] = [];
    for (const step of Object.values(steps)) {
      const next = (step as { process(d: BaseDoc): BaseDoc }).process(doc);
      expect(next).to.not.equal(doc);
      const fields = Object.keys(next).filter((k) => !(k in doc));
      expect(Object.keys(next)).to.have.length(Object.keys(doc).length + 1);
      added.push(...fields);
      doc = next;
    }
    expect(added).to.deep.equal([
      'normalised',
      'tagged',
      'lemmas',
      'entities',
      'sentiment',
      'intent',
      'language',
      'knowledge',
    ]);
  });

  it('uses whichever classifier it is given, on the normalised text', async () => {
    const { settings } = await defaultIntentData();
    const seen: string[] = [];
    const classifier = { ...fixedClassifier('complaint'), classify: (t: string) => (seen.push(t), fixed(t)) };
    const fixed = fixedClassifier('complaint').classify;
    const pipeline = createNlpPipeline({ classifier, settings });
    expect(pipeline.analyse('  ﬁne\u00a0\u00a0thanks ').intent).to.deep.equal({
      name: 'complaint',
      confidence: 1,
    });
    expect(seen).to.deep.equal(['fine thanks']);
  });

  it('returns for capped pathological messages, with every token inside the cap', async () => {
    const { settings } = await defaultIntentData();
    const pipeline = createNlpPipeline({
      classifier: await defaultIntentModel(),
      settings,
      catalogue: TEST_CATALOGUE,
    });
    for (const hostile of [
      'a!'.repeat(20_000),
      '.'.repeat(40_000),
      'a'.repeat(40_000),
      '😀'.repeat(20_000),
      '$1 '.repeat(9000),
    ]) {
      const analysis = pipeline.analyse(hostile);
      expect(analysis.text).to.equal(hostile);
      const last = analysis.tokens[analysis.tokens.length - 1];
      expect(last?.end ?? 0).to.be.at.most(settings.normalise.maxChars);
    }
  });

  it('handles the empty message', async () => {
    const { settings } = await defaultIntentData();
    const analysis = createNlpPipeline({ classifier: fixedClassifier(), settings }).analyse('   ');
    expect(analysis.tokens).to.deep.equal([]);
    expect(analysis.entities).to.deep.equal([]);
    expect(analysis.sentiment).to.deep.equal({ score: 0, label: 'neutral' });
  });
});
