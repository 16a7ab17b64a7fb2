import type { AssignmentCause } from '../contracts/agent-events.ts';
import type { ConversationStatus, ConversationUpdate } from '../contracts/visitor-events.ts';
import type { OwnershipWrite } from '../data/repositories/index.ts';
import type { ConversationRecord } from '../data/records.ts';
import { AppError } from '../shared/errors.ts';
import type { ChatDeps } from './chat-deps.ts';
import { canTransition, transition, type OwnershipEvent } from './state-machine.ts';

export interface OwnershipChange {
  /** The agent who gets the conversation (assign, transfer). */
  agentId?: string | null;
  reason?: string | null;
  now?: Date;
  /** Only this agent may make the change (reply-side actions: transfer, resolve, hand back by an agent). */
  requireOwner?: string;
  /** Why an agent got the conversation, for their notification. */
  cause?: AssignmentCause;
  /** Who made the change (the transferring agent). */
  by?: string;
  /** Only from this status: the bot escalates only a conversation it still owns, never one an agent took. */
  onlyFrom?: ConversationStatus;
  /** A conversation going back to the queue keeps its place: it waits since this time, not since now. */
  waitingSince?: Date | null;
}

type OwnershipDeps = Pick<ChatDeps, 'repositories' | 'events' | 'notifier'>;

/** What the ownership module tells the rest of the service after a change (agents' inbox, routing, queue). */
export interface OwnershipChanged {
  conversation: ConversationRecord;
  from: ConversationStatus;
  previousAgentId: string | null;
  cause?: AssignmentCause;
  by?: string;
}

/**
 * The one function that changes who owns a conversation: status, assignee and the agents' load go together.
 * The move is checked against the state machine and written with a compare-and-set on the status and the
 * assignee read, so two agents (or an agent and the bot) racing for the same conversation cannot both win:
 * a losing take-over gets CONVERSATION_TAKEN, other losers ILLEGAL_TRANSITION. An agent's slot is reserved
 * (conditional on presence and capacity) before the write and given back when the write loses, so
 * concurrent assignments on several nodes never fill an agent past capacity.
 */
export async function changeOwnership(
  deps: OwnershipDeps,
  conversationId: string,
  event: OwnershipEvent,
  change: OwnershipChange = {},
): Promise<ConversationRecord> {
  const { conversations, users } = deps.repositories;
  const current = await conversations.findById(conversationId);
  if (!current) throw new AppError('NOT_FOUND', 'Conversation not found.');
  if (event === 'assign' && current.status === 'agent') throw await taken(deps, current);
  if (!canTransition(current.status, event)) {
    throw new AppError(
      'ILLEGAL_TRANSITION',
      `A conversation that is ${current.status} cannot ${event.replace('_', ' ')}.`,
    );
  }
  if (change.onlyFrom !== undefined && current.status !== change.onlyFrom) {
    throw new AppError('ILLEGAL_TRANSITION', 'The conversation changed hands in the meantime.');
  }
  if (change.requireOwner !== undefined && current.assignedAgentId !== change.requireOwner) {
    throw new AppError('FORBIDDEN', 'Only the agent who owns this conversation can do this.');
  }
  const to = transition(current.status, event);
  const now = change.now ?? new Date();
  const write: OwnershipWrite = { status: to, ...writeFor(to, now, change) };
  const incoming = to === 'agent' ? (write.assignedAgentId ?? null) : null;
  if (to === 'agent' && incoming === null) throw new AppError('VALIDATION_FAILED', 'No agent given.');
  if (incoming !== null && incoming !== current.assignedAgentId) {
    if (!(await users.reserveSlot(incoming, { at: now }))) throw await unavailable(deps, incoming, event);
  }
  const updated = await conversations.changeOwner(
    conversationId,
    { status: current.status, assignedAgentId: current.assignedAgentId },
    write,
  );
  if (!updated) {
    if (incoming !== null && incoming !== current.assignedAgentId) await users.releaseSlot(incoming);
    const now = await conversations.findById(conversationId);
    if (event === 'assign' && now?.status === 'agent') throw await taken(deps, now);
    throw new AppError('ILLEGAL_TRANSITION', 'The conversation changed hands in the meantime.');
  }
  const previousAgentId = current.status === 'agent' ? current.assignedAgentId : null;
  // The previous owner's slot is free once the conversation left them (resolved, handed back, transferred…).
  if (previousAgentId !== null && (to !== 'agent' || updated.assignedAgentId !== previousAgentId)) {
    await users.releaseSlot(previousAgentId);
  }

  deps.events.emit('conversation.status_changed', {
    conversationId,
    from: current.status,
    to,
    ...(updated.assignedAgentId ? { agentId: updated.assignedAgentId } : {}),
    ...(change.reason ? { reason: change.reason } : {}),
  });
  deps.notifier.conversationUpdated(await conversationUpdateOf(deps, updated));
  deps.notifier.ownershipChanged?.({
    conversation: updated,
    from: current.status,
    previousAgentId,
    ...(change.cause ? { cause: change.cause } : {}),
    ...(change.by ? { by: change.by } : {}),
  });
  return updated;
}

