import { expect } from 'chai';
import { buildEvaluationReport, renderMarkdown } from '../../../nlp/evaluation/report.ts';
import type { CrossValidationResult } from '../../../nlp/evaluation/cross-validation.ts';

const result: CrossValidationResult = {
  folds: [
    { fold: 0, trainSize: 3, testSize: 2, outOfScopeThreshold: 0.4, trainMilliseconds: 1 },
    { fold: 1, trainSize: 3, testSize: 2, outOfScopeThreshold: 0.5, trainMilliseconds: 1 },
  ],
  items: [
    {
      text: 'hi',
      gold: 'greeting',
      predicted: 'greeting',
      confidence: 0.9,
      fold: 0,
      bestInScope: 'greeting',
    },
    {
      text: 'bye | later',
      gold: 'goodbye',
      predicted: 'greeting',
      confidence: 0.6,
      fold: 0,
      bestInScope: 'greeting',
    },
    {
      text: 'weather?',
      gold: 'out_of_scope',
      predicted: 'out_of_scope',
      confidence: 0.7,
      fold: 1,
      bestInScope: 'greeting',
    },
    { text: 'cya', gold: 'goodbye', predicted: 'goodbye', confidence: 0.8, fold: 1, bestInScope: 'goodbye' },
  ],
};

describe('the evaluation report', () => {
  const report = buildEvaluationReport({
    title: 'NLU evaluation',
    classifierKind: 'test-kind',
    result,
    finalThreshold: 0.45,
    dataHash: 'abc123',
    generatedAt: new Date('2026-01-02T03:04:05Z'),
  });

  it('gathers the measures, the thresholds and the out-of-scope figures', () => {
    expect(report.metrics.accuracy).to.equal(0.75);
    expect(report.outOfScope).to.deep.include({ inScopeAccuracy: 2 / 3, outOfScopeRecall: 1 });
    expect(report.outOfScopeThreshold).to.deep.equal({ perFold: [0.4, 0.5], final: 0.45 });
    expect(report.inScope).to.deep.equal({ bestIntentAccuracy: 2 / 3, rejected: 0, rightIntentRejected: 0 });
    expect(report.data).to.deep.equal({ examples: 4, intents: 2, outOfScopeExamples: 1, hash: 'abc123' });
    expect(report.mostConfused).to.deep.equal([
      {
        gold: 'goodbye',
        predicted: 'greeting',
        count: 1,
        examples: [{ text: 'bye | later', confidence: 0.6 }],
      },
    ]);
  });

  it('leaves out the in-scope breakdown when the items do not carry their best in-scope intent', () => {
    const bare = result.items.map(({ bestInScope: _ignored, ...item }) => item);
    const plain = buildEvaluationReport({
      title: 't',
      classifierKind: 'k',
      result: { ...result, items: bare },
    });
    expect(plain.inScope).to.equal(undefined);
  });

  it('survives a JSON round trip unchanged', () => {
    expect(JSON.parse(JSON.stringify(report))).to.deep.equal(report);
  });

  it('renders Markdown with every section and escapes table separators in utterances', () => {
    const markdown = renderMarkdown(report);
    for (const heading of [
      '## Summary',
      '## Per intent',
      '## Most confused pairs',
      '## Reliability',
      '## Confusion matrix',
    ]) {
      expect(markdown).to.contain(heading);
    }
    expect(markdown).to.contain('| accuracy | 75.0% |');
    expect(markdown).to.contain('“bye \\| later” (0.60)');
    expect(markdown).to.contain('0.450 (final model); folds: 0.400, 0.500');
    expect(markdown).to.contain('| in-scope items judged out of scope (best intent right) | 0.0% (0.0%) |');
  });
});
