import { expect } from 'chai';
import { loadReplyTemplates } from '../../../intents/replies.ts';
import { createNlpPipeline, type NlpPipeline } from '../../../nlp/pipeline.ts';
import { chooseKnowledgeAnswer } from '../../../server/assistant/knowledge-answer.ts';
import { languageFallback } from '../../../server/assistant/language-fallback.ts';
import type { KnowledgeArticleRecord } from '../../../server/data/records.ts';
import { DEMO_KNOWLEDGE } from '../../../server/data/seed/knowledge.ts';
import { createReplies, type Replies } from '../../../server/replies/replies.ts';
import { defaultIntentData, defaultIntentModel } from '../../nlp/support/pipeline-fixtures.ts';

const ARTICLES = new Map<string, KnowledgeArticleRecord>(
  DEMO_KNOWLEDGE.map((a) => [
    a.slug,
    {
      ...a,
      id: a.slug,
      link: a.link ?? null,
      tags: a.tags ?? [],
      synthetic: true,
      active: true,
      version: 1,
      updatedBy: null,
      createdAt: new Date(0),
      updatedAt: new Date(0),
    },
  ]),
);

describe('answering from the shop knowledge (demo articles, the default intent model)', function () {
  this.timeout(60_000);
  let pipeline: NlpPipeline;
  let replies: Replies;
  before(async () => {
    const { settings } = await defaultIntentData();
    pipeline = createNlpPipeline({
      classifier: await defaultIntentModel(),
      settings,
      knowledge: [...ARTICLES.values()].map((a) => ({
        id: a.id,
        title: a.title,
        questions: a.questions,
        tags: a.tags,
      })),
    });
    replies = createReplies(await loadReplyTemplates(), () => 0);
  });
  const answer = (text: string) => chooseKnowledgeAnswer(pipeline.analyse(text), ARTICLES, replies);

  const questions: Array<[string, string]> = [
    ['can I pay with PayPal?', 'payment-methods'],
    ['what is your return policy?', 'returns-policy'],
    ['how long do refunds usually take?', 'refund-timing'],
    ['do you ship to Canada?', 'shipping-countries'],
    ['hw much is shiping??', 'shipping-costs'],
    ['when are you open?', 'opening-hours'],
    ['can I cancel an order after placing it?', 'cancellation-policy'],
    ['do you have a student discount?', 'discounts'],
    ["what's the warranty on headphones?", 'warranty'],
  ];
  for (const [text, slug] of questions) {
    it(`answers "${text}" with the ${slug} article and its link`, () => {
      const found = answer(text);
      expect(found?.article.slug).to.equal(slug);
      expect(found?.text).to.contain(`/help/${slug}`);
    });
  }

  for (const text of [
    'I want to return my order',
    'My earbuds arrived broken and I want a refund',
    'where is my order ORD-10042?',
    'I was charged twice',
    'please cancel my order',
    'recommend me some headphones',
    'hello',
    'tell me a joke',
  ]) {
    it(`leaves "${text}" to the intent's action (a request, a record or small talk)`, () => {
      expect(answer(text)).to.equal(null);
    });
  }

  it('answers a message in another language with one English line and a person offered, acting on no intent', () => {
    const analysis = pipeline.analyse('Ich möchte meine Bestellung stornieren');
    const fallback = languageFallback(analysis.language, replies);
    expect(fallback?.language).to.equal('de');
    expect(fallback?.text).to.contain('English');
    expect(fallback?.suggestions).to.deep.equal([{ type: 'quick_reply', text: 'Talk to a person' }]);
    expect(languageFallback(pipeline.analyse('where is my order?').language, replies)).to.equal(null);
  });
});
