import type { Namespace } from 'socket.io';
import {
  QUEUE_ROOM,
  type AgentClientToServerEvents,
  type AgentServerToClientEvents,
  type PrivateNote,
} from '../contracts/agent-events.ts';
import type { ChatMessage } from '../contracts/visitor-events.ts';
import type { AgentDeps } from '../agent/agent-deps.ts';
import { agentSelf, type DeskNotifier } from '../agent/actions.ts';
import { listItems, toAgentMessage } from '../agent/views.ts';
import type { OwnershipChanged } from '../conversation/ownership.ts';
import type { MessageRecord } from '../data/records.ts';
import type { Logger } from '../shared/logger.ts';
import { agentRoom, watchRoom } from './agent-rooms.ts';

export type AgentNamespace = Namespace<AgentClientToServerEvents, AgentServerToClientEvents>;

export interface AgentEffects extends DeskNotifier {
  messageCreated(message: ChatMessage, record?: MessageRecord): void;
  ownershipChanged(change: OwnershipChanged): void;
  visitorTyping(conversationId: string, isTyping: boolean): void;
}

/**
 * What the agents' sockets get when the chat changes: every emit goes to a room, so with the Redis adapter it
 * reaches the agent's sockets on any node. Owner changes also move the owner's sockets in and out of the
 * conversation's watch room, ask the queue to be announced, and ask routing to run.
 */
export function createAgentEffects(options: {
  namespace: AgentNamespace;
  deps: () => AgentDeps;
  queueChanged: () => void;
  slotFreed: () => void;
  logger: Logger;
}): AgentEffects {
  const { namespace, logger } = options;
  const fail = (what: string) => (error: unknown) =>
    logger.warn({ err: error }, `agent notification failed: ${what}`);

  const selfChanged = (agentId: string) => {
    void agentSelf(options.deps(), agentId).then(
      (self) => namespace.to(agentRoom(agentId)).emit('agent:self', self),
      fail('agent:self'),
    );
  };

  return {
    messageCreated(message, record) {
      const agentMessage = record
        ? { ...toAgentMessage(record, { agentName: message.senderName ?? null }), ...ticketOf(message) }
        : { ...message, kind: 'message' as const };
      namespace.to(watchRoom(message.conversationId)).emit('message:created', agentMessage);
    },

    noteCreated(note: PrivateNote) {
      namespace.to(watchRoom(note.conversationId)).emit('note:created', note);
    },

    selfChanged,

    visitorTyping(conversationId, isTyping) {
      namespace.to(watchRoom(conversationId)).emit('typing', { conversationId, sender: 'visitor', isTyping });
    },

    ownershipChanged(change) {
      const { conversation, from, previousAgentId } = change;
      const newAgent = conversation.status === 'agent' ? conversation.assignedAgentId : null;
      if (previousAgentId !== null && previousAgentId !== newAgent) {
        namespace.in(agentRoom(previousAgentId)).socketsLeave(watchRoom(conversation.id));
        namespace
          .to(agentRoom(previousAgentId))
          .emit('conversation:unassigned', { conversationId: conversation.id });
        selfChanged(previousAgentId);
        options.slotFreed();
      }
      if (newAgent !== null && newAgent !== previousAgentId) {
        namespace.in(agentRoom(newAgent)).socketsJoin(watchRoom(conversation.id));
        selfChanged(newAgent);
      }
      if (from === 'waiting_agent' || conversation.status === 'waiting_agent') options.queueChanged();
      if (conversation.status === 'waiting_agent') options.slotFreed();
      // One broadcast of the changed row to every agent; the new owner also gets the assignment notice.
      const deps = options.deps();
      void Promise.all([
        listItems(deps, [conversation]),
        change.by ? deps.repositories.users.findById(change.by) : null,
      ]).then(([[item], by]) => {
        if (!item) return;
        namespace.to(QUEUE_ROOM).emit('inbox:changed', item);
        if (newAgent !== null && newAgent !== previousAgentId) {
          namespace.to(agentRoom(newAgent)).emit('conversation:assigned', {
            conversation: item,
            cause: change.cause ?? 'routing',
            ...(by ? { by: { id: by.id, name: by.name } } : {}),
          });
        }
      }, fail('inbox:changed'));
    },
  };
}

function ticketOf(message: ChatMessage): Partial<ChatMessage> {
  return message.ticket ? { ticket: message.ticket } : {};
}
