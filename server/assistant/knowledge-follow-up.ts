import type { KnowledgeMatch } from '../../nlp/retrieval/knowledge-index.ts';
import type { MessageAnalyser } from '../conversation/analysis.ts';
import type { KnowledgeArticleRecord } from '../data/records.ts';

/**
 * A short, elliptical question right after a knowledge answer ("and to Canada?", "how many days?", "does it
 * cover water damage?", "what amounts?") continues that article's topic: it is matched again with the topic's
 * title added, and answered from the article or a sibling of it (shipping costs → where we ship → delivery
 * times), never read on its own words alone.
 */

/** At most this many words: a longer message says enough to be understood by itself. */
const MAX_WORDS = 7;
// Openers of a continuation ("and …", "what about …", "how about …") or words pointing back ("it", "that").
const CONTINUES =
  /^(?:and|or|but|so|also|what about|how about|plus)\b|\b(?:it|its|it's|that|this|they|them|there)\b/i;
// Tags too broad to make two articles one topic.
const BROAD_TAGS = new Set(['policy', 'payment', 'price', 'orders', 'account', 'tax']);
/** Combined score the chosen sibling needs; below it the previous article answers again. */
const MIN_SIBLING_SCORE = 0.3;
const SIBLING_MARGIN = 0.05;
/** Own-words score of an article outside the topic that makes the message a new question. */
const OWN_TOPIC_SCORE = 0.8;

export function isElliptical(text: string): boolean {
  const words = text.trim().split(/\s+/).filter(Boolean);
  return words.length <= 4 || (words.length <= MAX_WORDS && CONTINUES.test(text.trim()));
}

/** The articles on the same topic as `article`: itself and those sharing a specific tag. */
export function topicFamily(
  article: KnowledgeArticleRecord,
  articles: ReadonlyMap<string, KnowledgeArticleRecord>,
): KnowledgeArticleRecord[] {
  const tags = article.tags.filter((t) => !BROAD_TAGS.has(t));
  return [...articles.values()].filter((a) => a.id === article.id || a.tags.some((t) => tags.includes(t)));
}

/**
 * The article that answers a follow-up to the article at `previousLink`, or null when the message is not an
 * elliptical follow-up or, read with the topic, is about another topic altogether.
 */
export async function followUpArticle(
  text: string,
  previousLink: string,
  analyser: MessageAnalyser,
  articles: ReadonlyMap<string, KnowledgeArticleRecord>,
  ownMatches: readonly KnowledgeMatch[] = [],
): Promise<KnowledgeArticleRecord | null> {
  if (!isElliptical(text)) return null;
  const previous = [...articles.values()].find((a) => a.link === previousLink);
  if (!previous) return null;
  const family = topicFamily(previous, articles);
  const ids = new Set(family.map((a) => a.id));
  // By its own words alone the message is unmistakably about another topic: not a follow-up.
  const [own] = ownMatches;
  if (own && !ids.has(own.id) && own.score >= OWN_TOPIC_SCORE) return null;
  // The message is read with the article's own topic words: the siblings' words would pull it away from the
  // article just given ("how long is it?" after the warranty read with "damaged returns" became damaged items).
  const ownTags = previous.tags.filter((t) => !BROAD_TAGS.has(t));
  const topicWords = ownTags.length > 0 ? ownTags : [previous.title];
  const analysis = (await analyser.analyse(`${text} (${topicWords.join(' ')})`)) as {
    knowledge?: readonly KnowledgeMatch[];
  };
  const matches = analysis.knowledge ?? [];
  // A sibling named by the message's own words ("is express delivery faster?" after where we ship) counts too.
  const ownSibling = ownMatches.find((m) => ids.has(m.id) && m.id !== previous.id);
  const ownAgain = ownMatches.find((m) => m.id === previous.id)?.score ?? 0;
  if (ownSibling && ownSibling.score >= MIN_SIBLING_SCORE && ownSibling.score > ownAgain + SIBLING_MARGIN)
    return articles.get(ownSibling.id) ?? previous;
  const sibling = matches.find((m) => ids.has(m.id));
  const again = matches.find((m) => m.id === previous.id)?.score ?? 0;
  // A sibling answers only when it fits clearly better than the article just given ("how long is it?" after the
  // warranty stays on the warranty).
  if (sibling && sibling.score >= MIN_SIBLING_SCORE && sibling.score > again + SIBLING_MARGIN)
    return articles.get(sibling.id) ?? previous;
  return previous;
}
