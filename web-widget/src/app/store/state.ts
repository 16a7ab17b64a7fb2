import type {
  ChatMessage,
  ClientError,
  ConversationUpdate,
} from '../../../../server/contracts/visitor-events.ts';

/**
 * A message the visitor typed that the server has not acknowledged yet. `queued`: waiting for the connection
 * (sent with the same clientMessageId when it returns); `sending`: emitted, ack awaited; `failed`: refused
 * for a reason a resend will not fix by itself (too long, rate limited) until the visitor retries.
 */
export interface PendingMessage {
  clientMessageId: string;
  text: string;
  /** ISO 8601, when the visitor pressed Send. */
  createdAt: string;
  state: 'queued' | 'sending' | 'failed';
  error?: ClientError;
}

export type Connection =
  /** Not connected and not trying: a first-time visitor who has not opened the chat. */
  | 'idle'
  | 'connecting'
  | 'online'
  /** The connection dropped; socket.io is trying again. */
  | 'reconnecting';

export interface RatingState {
  /** The rating as the server stored it for the latest resolution, or the one being sent. */
  value: number | null;
  sending: boolean;
  error: ClientError | null;
}

export interface WidgetState {
  open: boolean;
  connection: Connection;
  conversationId: string | null;
  /** Displayed messages: ordered by `seq`, one per `id`. */
  messages: ChatMessage[];
  pending: PendingMessage[];
  /**
   * Every message with a `seq` up to this one is displayed: catching up (after a reload, a reconnect or a gap
   * in the live stream) fetches from here. Live messages only move it while they follow it without a gap.
   */
  syncedSeq: number;
  /** The visitor has seen messages up to this `seq` (kept across pages, so the unread badge survives them). */
  readSeq: number;
  status: ConversationUpdate | null;
  typing: { bot: boolean; agent: boolean };
  rating: RatingState;
  /** The longest message the server accepts (from the session). */
  maxLength: number;
  /** The latest error to tell the visitor about, in plain words; cleared by the next successful send. */
  error: ClientError | null;
}

export const DEFAULT_MAX_LENGTH = 2000;

export function initialState(saved: { open?: boolean; readSeq?: number; pending?: PendingMessage[] } = {}) {
  const state: WidgetState = {
    open: saved.open ?? false,
    connection: 'idle',
    conversationId: null,
    messages: [],
    // A reload while offline keeps what the visitor typed; it goes out when the connection returns.
    pending: (saved.pending ?? []).map((p) => ({ ...p, state: p.state === 'failed' ? 'failed' : 'queued' })),
    syncedSeq: 0,
    readSeq: saved.readSeq ?? 0,
    status: null,
    typing: { bot: false, agent: false },
    rating: { value: null, sending: false, error: null },
    maxLength: DEFAULT_MAX_LENGTH,
    error: null,
  };
  return state;
}
