import type {
  AgentSummary,
  AssignmentNotice,
  CannedReply,
  InboxView,
  Presence,
} from '../../server/contracts/agent-events.ts';
import { connectAgentSocket, request, type AgentSocket } from './api/agent-socket.ts';
import type { Store } from './state/store.ts';
import { VIEWS } from './state/state.ts';
import { lastSeq } from './state/transcript.ts';

const HEARTBEAT_MS = 20_000;
const SIGNED_OUT_CODES = new Set(['UNAUTHENTICATED', 'INVALID_TOKEN', 'TOKEN_EXPIRED', 'FORBIDDEN']);

export interface ConsoleClientOptions {
  store: Store;
  /** A conversation became the agent's (sound and desktop notification, when opted in). */
  onAssigned(notice: AssignmentNotice): void;
  /** The server no longer accepts the session: back to the sign-in screen. */
  onSignedOut(): void;
}

export type ConsoleClient = ReturnType<typeof createConsoleClient>;

/**
 * The console's connection to `/agent`: it turns server events into store events and offers the agent's
 * actions as promises. Every rule (who may take, reply, resolve) is the server's; a refusal comes back as an
 * AckError with the server's code.
 */
export function createConsoleClient({ store, onAssigned, onSignedOut }: ConsoleClientOptions) {
  const socket: AgentSocket = connectAgentSocket();
  const { dispatch } = store;
  let heartbeat: ReturnType<typeof setInterval> | undefined;

  const loadView = async (view: InboxView) => {
    const { q, priority, reason } = store.get().filters;
    const page = await request(socket, 'inbox:list', {
      view,
      ...(q.trim() === '' ? {} : { q: q.trim() }),
      ...(priority === '' ? {} : { priority }),
      ...(reason === '' ? {} : { reason }),
    });
    dispatch({ type: 'inbox-page', page });
  };
  const reportError = (error: unknown) => {
    const text = error instanceof Error ? error.message : String(error);
    dispatch({ type: 'notice', notice: { kind: 'error', text } });
  };
  const loadAll = () => Promise.all(VIEWS.map((view) => loadView(view))).catch(reportError);

  const markRead = () => {
    const open = store.get().open;
    if (open === null) return;
    const seq = lastSeq(open.transcript);
    dispatch({ type: 'read', conversationId: open.conversation.id });
    if (seq > 0) {
      request(socket, 'conversation:read', { conversationId: open.conversation.id, seq }).catch(() => {
        // Read marks are a convenience: the next open marks it again.
      });
    }
  };

  socket.on('connect', () => {
    dispatch({ type: 'connected' });
    void loadAll();
    // After a reconnect the server has forgotten what this socket watched: open it again.
    const open = store.get().open;
    if (open !== null) void openConversation(open.conversation.id).catch(reportError);
    clearInterval(heartbeat);
    heartbeat = setInterval(() => {
      request(socket, 'presence:heartbeat', {})
        .then((self) => dispatch({ type: 'self', self }))
        .catch(() => {});
    }, HEARTBEAT_MS);
  });
  socket.on('disconnect', (reason) => {
    clearInterval(heartbeat);
    dispatch({ type: 'disconnected' });
    // The server cut this socket (the account was deactivated, or the server is stopping): socket.io does not
    // retry by itself then. Connecting again asks the server whether the session still holds; a refused
    // handshake signs out (connect_error below).
    if (reason === 'io server disconnect') socket.connect();
  });
  socket.on('connect_error', (error) => {
    if (SIGNED_OUT_CODES.has(error.message)) {
      socket.disconnect();
      onSignedOut();
      return;
    }
    dispatch({ type: 'disconnected' });
  });
  socket.on('agent:self', (self) => dispatch({ type: 'self', self }));
  socket.on('queue:snapshot', (snapshot) => dispatch({ type: 'queue-snapshot', snapshot }));
  socket.on('inbox:changed', (item) => dispatch({ type: 'inbox-changed', item }));
  socket.on('conversation:assigned', (notice) => {
    dispatch({ type: 'inbox-changed', item: notice.conversation });
    onAssigned(notice);
  });
  socket.on('conversation:unassigned', ({ conversationId }) =>
    dispatch({ type: 'unassigned', conversationId }),
  );
  socket.on('message:created', (message) => {
    dispatch({ type: 'message', message });
    const open = store.get().open;
    if (open?.conversation.id === message.conversationId && message.sender === 'visitor') markRead();
  });
  socket.on('note:created', (note) => dispatch({ type: 'note', note }));
  socket.on('typing', (notice) => dispatch({ type: 'typing', notice }));

  async function openConversation(conversationId: string) {
    const previous = store.get().open;
    if (previous !== null && previous.conversation.id !== conversationId) {
      void request(socket, 'conversation:close', { conversationId: previous.conversation.id }).catch(
        () => {},
      );
    }
    dispatch({ type: 'opening', conversationId });
    const detail = await request(socket, 'conversation:open', { conversationId });
    dispatch({ type: 'opened', detail });
    markRead();
  }

  return {
    loadView,
    reload: loadAll,
    open: openConversation,
    close() {
      const open = store.get().open;
      if (open !== null) {
        void request(socket, 'conversation:close', { conversationId: open.conversation.id }).catch(() => {});
      }
      dispatch({ type: 'closed' });
    },
    async setPresence(presence: Presence) {
      dispatch({ type: 'self', self: await request(socket, 'presence:set', { presence }) });
    },
    async takeOver(conversationId: string) {
      const item = await request(socket, 'conversation:takeover', { conversationId });
      dispatch({ type: 'inbox-changed', item });
    },
    async transfer(conversationId: string, agentId: string, note?: string) {
      const item = await request(socket, 'conversation:transfer', {
        conversationId,
        agentId,
        ...(note === undefined || note.trim() === '' ? {} : { note: note.trim() }),
      });
      dispatch({ type: 'inbox-changed', item });
    },
    async resolve(conversationId: string) {
      dispatch({
        type: 'inbox-changed',
        item: await request(socket, 'conversation:resolve', { conversationId }),
      });
    },
    async handBack(conversationId: string) {
      dispatch({
        type: 'inbox-changed',
        item: await request(socket, 'conversation:handback', { conversationId }),
      });
    },
    async reply(conversationId: string, text: string, clientMessageId: string) {
      const message = await request(socket, 'message:reply', { conversationId, clientMessageId, text });
      dispatch({ type: 'message', message });
    },
    async addNote(conversationId: string, text: string) {
      dispatch({ type: 'note', note: await request(socket, 'note:add', { conversationId, text }) });
    },
    typing(conversationId: string, isTyping: boolean) {
      if (socket.connected) socket.emit('typing', { conversationId, isTyping });
    },
    cannedReplies(conversationId: string): Promise<CannedReply[]> {
      return request(socket, 'canned:list', { conversationId });
    },
    agents(): Promise<AgentSummary[]> {
      return request(socket, 'agents:list', {});
    },
    markRead,
    disconnect() {
      clearInterval(heartbeat);
      socket.disconnect();
    },
  };
}
