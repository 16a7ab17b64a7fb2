import type {
  ChatMessage,
  ClientError,
  ConversationUpdate,
  HistoryPage,
  ServerTypingPayload,
  SessionPayload,
} from '../../../../server/contracts/visitor-events.ts';
import { DEFAULT_MAX_LENGTH, initialState, type PendingMessage, type WidgetState } from './state.ts';

// Every change to the widget's state is one of these events, applied by `update`, a pure function: the views
// only render the state, and the rules that keep the transcript right (order by seq, one copy per id,
// pending sends) are tested without a browser.
export type WidgetEvent =
  | { type: 'opened' }
  | { type: 'closed' }
  | { type: 'connecting' }
  | { type: 'disconnected' }
  | { type: 'session'; session: SessionPayload }
  | { type: 'messages'; messages: readonly ChatMessage[] }
  | { type: 'history'; afterSeq: number; page: HistoryPage }
  | { type: 'pending-added'; pending: PendingMessage }
  | { type: 'pending-sending'; clientMessageId: string }
  | { type: 'pending-acked'; clientMessageId: string; id: string; seq: number }
  /** `retry`: the send may simply be repeated later (timeout, lost connection): back to `queued`. */
  | { type: 'pending-failed'; clientMessageId: string; error: ClientError; retry: boolean }
  | { type: 'pending-retried'; clientMessageId: string }
  | { type: 'pending-removed'; clientMessageId: string }
  | { type: 'conversation-updated'; update: ConversationUpdate }
  | { type: 'typing'; payload: ServerTypingPayload }
  | { type: 'rating-sending'; value: number }
  | { type: 'rating-sent'; value: number }
  | { type: 'rating-failed'; error: ClientError }
  | { type: 'error'; error: ClientError }
  | { type: 'error-cleared' }
  /** A new session (the shop's logout, or a token the server refused): nothing of the old one is kept. */
  | { type: 'reset'; keepPending?: boolean };

export function update(state: WidgetState, event: WidgetEvent): WidgetState {
  switch (event.type) {
    case 'opened':
      return { ...state, open: true, readSeq: Math.max(state.readSeq, lastSeq(state.messages)) };
    case 'closed':
      return { ...state, open: false };
    case 'connecting':
      return { ...state, connection: state.connection === 'idle' ? 'connecting' : state.connection };
    case 'disconnected':
      return {
        ...state,
        connection: 'reconnecting',
        typing: { bot: false, agent: false },
        // The ack of a message in flight may never come: it is resent (same clientMessageId) on reconnect.
        pending: state.pending.map((p) => (p.state === 'sending' ? { ...p, state: 'queued' } : p)),
      };
    case 'session':
      return startSession(state, event.session);
    case 'messages':
      return receive(
        state,
        event.messages.filter((m) => m.conversationId === state.conversationId),
      );
    case 'history':
      return receiveHistory(state, event.afterSeq, event.page);
    case 'pending-added':
      return { ...state, pending: [...state.pending, event.pending] };
    case 'pending-sending':
      return withPending(state, event.clientMessageId, (p) => ({ ...p, state: 'sending', error: undefined }));
    case 'pending-acked':
      return acknowledge(state, event.clientMessageId, event.id, event.seq);
    case 'pending-failed':
      return withPending(state, event.clientMessageId, (p) =>
        event.retry ? { ...p, state: 'queued' } : { ...p, state: 'failed', error: event.error },
      );
    case 'pending-retried':
      return withPending(state, event.clientMessageId, (p) => ({ ...p, state: 'queued', error: undefined }));
    case 'pending-removed':
      return { ...state, pending: state.pending.filter((p) => p.clientMessageId !== event.clientMessageId) };
    case 'conversation-updated':
      return conversationUpdated(state, event.update);
    case 'typing':
      return { ...state, typing: { ...state.typing, [event.payload.sender]: event.payload.isTyping } };
    case 'rating-sending':
      return { ...state, rating: { value: event.value, sending: true, error: null } };
    case 'rating-sent':
      return { ...state, rating: { value: event.value, sending: false, error: null } };
    case 'rating-failed':
      return { ...state, rating: { value: null, sending: false, error: event.error } };
    case 'error':
      return { ...state, error: event.error };
    case 'error-cleared':
      return state.error === null ? state : { ...state, error: null };
    case 'reset':
      return {
        ...initialState({ open: state.open }),
        // What the visitor typed but could not send yet still goes out, in the new conversation.
        pending: event.keepPending ? state.pending : [],
      };
  }
}

