import type { Namespace } from 'socket.io';
import type {
  VisitorClientToServerEvents,
  VisitorServerToClientEvents,
} from '../contracts/visitor-events.ts';
import type { ChatNotifier } from '../conversation/chat-deps.ts';

export type VisitorNamespace = Namespace<VisitorClientToServerEvents, VisitorServerToClientEvents>;

/** Every tab of a conversation joins this room; with the Redis adapter the room spans all nodes. */
export function conversationRoom(conversationId: string): string {
  return `conversation:${conversationId}`;
}

export function createSocketNotifier(namespace: VisitorNamespace): ChatNotifier {
  return {
    messageCreated(message, exceptSocketId) {
      const room = namespace.to(conversationRoom(message.conversationId));
      (exceptSocketId ? room.except(exceptSocketId) : room).emit('message:created', message);
    },
    conversationUpdated(update) {
      namespace.to(conversationRoom(update.conversationId)).emit('conversation:updated', update);
    },
    typing(conversationId, sender, isTyping) {
      namespace.to(conversationRoom(conversationId)).emit('typing', { sender, isTyping });
    },
  };
}
