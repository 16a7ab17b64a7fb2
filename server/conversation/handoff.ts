import type { ChatMessage, EscalationReason, QuickReplySuggestion } from '../contracts/visitor-events.ts';
import type {
  ContactRecord,
  ConversationRecord,
  MessageRecord,
  TicketPriority,
  TicketRecord,
  UserRecord,
} from '../data/records.ts';
import { AppError } from '../shared/errors.ts';
import type { ChatDeps } from './chat-deps.ts';
import { changeOwnership } from './ownership.ts';
import { postMessage, postMessageRecord } from './post-message.ts';

type HandoffDeps = Pick<ChatDeps, 'repositories' | 'chatData' | 'events' | 'notifier'>;

const RAISED: Record<TicketPriority, TicketPriority> = {
  low: 'normal',
  normal: 'high',
  high: 'urgent',
  urgent: 'urgent',
};

export interface EscalationOutcome {
  text: string;
  queued: boolean;
  ticket: TicketRecord | null;
  suggestions: QuickReplySuggestion[];
  /** Set when the bot keeps the conversation and waits for the visitor's email. */
  askEmail: boolean;
}

/**
 * Hands a bot conversation to the agents' queue. The reason is recorded on the conversation and raises the
 * priority of the conversation's open ticket. With no agent online the bot keeps the conversation, so the
 * visitor is never left waiting for nobody: a ticket carries the request and the bot answers by email at
 * `replyEmail` (identity/visitor-details.ts: verified, or claimed by this visitor), or asks for one.
 */
export async function escalateConversation(
  deps: HandoffDeps,
  conversation: ConversationRecord,
  contact: ContactRecord,
  reason: EscalationReason,
  replyEmail: string | null,
): Promise<EscalationOutcome> {
  const { tickets, users, conversations } = deps.repositories;
  const actor = 'bot';
  let ticket =
    (await tickets.listOpenByContact(contact.id)).find((t) => t.conversationId === conversation.id) ?? null;
  if (ticket) {
    const priority = reason === 'high_value_complaint' ? 'urgent' : RAISED[ticket.priority];
    if (priority !== ticket.priority) {
      ticket = (await tickets.update(ticket.id, { priority }, actor, `Escalated: ${reason}`)) ?? ticket;
      deps.events.emit('ticket.updated', {
        ticketId: ticket.id,
        number: ticket.number,
        change: 'priority_raised',
        priority,
      });
    }
  }
  deps.events.emit('conversation.escalated', {
    conversationId: conversation.id,
    contactId: contact.id,
    reason,
  });

  const online = await users.listOnlineAgents();
  if (online.length > 0) {
    const waiting = await changeOwnership(deps, conversation.id, 'escalate', { reason, onlyFrom: 'bot' });
    const position = await conversations.queuePosition(waiting);
    const place = position === null ? '' : ` You are number ${position} in the queue.`;
    return {
      text: `I'm passing you to a member of our team; they'll see this whole conversation.${place}`,
      queued: true,
      ticket,
      suggestions: [],
      askEmail: false,
    };
  }

  await conversations.update(conversation.id, { escalationReason: reason, escalatedAt: new Date() });
  // A ticket the conversation already had (the complaint just added to) is handed on, not "opened" a second time.
  const opened = !ticket;
  if (!ticket) {
    ticket = await tickets.create({
      contactId: contact.id,
      conversationId: conversation.id,
      category: 'follow_up',
      subject: `Visitor asked for help (${reason.replace(/_/g, ' ')})`,
      priority: reason === 'high_value_complaint' ? 'urgent' : 'high',
      actor,
    });
    deps.events.emit('ticket.created', {
      ticketId: ticket.id,
      number: ticket.number,
      contactId: contact.id,
      conversationId: conversation.id,
      category: ticket.category,
      priority: ticket.priority,
    });
  }
  const done = opened
    ? `I've opened ticket ${ticket.number}`
    : `I've asked a person to take over ticket ${ticket.number}`;
  const text = replyEmail
    ? `No one from our team is online right now. ${done} and we'll answer you by email at ${replyEmail}.`
    : `No one from our team is online right now. ${done}; what email address can we answer you at?`;
  return { text, queued: false, ticket, suggestions: [], askEmail: !replyEmail };
}

async function requireAgent(deps: HandoffDeps, agentId: string) {
  const agent = await deps.repositories.users.findById(agentId);
  if (!agent || !agent.active || (agent.role !== 'agent' && agent.role !== 'admin')) {
    throw new AppError('FORBIDDEN');
  }
  return agent;
}

/** An agent takes a conversation from the queue, or over from the bot (compare-and-set: one agent wins). */
export async function assignAgent(
  deps: HandoffDeps,
  conversationId: string,
  agentId: string,
  cause: 'takeover' | 'routing' = 'takeover',
): Promise<ConversationRecord> {
  const agent = await requireAgent(deps, agentId);
  if (agent.presence !== 'online') throw new AppError('CONFLICT', 'Go online before taking a conversation.');
  const conversation = await changeOwnership(deps, conversationId, 'assign', { agentId, cause });
  await postMessage(deps, {
    conversationId,
    sender: 'system',
    text: `${agent.name} joined the conversation.`,
  });
  return conversation;
}

