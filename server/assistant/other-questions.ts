import { dialogueAct } from '../../nlp/dialogue/act.ts';
import type { KnowledgeMatch } from '../../nlp/retrieval/knowledge-index.ts';
import type { MessageAnalyser } from '../conversation/analysis.ts';
import type { KnowledgeArticleRecord } from '../data/records.ts';
import type { Replies } from '../replies/replies.ts';
import { chooseKnowledgeAnswer } from './knowledge-answer.ts';

/**
 * A message with more than one question ("how long does delivery take and can I pay with PayPal?", "cancel
 * ORD-1. When do I get my money back?") gets every question answered: the main reply covers one part, and each
 * other part that is a question the shop's knowledge answers is answered after it.
 */

// Where a message splits into parts: sentence ends, and "and"/"also" before a new question.
const SENTENCE_END = /(?<=[?.!])\s+|\n+/;
const JOINED_QUESTION =
  /\s*,?\s+\b(?:and also|and|also|plus|btw|by the way|oh and)\b\s*,?\s+(?=(?:can|could|do|does|did|how|what|what's|when|where|which|is|are|will|would|should|may|i'd like to know)\b)/i;

/** The parts of a message that could each be a question of their own (none when it has one part). */
export function messageParts(text: string): string[] {
  const parts = text
    .split(SENTENCE_END)
    .flatMap((sentence) => sentence.split(JOINED_QUESTION))
    .map((p) => p.trim())
    .filter((p) => /\p{L}{2,}/u.test(p));
  return parts.length > 1 ? parts : [];
}

const LEAD_IN =
  /^\s*(?:(?:a\s+|one\s+)?(?:quick|small|short|little)\s+question|(?:one\s+)?(?:more\s+)?question|just\s+wondering|i\s+was\s+wondering|i\s+wonder|by\s+the\s+way|btw|also|oh\s+and|one\s+more\s+thing)\s*[,:.!-]*\s*/i;

/** Cap on extra analyses per message: long messages must not multiply the NLP work. */
const MAX_PARTS = 3;

export async function answerOtherQuestions(
  text: string,
  alreadySaid: string,
  analyser: MessageAnalyser,
  articles: ReadonlyMap<string, KnowledgeArticleRecord>,
  replies: Replies,
): Promise<string[]> {
  const parts = messageParts(text).slice(0, MAX_PARTS);
  const answers: string[] = [];
  let said = alreadySaid;
  for (const whole of parts) {
    // "quick question, is shipping free?": the lead-in says nothing about the topic and only blurs the search.
    const part = whole.replace(LEAD_IN, '');
    if (dialogueAct(part) !== 'question') continue;
    const analysis = (await analyser.analyse(part)) as Parameters<typeof chooseKnowledgeAnswer>[0] & {
      knowledge?: readonly KnowledgeMatch[];
    };
    const answer = chooseKnowledgeAnswer(analysis, articles, replies);
    if (!answer) continue;
    const link = answer.article.link;
    // Already answered (the main reply is this article, or it carries its link).
    if ((link && said.includes(link)) || said.includes(answer.article.answer)) continue;
    const also = link
      ? replies.say('knowledge.also', {
          answer: answer.article.answer,
          link,
          title: answer.article.title,
        })
      : answer.text;
    answers.push(also);
    said += ` ${also}`;
  }
  return answers;
}
