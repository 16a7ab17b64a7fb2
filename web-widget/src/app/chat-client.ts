import type { Socket } from 'socket.io-client';
import type * as SocketIoModule from './socket-io.ts';
import {
  VISITOR_NAMESPACE,
  type Ack,
  type ClientError,
  type IdentifyPayload,
  type VisitorClientToServerEvents,
  type VisitorServerToClientEvents,
} from '../../../server/contracts/visitor-events.ts';
import type { BootContext } from '../shared/api.ts';
import { newClientMessageId } from './ids.ts';
import type { WidgetStorage } from './storage.ts';
import { needsCatchUp } from './store/selectors.ts';
import type { Store } from './store/store.ts';

type VisitorSocket = Socket<VisitorServerToClientEvents, VisitorClientToServerEvents>;

export interface ChatClient {
  /** Connects unless connected or connecting (the first open, or a returning visitor's page load). */
  start(): void;
  /** Fetches the connection code ahead of `start` (the visitor is about to open the chat). */
  prepare(): void;
  send(text: string): void;
  retry(clientMessageId: string): void;
  discard(clientMessageId: string): void;
  typing(isTyping: boolean): void;
  dismissError(): void;
  rate(rating: number, comment: string): void;
  identify(user: IdentifyPayload): void;
  /** Forgets the visitor and starts over: the next session is a new visitor. */
  reset(): void;
  /** Disconnects and stays disconnected until `start` (the page is going away, or a test is done). */
  stop(): void;
}

export interface ChatClientSetup {
  serverUrl: string;
  store: Store;
  storage: WidgetStorage;
  emit: BootContext['emit'];
  /** How long an acknowledgement may take before the send counts as failed. */
  ackTimeoutMs?: number;
  /** Loads socket.io-client (./socket-io.ts): in the browser its own file, fetched on first use. */
  loadSocketIo: () => Promise<SocketIo>;
}

export type SocketIo = typeof SocketIoModule;

const HISTORY_PAGE = 100;
/** Catching up stops after this many pages in one go; the next reconnect or gap continues. */
const MAX_CATCH_UP_PAGES = 50;
/** Handshake codes after which this token will never be accepted: drop it and start a new session. */
const TOKEN_REFUSED = new Set(['INVALID_TOKEN', 'TOKEN_EXPIRED']);
const NEW_VISITOR_RETRY_MS = 15_000;

/**
 * The widget's side of the `/visitor` protocol (docs/protocol.md). The transcript is kept right by three
 * rules: every displayed message came from the server (acks, broadcasts, history pages); after each
 * (re)connection the widget fetches what follows the last seq it holds without a gap; a message typed while
 * offline is sent, with the clientMessageId it was given when typed, once the connection is back — the server
 * stores a resend once.
 */
