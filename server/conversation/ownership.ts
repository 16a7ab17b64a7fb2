import type { ConversationStatus, ConversationUpdate } from '../contracts/visitor-events.ts';
import type { ConversationPatch } from '../data/repositories/index.ts';
import type { ConversationRecord } from '../data/records.ts';
import { AppError } from '../shared/errors.ts';
import type { ChatDeps } from './chat-deps.ts';
import { canTransition, transition, type OwnershipEvent } from './state-machine.ts';

export interface OwnershipChange {
  agentId?: string | null;
  reason?: string | null;
  now?: Date;
}

type OwnershipDeps = Pick<ChatDeps, 'repositories' | 'events' | 'notifier'>;

/**
 * The one function that changes who owns a conversation. The move is checked against the state machine and
 * written with a compare-and-set on the status, so two agents (or an agent and the bot) racing for the same
 * conversation cannot both win: the loser gets ILLEGAL_TRANSITION.
 */
export async function changeOwnership(
  deps: OwnershipDeps,
  conversationId: string,
  event: OwnershipEvent,
  change: OwnershipChange = {},
): Promise<ConversationRecord> {
  const current = await deps.repositories.conversations.findById(conversationId);
  if (!current) throw new AppError('NOT_FOUND', 'Conversation not found.');
  if (!canTransition(current.status, event)) {
    throw new AppError(
      'ILLEGAL_TRANSITION',
      `A conversation that is ${current.status} cannot ${event.replace('_', ' ')}.`,
    );
  }
  const to = transition(current.status, event);
  const now = change.now ?? new Date();
  const patch: ConversationPatch = { status: to, ...patchFor(to, now, change) };
  const updated = await deps.repositories.conversations.updateIfStatus(conversationId, current.status, patch);
  if (!updated) throw new AppError('ILLEGAL_TRANSITION', 'The conversation changed hands in the meantime.');

  deps.events.emit('conversation.status_changed', {
    conversationId,
    from: current.status,
    to,
    ...(updated.assignedAgentId ? { agentId: updated.assignedAgentId } : {}),
    ...(change.reason ? { reason: change.reason } : {}),
  });
  await announce(deps, updated);
  // Everyone behind a conversation that left the queue moved up one place.
  if (current.status === 'waiting_agent') await announceQueue(deps);
  return updated;
}

function patchFor(to: ConversationStatus, now: Date, change: OwnershipChange): ConversationPatch {
  switch (to) {
    case 'waiting_agent':
      return {
        escalatedAt: now,
        escalationReason: change.reason ?? null,
        assignedAgentId: null,
        pendingSlot: null,
      };
    case 'agent':
      return { assignedAgentId: change.agentId ?? null, pendingSlot: null };
    case 'resolved':
      return { resolvedAt: now, pendingSlot: null };
    case 'bot':
      return { assignedAgentId: null, failedUnderstandingCount: 0, resolvedAt: null, pendingSlot: null };
  }
}

async function announce(deps: OwnershipDeps, conversation: ConversationRecord): Promise<void> {
  deps.notifier.conversationUpdated(await conversationUpdateOf(deps, conversation));
}

/**
 * The conversation's state as the visitor sees it: who owns it, the queue position while waiting, the agent's
 * name while an agent owns it, the rating once a resolved conversation was rated. Sent on every change of
 * owner and again when a visitor connects, so a reloaded widget shows the same status line.
 */
export async function conversationUpdateOf(
  deps: Pick<ChatDeps, 'repositories'>,
  conversation: ConversationRecord,
): Promise<ConversationUpdate> {
  const { status } = conversation;
  const update: ConversationUpdate = { conversationId: conversation.id, status };
  if (status === 'waiting_agent') {
    const queuePosition = await deps.repositories.conversations.queuePosition(conversation.id);
    if (queuePosition !== null) update.queuePosition = queuePosition;
    if (conversation.escalationReason) update.reason = conversation.escalationReason;
  }
  if (status === 'agent' && conversation.assignedAgentId) {
    const agent = await deps.repositories.users.findById(conversation.assignedAgentId);
    if (agent) update.agent = { name: agent.name };
  }
  const rating = ratingOfLatestResolution(conversation);
  if (rating !== null) update.rating = rating;
  return update;
}

/**
 * The rating given since the conversation was last resolved: a conversation reopened and resolved again asks
 * for a new one (the earlier rating stays stored until it is replaced).
 */
export function ratingOfLatestResolution(conversation: ConversationRecord): number | null {
  const { status, csat, resolvedAt } = conversation;
  if (status !== 'resolved' || !csat || !resolvedAt) return null;
  return csat.at.getTime() >= resolvedAt.getTime() ? csat.score : null;
}

const QUEUE_ANNOUNCE_LIMIT = 200;

async function announceQueue(deps: OwnershipDeps): Promise<void> {
  const waiting = await deps.repositories.conversations.listByStatus('waiting_agent', QUEUE_ANNOUNCE_LIMIT);
  waiting.sort(
    (a, b) => (a.escalatedAt?.getTime() ?? 0) - (b.escalatedAt?.getTime() ?? 0) || (a.id < b.id ? -1 : 1),
  );
  waiting.forEach((conversation, index) => {
    deps.notifier.conversationUpdated({
      conversationId: conversation.id,
      status: 'waiting_agent',
      queuePosition: index + 1,
      ...(conversation.escalationReason ? { reason: conversation.escalationReason } : {}),
    });
  });
}
