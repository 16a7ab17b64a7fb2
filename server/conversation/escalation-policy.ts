import type { EscalationReason } from '../contracts/visitor-events.ts';

export interface EscalationSettings {
  /** A sentiment score at or below this counts as strongly negative (scores run from -1 to 1). */
  negativeSentimentThreshold: number;
  /** How many of the visitor's latest messages must all be strongly negative. */
  negativeSentimentWindow: number;
  /**
   * A visitor who keeps complaining is angry even when each message is only mildly negative ("this is a joke,
   * terrible service"): the window's messages all at or below this score, most of them complaints or problem
   * reports, the latest one too, escalate as well.
   */
  complainingSentimentThreshold: number;
  /** Escalate when the bot failed to understand this many messages in a row. */
  maxFailedUnderstanding: number;
  /** A contact whose value (predicted next-12-month spend, or lifetime spend before any prediction) reaches this is high-value. */
  highValueSpend: number;
}

export const DEFAULT_ESCALATION_SETTINGS: Readonly<EscalationSettings> = Object.freeze({
  negativeSentimentThreshold: -0.5,
  negativeSentimentWindow: 3,
  complainingSentimentThreshold: -0.1,
  maxFailedUnderstanding: 3,
  highValueSpend: 1000,
});

export interface EscalationInput {
  intent: string;
  /** Sentiment of the visitor's messages, oldest first, including the current one. */
  recentSentiment: readonly number[];
  /** Which of those messages were complaints or problem reports (same order and length), when known. */
  recentComplaints?: readonly boolean[];
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
    if (complainingStreak(input, window, settings)) return 'negative_sentiment';
  }
  if (
    settings.maxFailedUnderstanding > 0 &&
    input.failedUnderstandingCount >= settings.maxFailedUnderstanding
  ) {
    return 'not_understood';
  }
  return null;
}

/** The last `window` messages all negative, most of them complaints, the latest one among them. */
function complainingStreak(input: EscalationInput, window: number, settings: EscalationSettings): boolean {
  const complaints = input.recentComplaints;
  if (!complaints || complaints.length !== input.recentSentiment.length) return false;
  const latest = complaints.slice(-window);
  return (
    input.recentSentiment.slice(-window).every((score) => score <= settings.complainingSentimentThreshold) &&
    latest[latest.length - 1] === true &&
    latest.filter(Boolean).length * 2 > window
  );
}
