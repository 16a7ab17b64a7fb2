import type { RateConversationResult } from '../contracts/visitor-events.ts';
import { AppError } from '../shared/errors.ts';
import type { ChatDeps } from './chat-deps.ts';
import { conversationUpdateOf } from './ownership.ts';

export interface ConversationRating {
  /** 1 to 5 stars, checked by the caller's payload schema and again by the model. */
  rating: number;
  comment?: string | null;
}

type RatingDeps = Pick<ChatDeps, 'repositories' | 'events' | 'notifier'>;

/**
 * The visitor rates a resolved conversation (CSAT). Only a resolved conversation can be rated, and the write
 * is conditional on it still being resolved, so a rating never lands on a conversation the visitor reopened
 * in another tab meanwhile. Rating again while it stays resolved replaces the earlier rating (the last one
 * counts, as when a survey answer is corrected); a conversation reopened and resolved again is asked anew.
 */
export async function rateConversation(
  deps: RatingDeps,
  conversationId: string,
  input: ConversationRating,
  now: Date = new Date(),
): Promise<RateConversationResult> {
  const csat = { score: input.rating, comment: input.comment?.trim() || null, at: now };
  const updated = await deps.repositories.conversations.updateIfStatus(conversationId, 'resolved', { csat });
  if (!updated) {
    const exists = await deps.repositories.conversations.findById(conversationId);
    if (!exists) throw new AppError('NOT_FOUND', 'Conversation not found.');
    throw new AppError('CONFLICT', 'Only a resolved conversation can be rated.');
  }
  deps.events.emit('conversation.rated', {
    conversationId,
    contactId: updated.contactId,
    rating: csat.score,
    withComment: csat.comment !== null,
  });
  // Every tab of the conversation hides its rating prompt.
  deps.notifier.conversationUpdated(await conversationUpdateOf(deps, updated));
  return { rating: csat.score };
}