/** Only the assigned agent of a conversation the agents own may answer in it. */
export async function agentReply(
  deps: HandoffDeps,
  conversationId: string,
  agentId: string,
  text: string,
  clientMessageId?: string,
): Promise<ChatMessage> {
  return (await agentReplyRecord(deps, conversationId, agentId, text, clientMessageId)).message;
}

/** As `agentReply`, with the stored record (the agents' view adds to it). */
export async function agentReplyRecord(
  deps: HandoffDeps,
  conversationId: string,
  agentId: string,
  text: string,
  clientMessageId?: string,
): Promise<{ message: ChatMessage; record: MessageRecord; agentName: string | null }> {
  const conversation = await deps.repositories.conversations.findById(conversationId);
  if (!conversation) throw new AppError('NOT_FOUND', 'Conversation not found.');
  if (conversation.status !== 'agent' || conversation.assignedAgentId !== agentId) {
    throw new AppError('FORBIDDEN', 'Only the agent who owns this conversation can answer it.');
  }
  // The visitor sees who answers ("Sam"); the name is read, not trusted from the caller.
  const agent = await deps.repositories.users.findById(agentId);
  const posted = await postMessageRecord(deps, {
    conversationId,
    sender: 'agent',
    senderId: agentId,
    senderName: agent?.name ?? null,
    text,
    ...(clientMessageId ? { clientMessageId } : {}),
  });
  if (!conversation.firstResponseAt) {
    await deps.repositories.conversations.update(conversationId, { firstResponseAt: new Date() });
  }
  return { ...posted, agentName: agent?.name ?? null };
}

/** The owner (or an admin) resolves the conversation; the visitor is asked to rate it. */
export async function resolveConversation(deps: HandoffDeps, conversationId: string, agentId: string) {
  const agent = await requireAgent(deps, agentId);
  const conversation = await changeOwnership(deps, conversationId, 'resolve', {
    agentId,
    ...ownerRule(agent),
  });
  await postMessage(deps, {
    conversationId,
    sender: 'system',
    text: 'This conversation was marked as resolved.',
  });
  return conversation;
}

/** The owner (or an admin) gives the conversation back to the bot. */
export async function handBackToBot(deps: HandoffDeps, conversationId: string, agentId: string) {
  const agent = await requireAgent(deps, agentId);
  const conversation = await changeOwnership(deps, conversationId, 'hand_back', {
    agentId,
    ...ownerRule(agent),
  });
  await postMessage(deps, {
    conversationId,
    sender: 'system',
    text: 'You are chatting with our assistant again. Ask for a person at any time.',
  });
  return conversation;
}

/** The owner gives the conversation to another online agent with a free slot. */
export async function transferConversation(
  deps: HandoffDeps,
  conversationId: string,
  agentId: string,
  targetId: string,
): Promise<ConversationRecord> {
  await requireAgent(deps, agentId);
  if (targetId === agentId) throw new AppError('VALIDATION_FAILED', 'The conversation is already yours.');
  const target = await deps.repositories.users.findById(targetId);
  if (!target || !target.active) throw new AppError('NOT_FOUND', 'No such agent.');
  const conversation = await changeOwnership(deps, conversationId, 'transfer', {
    agentId: targetId,
    requireOwner: agentId,
    cause: 'transfer',
    by: agentId,
  });
  await postMessage(deps, {
    conversationId,
    sender: 'system',
    text: `${target.name} joined the conversation.`,
  });
  return conversation;
}

/**
 * An agent who vanished (their last socket gone for the presence grace period) cannot answer: each of their
 * open conversations goes back to the queue at the place it had, the visitor is told, and routing gives it to
 * the next free agent. An agent who chooses "away" or "offline" keeps theirs. Several nodes may lapse the
 * same agent at once: the compare-and-set moves each conversation once and the others skip it.
 */
export async function requeueConversationsOf(deps: HandoffDeps, agentId: string): Promise<number> {
  const agent = await deps.repositories.users.findById(agentId);
  const open = await deps.repositories.conversations.listView({ view: 'mine', agentId }, 1000);
  let moved = 0;
  for (const conversation of open) {
    try {
      await changeOwnership(deps, conversation.id, 'escalate', {
        onlyFrom: 'agent',
        requireOwner: agentId,
        reason: conversation.escalationReason ?? 'agent_unavailable',
        waitingSince: conversation.escalatedAt,
      });
    } catch (error) {
      if (error instanceof AppError && (error.code === 'ILLEGAL_TRANSITION' || error.code === 'FORBIDDEN')) {
        continue;
      }
      throw error;
    }
    moved += 1;
    await postMessage(deps, {
      conversationId: conversation.id,
      sender: 'system',
      text: `${agent?.name ?? 'Your agent'} is no longer available. You keep your place in the queue; the next free member of our team will continue here.`,
    });
  }
  return moved;
}

/**
 * An agent acts only on their own conversations; an admin may also resolve or hand back someone else's (or a
 * waiting one). Agents may resolve or hand back a waiting conversation nobody owns yet.
 */
function ownerRule(agent: UserRecord): { requireOwner?: string } {
  return agent.role === 'admin' ? {} : { requireOwner: agent.id };
}

/** The agents' queue, longest waiting first. */
export function waitingQueue(deps: HandoffDeps, limit = 100): Promise<ConversationRecord[]> {
  return deps.repositories.conversations.listWaiting(limit);
}