function startSession(state: WidgetState, session: SessionPayload): WidgetState {
  const base =
    state.conversationId === null || state.conversationId === session.conversationId
      ? state
      : // Another conversation than the one displayed (a new session): start from an empty transcript.
        { ...initialState({ open: state.open }), pending: state.pending };
  return {
    ...base,
    connection: 'online',
    conversationId: session.conversationId,
    maxLength: session.maxMessageLength ?? base.maxLength ?? DEFAULT_MAX_LENGTH,
  };
}

/** Adds messages, replacing any with the same id (the server's copy wins), ordered by seq. */
export function mergeMessages(
  current: readonly ChatMessage[],
  incoming: readonly ChatMessage[],
): ChatMessage[] {
  if (incoming.length === 0) return current as ChatMessage[];
  const byId = new Map(current.map((m) => [m.id, m]));
  for (const message of incoming) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

function receive(state: WidgetState, incoming: readonly ChatMessage[]): WidgetState {
  if (incoming.length === 0) return state;
  const messages = mergeMessages(state.messages, incoming);
  const typing = { ...state.typing };
  // A message from the bot or the agent ends its typing indicator.
  for (const m of incoming) if (m.sender === 'bot' || m.sender === 'agent') typing[m.sender] = false;
  return {
    ...state,
    messages,
    typing,
    syncedSeq: advance(state.syncedSeq, messages),
    readSeq: state.open ? Math.max(state.readSeq, lastSeq(messages)) : state.readSeq,
  };
}

function receiveHistory(state: WidgetState, afterSeq: number, page: HistoryPage): WidgetState {
  const own = page.messages.filter((m) => m.conversationId === state.conversationId);
  const received = receive(state, own);
  // A page holds every message from `afterSeq` to its last one: fetched from where the transcript is
  // complete, it extends the complete part to that message (gaps in the numbering included).
  if (afterSeq > state.syncedSeq || own.length === 0) return received;
  const through = own[own.length - 1]!.seq;
  return { ...received, syncedSeq: advance(Math.max(received.syncedSeq, through), received.messages) };
}

/** The highest seq reached from `from` through displayed messages without a gap. */
function advance(from: number, messages: readonly ChatMessage[]): number {
  let synced = from;
  for (const m of messages) {
    if (m.seq <= synced) continue;
    if (m.seq !== synced + 1) break;
    synced = m.seq;
  }
  return synced;
}

function acknowledge(state: WidgetState, clientMessageId: string, id: string, seq: number): WidgetState {
  const pending = state.pending.find((p) => p.clientMessageId === clientMessageId);
  if (!pending) return state;
  const rest = state.pending.filter((p) => p !== pending);
  const own: ChatMessage = {
    id,
    conversationId: state.conversationId ?? '',
    seq,
    sender: 'visitor',
    text: pending.text,
    createdAt: pending.createdAt,
  };
  // Already displayed (a catch-up fetched it before the ack came back): keep the server's copy.
  const known = state.messages.some((m) => m.id === id);
  const next = known ? state : receive(state, [own]);
  return { ...next, pending: rest, error: null };
}

function conversationUpdated(state: WidgetState, update: ConversationUpdate): WidgetState {
  if (state.conversationId !== null && update.conversationId !== state.conversationId) return state;
  const rating =
    update.status !== 'resolved'
      ? { value: null, sending: false, error: null }
      : update.rating !== undefined
        ? { value: update.rating, sending: false, error: null }
        : state.rating.sending
          ? state.rating
          : { value: null, sending: false, error: null };
  return {
    ...state,
    status: update,
    typing: {
      bot: state.typing.bot && update.status === 'bot',
      agent: state.typing.agent && update.status === 'agent',
    },
    rating,
  };
}

function withPending(
  state: WidgetState,
  clientMessageId: string,
  change: (pending: PendingMessage) => PendingMessage,
): WidgetState {
  let found = false;
  const pending = state.pending.map((p) => {
    if (p.clientMessageId !== clientMessageId) return p;
    found = true;
    return change(p);
  });
  return found ? { ...state, pending } : state;
}

export function lastSeq(messages: readonly ChatMessage[]): number {
  return messages.length === 0 ? 0 : messages[messages.length - 1]!.seq;
}