export function createChatClient(setup: ChatClientSetup): ChatClient {
  const { store, storage, emit } = setup;
  const ackTimeoutMs = setup.ackTimeoutMs ?? 10_000;
  let socketIo: Promise<SocketIo> | undefined;
  const loadSocketIo = (): Promise<SocketIo> => (socketIo ??= setup.loadSocketIo());
  let socket: VisitorSocket | null = null;
  let identity: IdentifyPayload | null = null;
  // Verification lasts one connection: identify once per connection (a successful identify is followed by a
  // second `session`, which must not send it again).
  let identitySent = false;
  let flushing = false;
  let catchingUp: Promise<void> | null = null;
  // The latest attempt per message: an older attempt's late answer (after a reconnect) is ignored.
  const attempts = new Map<string, number>();
  let attemptCounter = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const online = () => socket?.connected === true && store.get().connection === 'online';

  // Bumped by every disconnect, so a connection still loading its code when the visitor resets is dropped.
  let generation = 0;
  let loading = false;

  function connect(): void {
    if (socket || loading) return;
    loading = true;
    const current = generation;
    store.dispatch({ type: 'connecting' });
    loadSocketIo().then(
      ({ io }) => {
        loading = false;
        if (current === generation) open(io);
      },
      () => {
        loading = false;
        socketIo = undefined;
        store.dispatch({ type: 'disconnected' });
        store.dispatch({
          type: 'error',
          error: { code: 'UNAVAILABLE', message: 'The chat could not load.' },
        });
      },
    );
  }

  function open(io: SocketIo['io']): void {
    const next: VisitorSocket = io(`${setup.serverUrl}${VISITOR_NAMESPACE}`, {
      // Read on every attempt, so a reconnect after the token changed presents the new one.
      auth: (callback) => {
        const token = storage.token();
        callback(token === null ? {} : { visitorToken: token });
      },
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
    });
    socket = next;

    next.on('connect', () => {
      identitySent = false;
    });
    next.on('session', (session) => {
      if (socket !== next) return;
      storage.setToken(session.visitorToken);
      store.dispatch({ type: 'session', session });
      if (identity && !identitySent) sendIdentity(next, identity);
      // Unsent messages first, so a catch-up that follows already holds them (no flash of a duplicate).
      void flush().then(() => catchUp());
    });
    next.on('message:created', (message) => {
      if (socket !== next) return;
      store.dispatch({ type: 'messages', messages: [message] });
      emit('message', message);
      if (needsCatchUp(store.get())) void catchUp();
    });
    next.on('conversation:updated', (update) => {
      if (socket !== next) return;
      store.dispatch({ type: 'conversation-updated', update });
      emit('status', update);
    });
    next.on('typing', (payload) => {
      if (socket === next) store.dispatch({ type: 'typing', payload });
    });
    next.on('disconnect', () => {
      if (socket === next) store.dispatch({ type: 'disconnected' });
    });
    next.on('connect_error', (error: Error & { data?: ClientError }) => {
      if (socket !== next) return;
      const code = error.data?.code ?? error.message;
      if (TOKEN_REFUSED.has(code)) {
        // The server will never accept this token (another deployment's secret, expired): a new visitor.
        storage.setToken(null);
        store.dispatch({ type: 'reset', keepPending: true });
        next.connect();
        return;
      }
      if (next.active) {
        // A transport failure (server restarting, network down): socket.io tries again by itself.
        store.dispatch({ type: 'disconnected' });
        return;
      }
      // Refused by the server's middleware: socket.io does not retry these.
      store.dispatch({ type: 'disconnected' });
      store.dispatch({ type: 'error', error: error.data ?? { code, message: error.message } });
      if (code !== 'ORIGIN_NOT_ALLOWED') {
        clearTimeout(retryTimer);
        retryTimer = setTimeout(() => socket === next && next.connect(), NEW_VISITOR_RETRY_MS);
      }
    });
  }

  async function flush(): Promise<void> {
    if (flushing) return;
    flushing = true;
    try {
      // One at a time and in the order typed: the server numbers them in arrival order.
      for (;;) {
        const next = store.get().pending.find((p) => p.state === 'queued');
        if (!next || !online()) return;
        const delivered = await deliver(next.clientMessageId, next.text);
        if (!delivered) return;
      }
    } finally {
      flushing = false;
    }
  }

  /** One attempt; resolves false when flushing should stop (offline, or refused). */
  async function deliver(clientMessageId: string, text: string): Promise<boolean> {
    const current = socket;
    if (!current) return false;
    const attempt = ++attemptCounter;
    attempts.set(clientMessageId, attempt);
    store.dispatch({ type: 'pending-sending', clientMessageId });
    let result: Ack<{ id: string; seq: number }>;
    try {
      result = await current.timeout(ackTimeoutMs).emitWithAck('message:send', { clientMessageId, text });
    } catch {
      if (attempts.get(clientMessageId) !== attempt) return false;
      const lost = !current.connected;
      store.dispatch({
        type: 'pending-failed',
        clientMessageId,
        error: { code: 'UNAVAILABLE', message: 'No answer from the server.' },
        retry: lost,
      });
      return false;
    }
    if (attempts.get(clientMessageId) !== attempt) return false;
    attempts.delete(clientMessageId);
    if (result.ok) {
      store.dispatch({ type: 'pending-acked', clientMessageId, ...result.data });
      const own = store.get().messages.find((m) => m.id === result.data.id);
      if (own) emit('message', own);
      return true;
    }
    store.dispatch({ type: 'pending-failed', clientMessageId, error: result.error, retry: false });
    store.dispatch({ type: 'error', error: result.error });
    emit('error', result.error);
    return false;
  }

  function catchUp(): Promise<void> {
    catchingUp ??= (async () => {
      try {
        for (let page = 0; page < MAX_CATCH_UP_PAGES; page += 1) {
          const current = socket;
          if (!current || !online()) return;
          const afterSeq = store.get().syncedSeq;
          const result = await current
            .timeout(ackTimeoutMs)
            .emitWithAck('history:fetch', { afterSeq, limit: HISTORY_PAGE });
          if (!result.ok) return;
          store.dispatch({ type: 'history', afterSeq, page: result.data });
          if (!result.data.hasMore && !needsCatchUp(store.get())) return;
          // No progress: what is missing will come with the next message or reconnect.
          if (!result.data.hasMore && store.get().syncedSeq === afterSeq) return;
        }
      } catch {
        // Timed out or disconnected: the next session catches up.
      } finally {
        catchingUp = null;
      }
    })();
    return catchingUp;
  }

  function sendIdentity(target: VisitorSocket, user: IdentifyPayload): void {
    identitySent = true;
    target
      .timeout(ackTimeoutMs)
      .emitWithAck('identify', user)
      .then(
        (result) => {
          if (result.ok) emit('identified', result.data);
          else emit('error', result.error);
        },
        // No answer (an older server, or the connection dropped): sent again with the next session.
        () => {},
      );
  }

  return {
    start: connect,
    prepare: () => void loadSocketIo().catch(() => {}),
    send(text) {
      const trimmed = text.trim();
      if (trimmed === '') return;
      store.dispatch({ type: 'error-cleared' });
      store.dispatch({
        type: 'pending-added',
        pending: {
          clientMessageId: newClientMessageId(),
          text,
          createdAt: new Date().toISOString(),
          state: 'queued',
        },
      });
      connect();
      void flush();
    },
    retry(clientMessageId) {
      store.dispatch({ type: 'pending-retried', clientMessageId });
      connect();
      void flush();
    },
    discard(clientMessageId) {
      attempts.delete(clientMessageId);
      store.dispatch({ type: 'pending-removed', clientMessageId });
    },
    dismissError() {
      store.dispatch({ type: 'error-cleared' });
    },
    typing(isTyping) {
      if (online()) socket!.volatile.emit('typing', { isTyping });
    },
    rate(rating, comment) {
      const current = socket;
      if (!current || !online()) {
        store.dispatch({
          type: 'rating-failed',
          error: { code: 'UNAVAILABLE', message: 'Not connected.' },
        });
        return;
      }
      store.dispatch({ type: 'rating-sending', value: rating });
      const payload = comment.trim() === '' ? { rating } : { rating, comment: comment.trim() };
      current
        .timeout(ackTimeoutMs)
        .emitWithAck('conversation:rate', payload)
        .then(
          (result) => {
            if (result.ok) store.dispatch({ type: 'rating-sent', value: result.data.rating });
            else store.dispatch({ type: 'rating-failed', error: result.error });
          },
          () =>
            store.dispatch({
              type: 'rating-failed',
              error: { code: 'UNAVAILABLE', message: 'No answer from the server.' },
            }),
        );
    },
    identify(user) {
      if (!isIdentity(user)) {
        console.error('Concierge.identify needs { userId, userHash } as strings (see docs/widget.md).');
        return;
      }
      identity = { ...user };
      if (socket && online()) sendIdentity(socket, identity);
    },
    reset() {
      disconnect();
      identity = null;
      attempts.clear();
      storage.clear();
      store.dispatch({ type: 'reset' });
      if (store.get().open) connect();
    },
    stop: disconnect,
  };

  function disconnect(): void {
    generation += 1;
    loading = false;
    clearTimeout(retryTimer);
    const previous = socket;
    socket = null;
    previous?.disconnect();
  }
}

function isIdentity(user: unknown): user is IdentifyPayload {
  const u = user as Partial<IdentifyPayload> | null;
  return (
    typeof u?.userId === 'string' &&
    u.userId !== '' &&
    typeof u.userHash === 'string' &&
    u.userHash !== '' &&
    (u.email === undefined || typeof u.email === 'string') &&
    (u.emailHash === undefined || typeof u.emailHash === 'string') &&
    (u.name === undefined || typeof u.name === 'string')
  );
}
