import { expect } from 'chai';
import type { KnowledgeArticleRecord } from '../../../server/data/records.ts';
import { followUpArticle, isElliptical, topicFamily } from '../../../server/assistant/knowledge-follow-up.ts';

const article = (id: string, tags: string[]): KnowledgeArticleRecord =>
  ({
    id,
    slug: id,
    title: id,
    answer: `${id} answer`,
    questions: [],
    tags,
    link: `/help/${id}`,
  }) as unknown as KnowledgeArticleRecord;

const articles = new Map(
  [
    article('shipping-costs', ['shipping', 'delivery']),
    article('shipping-countries', ['shipping', 'international']),
    article('warranty', ['warranty', 'policy']),
    article('returns-policy', ['returns', 'policy']),
    article('damaged-items', ['returns', 'damaged', 'warranty']),
    article('shipping-times', ['shipping', 'delivery']),
  ].map((a) => [a.id, a]),
);

describe('knowledge follow-ups', () => {
  it('reads short or pointing questions as elliptical, full questions as new ones', () => {
    expect(isElliptical('and to Canada?')).to.equal(true);
    expect(isElliptical('does it cover water damage?')).to.equal(true);
    expect(isElliptical('what amounts?')).to.equal(true);
    expect(isElliptical('can you recommend some wireless headphones under $150 please?')).to.equal(false);
  });

  it('groups articles by their specific tags, not by broad ones like policy', () => {
    const family = topicFamily(articles.get('shipping-costs')!, articles).map((a) => a.id);
    expect(family).to.have.members(['shipping-costs', 'shipping-countries', 'shipping-times']);
    expect(topicFamily(articles.get('warranty')!, articles).map((a) => a.id)).to.deep.equal([
      'warranty',
      'damaged-items',
    ]);
  });

  it('answers a sibling that fits clearly better, else the article just given, and lets other topics go', async () => {
    const analyser = (knowledge: { id: string; score: number }[]) => ({
      analyse: () => ({ text: '', intent: { name: 'x', confidence: 1 }, entities: [], knowledge }),
    });
    const sibling = await followUpArticle(
      'and to Canada?',
      '/help/shipping-costs',
      analyser([
        { id: 'shipping-countries', score: 0.7 },
        { id: 'shipping-costs', score: 0.4 },
      ]) as never,
      articles,
    );
    expect(sibling?.id).to.equal('shipping-countries');
    const same = await followUpArticle('what amounts?', '/help/warranty', analyser([]) as never, articles);
    expect(same?.id).to.equal('warranty');
    const other = await followUpArticle(
      'what is your return policy?',
      '/help/warranty',
      analyser([]) as never,
      articles,
      [{ id: 'returns-policy', score: 0.95, lexical: 1, vector: 1 }],
    );
    expect(other).to.equal(null);
    const long = await followUpArticle(
      'can you recommend some wireless headphones under $150 please?',
      '/help/warranty',
      analyser([]) as never,
      articles,
    );
    expect(long).to.equal(null);
  });

  it("reads the question with the article's own topic words, not its siblings'", async () => {
    const asked: string[] = [];
    const analyser = {
      analyse: (text: string) => {
        asked.push(text);
        return { text, intent: { name: 'x', confidence: 1 }, entities: [], knowledge: [] };
      },
    };
    const same = await followUpArticle('how long is it?', '/help/warranty', analyser as never, articles);
    expect(same?.id).to.equal('warranty');
    expect(asked).to.deep.equal(['how long is it? (warranty)']);
  });

  it('moves to a sibling the message itself names clearly better', async () => {
    const analyser = { analyse: () => ({ text: '', intent: { name: 'x', confidence: 1 }, entities: [] }) };
    const sibling = await followUpArticle(
      'is express delivery faster',
      '/help/shipping-countries',
      analyser as never,
      articles,
      [{ id: 'shipping-times', score: 0.4, lexical: 1, vector: 1 }],
    );
    expect(sibling?.id).to.equal('shipping-times');
  });
});
