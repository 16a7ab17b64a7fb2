import { dialogueAct } from '../../nlp/dialogue/act.ts';
import type { KnowledgeMatch } from '../../nlp/retrieval/knowledge-index.ts';
import type { KnowledgeArticleRecord } from '../data/records.ts';
import type { Replies } from '../replies/replies.ts';

/** What the decision reads of a message's analysis (the NLP worker's `MessageLevelAnalysis` has all of it). */
export interface KnowledgeInput {
  text: string;
  intent: { name: string; confidence: number };
  entities: readonly { type: string }[];
  knowledge?: readonly KnowledgeMatch[];
}

export interface KnowledgeAnswer {
  article: KnowledgeArticleRecord;
  text: string;
  score: number;
}

export interface KnowledgeAnswerSettings {
  /** Combined retrieval score the best article needs (0–1). */
  minScore: number;
  /** Lead over the runner-up needed when the best score is below `confidentScore`. */
  minMargin: number;
  confidentScore: number;
}

export const DEFAULT_KNOWLEDGE_SETTINGS: KnowledgeAnswerSettings = {
  minScore: 0.3,
  minMargin: 0.08,
  confidentScore: 0.6,
};

/**
 * Intents whose questions the shop's knowledge answers. Others act on the visitor's records (order and ticket
 * lookups, contact details, a person, recommendations) or are small talk, and a knowledge answer would dodge them.
 */
const INFORMATIONAL_INTENTS = new Set([
  'shipping_info',
  'store_info',
  'pricing_discount',
  'payment_issue',
  'return_refund',
  'cancel_order',
  'account_access',
  'product_info',
  'complaint',
  'out_of_scope',
]);

/**
 * Order and ticket numbers make a message about that record, not about the policy. An email or phone typed
 * alongside a question ("do you ship to Australia? my email is …") does not: the question is answered and the
 * detail kept as a claim.
 */
const RECORD_ENTITIES = new Set(['order_number', 'ticket_number']);

/**
 * The knowledge article that answers the message, or null: only for a question (not a request or a problem),
 * on an informational topic, without a record named in it, whose best article scores well enough and clearly
 * ahead of the next one.
 */
export function chooseKnowledgeAnswer(
  input: KnowledgeInput,
  articles: ReadonlyMap<string, KnowledgeArticleRecord>,
  replies: Replies,
  settings: KnowledgeAnswerSettings = DEFAULT_KNOWLEDGE_SETTINGS,
): KnowledgeAnswer | null {
  const [best, second] = input.knowledge ?? [];
  if (!best || best.score < settings.minScore) return null;
  if (best.score < settings.confidentScore && second && best.score - second.score < settings.minMargin)
    return null;
  // An intent outside the informational ones still yields to a confident article when the classifier itself
  // was unsure ("what happens if my item arrives damaged?" scored 0.3 as a ticket lookup).
  const unsure = input.intent.confidence < 0.5 && best.score >= settings.confidentScore;
  if (!INFORMATIONAL_INTENTS.has(input.intent.name) && !unsure) return null;
  if (input.entities.some((e) => RECORD_ENTITIES.has(e.type))) return null;
  if (dialogueAct(input.text) !== 'question') return null;
  const article = articles.get(best.id);
  if (!article) return null;
  const text = article.link
    ? replies.say('knowledge.answer', { answer: article.answer, link: article.link, title: article.title })
    : replies.say('knowledge.answer_no_link', { answer: article.answer, title: article.title });
  return { article, text, score: best.score };
}
