import type { QuickReplySuggestion } from '../contracts/visitor-events.ts';
import type { Replies } from '../replies/replies.ts';

export interface LanguageFallback {
  text: string;
  suggestions: QuickReplySuggestion[];
  /** The detected language, for analytics (never shown). */
  language: string;
}

/**
 * A message in a language the intent model does not cover gets one line: the assistant answers in English, and
 * a person is offered. No intent is guessed from it: the classifier's answer on German text means nothing.
 */
export function languageFallback(
  language: { code: string; english: boolean } | undefined,
  replies: Replies,
): LanguageFallback | null {
  if (!language || language.english) return null;
  return {
    text: replies.say('language.unsupported'),
    suggestions: [{ type: 'quick_reply', text: 'Talk to a person' }],
    language: language.code,
  };
}
