import type { EntityDoc, PipelineStep, SentimentDoc } from '../document.ts';
import type { PipelineSettings } from '../settings.ts';
import type { Sentiment, SentimentLabel } from '../types.ts';
import { getWink } from '../wink.ts';

/*
 * wink-nlp's sentiment already handles the common negations ("not happy" -0.75, "not good" -0.78). Measured on
 * customer-service phrasings it fails in three ways, corrected here:
 *  - a negated negative flips to a full-strength positive ("not bad" 0.6, "not disappointed" 0.8): it is only
 *    "not negative", so the positive part that comes from negated words is damped;
 *  - an unmet expectation carries no sentiment words ("my parcel never arrived" 0): a negated verb of delivery
 *    or function makes the message negative;
 *  - "nothing" or "nobody" before a negative word is not seen as a negation ("nothing wrong with it" -0.25).
 */
const UNMET_EXPECTATION_LEMMAS = new Set([
  'arrive',
  'work',
  'receive',
  'come',
  'deliver',
  'reply',
  'respond',
  'answer',
  'help',
  'fix',
  'show',
  'refund',
  'ship',
  'turn',
  'charge',
]);
const NEGATIVE_PRONOUNS = new Set(['nothing', 'nobody', 'none', 'noone']);
const UNMET_EXPECTATION_SCORE = -0.5;
const NEGATED_NEGATIVE_DAMPING = 0.5;

export function labelFor(score: number, settings: PipelineSettings['sentiment']): SentimentLabel {
  if (score <= settings.negativeAtOrBelow) return 'negative';
  if (score >= settings.positiveAtOrAbove) return 'positive';
  return 'neutral';
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export function createSentimentStep(settings: PipelineSettings): PipelineStep<EntityDoc, SentimentDoc> {
  const wink = getWink();
  const its = wink.its;
  // standalone polarity of a word, for the corrections; words repeat a lot, so a bounded cache pays off
  const polarityCache = new Map<string, number>();
  const polarity = (word: string): number => {
    let score = polarityCache.get(word);
    if (score === undefined) {
      score = wink.readDoc(word).out(its.sentiment) as unknown as number;
      if (polarityCache.size > 5000) polarityCache.clear();
      polarityCache.set(word, score);
    }
    return score;
  };

  return {
    name: 'sentiment',
    process(doc) {
      const { tokens } = doc.tagged;
      let weighted = 0;
      let count = 0;
      for (const chunk of doc.tagged.chunks) {
        weighted += (chunk.doc.out(its.sentiment) as unknown as number) * chunk.tokenCount;
        count += chunk.tokenCount;
      }
      let score = count > 0 ? weighted / count : 0;

      let negatedNegatives = false;
      let unmetExpectation = false;
      let negativeDenied = false;
      tokens.forEach((token, i) => {
        const lemma = doc.lemmas[i] ?? '';
        if (token.negated) {
          if (UNMET_EXPECTATION_LEMMAS.has(lemma) && token.pos === 'VERB') unmetExpectation = true;
          else if (token.pos === 'ADJ' || token.pos === 'VERB' || token.pos === 'NOUN') {
            if (polarity(lemma) < 0) negatedNegatives = true;
          }
        }
        if (NEGATIVE_PRONOUNS.has(lemma)) {
          const next = doc.lemmas[i + 1];
          if (next !== undefined && polarity(next) < 0) negativeDenied = true;
          // "nobody replied", "nothing has arrived": the negation sits in the subject, where wink does not look
          for (let k = i + 1; k <= i + 3 && k < tokens.length; k += 1) {
            if (UNMET_EXPECTATION_LEMMAS.has(doc.lemmas[k] ?? '') && tokens[k]?.pos === 'VERB')
              unmetExpectation = true;
          }
        }
      });

      if (negatedNegatives && score > 0) score *= NEGATED_NEGATIVE_DAMPING;
      if (negativeDenied && score < 0) score = -score * NEGATED_NEGATIVE_DAMPING;
      if (unmetExpectation && score > UNMET_EXPECTATION_SCORE)
        score = Math.min(score, 0) + UNMET_EXPECTATION_SCORE;
      score = round(Math.max(-1, Math.min(1, score)));
      const sentiment: Sentiment = { score, label: labelFor(score, settings.sentiment) };
      return { ...doc, sentiment };
    },
  };
}
