import type { ChatMessage, QuickReplySuggestion } from '../../../../server/contracts/visitor-events.ts';
import type { WidgetState } from './state.ts';

/** Messages from the shop (bot, agent, system) the visitor has not seen: the launcher's badge. */
export function unreadCount(state: WidgetState): number {
  return state.messages.filter((m) => m.seq > state.readSeq && m.sender !== 'visitor').length;
}

/** The latest message when it is the bot's and the visitor has not answered it yet (nothing pending). */
function openBotQuestion(state: WidgetState): ChatMessage | null {
  if (state.pending.length > 0) return null;
  const latest = state.messages[state.messages.length - 1];
  return latest?.sender === 'bot' ? latest : null;
}

/** Quick replies are offered only under the bot's latest message, until the visitor answers. */
export function quickReplies(state: WidgetState): QuickReplySuggestion[] {
  const question = openBotQuestion(state);
  return (question?.suggestions ?? []).filter((s): s is QuickReplySuggestion => s.type === 'quick_reply');
}

/** The bot asked for an email and is waiting for it: the widget offers an email field. */
export function expectsEmail(state: WidgetState): boolean {
  return openBotQuestion(state)?.expects === 'email';
}

/** Displayed messages the transcript is not known to be complete up to: a catch-up fetch is due. */
export function needsCatchUp(state: WidgetState): boolean {
  return state.messages.some((m) => m.seq > state.syncedSeq);
}

export function ratingRequested(state: WidgetState): boolean {
  return state.status?.status === 'resolved';
}
