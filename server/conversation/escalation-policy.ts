import type { EscalationReason } from '../contracts/visitor-events.ts';

export interface EscalationSettings {
  /** A sentiment score at or below this counts as strongly negative (scores run from -1 to 1). */
  negativeSentimentThreshold: number;
  /** How many of the visitor's latest messages must all be strongly negative. */
  negativeSentimentWindow: number;
  /** Escalate when the bot failed to understand this many messages in a row. */
  maxFailedUnderstanding: number;
  /** A contact whose value (predicted next-12-month spend, or lifetime spend before any prediction) reaches this is high-value. */
  highValueSpend: number;
}

export const DEFAULT_ESCALATION_SETTINGS: Readonly<EscalationSettings> = Object.freeze({
  negativeSentimentThreshold: -0.5,
  negativeSentimentWindow: 3,
  maxFailedUnderstanding: 3,
  highValueSpend: 1000,
});

export interface EscalationInput {
  intent: string;
  /** Sentiment of the visitor's messages, oldest first, including the current one. */
  recentSentiment: readonly number[];
  /** Consecutive messages not understood, counting the current one. */
  failedUnderstandingCount: number;
  /** Predicted next-12-month spend when the customer value model scored the contact; lifetime spend otherwise. */
  contactValue: number;
}

// Order matters only for which reason is recorded when several hold: an explicit request wins, then the
// reasons a human would judge most urgent.
export function decideEscalation(
  input: EscalationInput,
  settings: EscalationSettings = DEFAULT_ESCALATION_SETTINGS,
): EscalationReason | null {
  if (input.intent === 'human_agent') return 'requested_human';
  if (input.intent === 'complaint' && input.contactValue >= settings.highValueSpend) {
    return 'high_value_complaint';
  }
  const window = settings.negativeSentimentWindow;
  if (window > 0 && input.recentSentiment.length >= window) {
    const latest = input.recentSentiment.slice(-window);
    if (latest.every((score) => score <= settings.negativeSentimentThreshold)) return 'negative_sentiment';
  }
  if (
    settings.maxFailedUnderstanding > 0 &&
    input.failedUnderstandingCount >= settings.maxFailedUnderstanding
  ) {
    return 'not_understood';
  }
  return null;
}