function writeFor(
  to: ConversationStatus,
  now: Date,
  change: OwnershipChange,
): Omit<OwnershipWrite, 'status'> {
  switch (to) {
    case 'waiting_agent':
      return {
        escalatedAt: change.waitingSince ?? now,
        escalationReason: change.reason ?? null,
        assignedAgentId: null,
        assignedAt: null,
        pendingSlot: null,
      };
    case 'agent':
      return { assignedAgentId: change.agentId ?? null, assignedAt: now, pendingSlot: null };
    case 'resolved':
      return { resolvedAt: now, pendingSlot: null };
    case 'bot':
      return {
        assignedAgentId: null,
        assignedAt: null,
        failedUnderstandingCount: 0,
        resolvedAt: null,
        pendingSlot: null,
      };
  }
}

async function taken(deps: OwnershipDeps, conversation: ConversationRecord): Promise<AppError> {
  const owner = conversation.assignedAgentId
    ? await deps.repositories.users.findById(conversation.assignedAgentId)
    : null;
  return new AppError('CONVERSATION_TAKEN', undefined, {
    details: { assignee: owner ? { id: owner.id, name: owner.name } : null },
  });
}

/** Why an agent could not get a conversation: not online, or full. */
async function unavailable(deps: OwnershipDeps, agentId: string, event: OwnershipEvent): Promise<AppError> {
  const agent = await deps.repositories.users.findById(agentId);
  if (!agent || !agent.active) return new AppError('NOT_FOUND', 'No such agent.');
  if (event === 'transfer') return new AppError('AGENT_UNAVAILABLE');
  if (agent.presence !== 'online') return new AppError('CONFLICT', 'Go online before taking a conversation.');
  return new AppError('AGENT_AT_CAPACITY');
}

/**
 * The conversation's state as the visitor sees it: who owns it, the queue position while waiting, the agent's
 * name while an agent owns it, the rating once a resolved conversation was rated. Sent on every change of
 * owner and again when a visitor connects, so a reloaded widget shows the same status line.
 */
export async function conversationUpdateOf(
  deps: Pick<ChatDeps, 'repositories'> & { expectedWait?: (position: number) => Promise<number | null> },
  conversation: ConversationRecord,
): Promise<ConversationUpdate> {
  const { status } = conversation;
  const update: ConversationUpdate = { conversationId: conversation.id, status };
  if (status === 'waiting_agent') {
    const queuePosition = await deps.repositories.conversations.queuePosition(conversation);
    if (queuePosition !== null) {
      update.queuePosition = queuePosition;
      const wait = (await deps.expectedWait?.(queuePosition)) ?? null;
      if (wait !== null) update.expectedWaitSeconds = wait;
    }
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
