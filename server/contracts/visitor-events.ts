// The visitor protocol on the socket.io namespace `/visitor`, as types only: the server gateway and the
// browser widget both import this file, so a renamed field breaks the build on both sides at once.

export const VISITOR_NAMESPACE = '/visitor';

export type Sender = 'visitor' | 'bot' | 'agent' | 'system';

export type ConversationStatus = 'bot' | 'waiting_agent' | 'agent' | 'resolved';

export type EscalationReason =
  'requested_human' | 'negative_sentiment' | 'not_understood' | 'high_value_complaint';

export interface ProductSuggestion {
  type: 'product';
  productId: string;
  title: string;
  price: number;
  /** The product's reference in the shop's catalogue, for the shop's own product-page links. */
  sku?: string;
  /** The product's page: absolute, or a path on the Concierge server (`/products/<sku>`). */
  url?: string;
  /** The product's picture: an absolute URL, or a path on the Concierge server (the widget resolves it there). */
  imageUrl?: string;
}

export interface QuickReplySuggestion {
  type: 'quick_reply';
  text: string;
}

export type Suggestion = ProductSuggestion | QuickReplySuggestion;

export interface TicketSummary {
  number: string;
  status: string;
  category: string;
  priority: string;
}

export interface ChatMessage {
  id: string;
  conversationId: string;
  seq: number;
  sender: Sender;
  /** The agent's display name on agent messages ("Sam"); absent for other senders. */
  senderName?: string;
  text: string;
  /** ISO 8601. */
  createdAt: string;
  intent?: string;
  suggestions?: Suggestion[];
  ticket?: TicketSummary;
  /** On a bot message that asks the visitor for a detail (`email`, `order_number`…): the widget can offer a field. */
  expects?: string;
}

export interface ClientError {
  code: string;
  message: string;
}

export type Ack<T> = { ok: true; data: T } | { ok: false; error: ClientError };

export interface HandshakeAuth {
  visitorToken?: string;
}

export interface SessionPayload {
  visitorToken: string;
  conversationId: string;
  lastSeq: number;
  /**
   * Present once the shop's backend vouched for the visitor through `identify` (see docs/protocol.md): the
   * server sends `session` again with `identified: true` after a successful `identify`. Absent at connect:
   * verification lasts one connection.
   */
  identified?: boolean;
  /** The longest message text the server accepts (`MESSAGE_MAX_LENGTH`), so the widget can count down to it. */
  maxMessageLength?: number;
}

/**
 * The shop's backend vouches for its signed-in customer: `userHash` is HMAC-SHA256(IDENTITY_SECRET, userId) in
 * hex, computed on the shop's server. Only a good hash links the visitor to that customer's records.
 */
export interface IdentifyPayload {
  userId: string;
  email?: string;
  name?: string;
  userHash: string;
  /**
   * HMAC-SHA256(IDENTITY_SECRET, email) in hex, over the exact `email` string. Only a signed email is
   * verified (it can then find the customer's existing contact); `userHash` binds the user id alone.
   */
  emailHash?: string;
}

export interface IdentifyResult {
  identified: true;
  name: string | null;
}

/** The visitor's rating of a resolved conversation. */
export interface RateConversationPayload {
  /** 1 to 5 stars. */
  rating: number;
  comment?: string;
}

export interface RateConversationResult {
  rating: number;
}

export interface SendMessagePayload {
  clientMessageId: string;
  text: string;
}

export interface SendMessageResult {
  id: string;
  seq: number;
}

export interface HistoryFetchPayload {
  afterSeq: number;
  limit?: number;
}

export interface HistoryPage {
  messages: ChatMessage[];
  hasMore: boolean;
}

export interface VisitorTypingPayload {
  isTyping: boolean;
}

export interface ServerTypingPayload {
  sender: 'bot' | 'agent';
  isTyping: boolean;
}

export interface ConversationUpdate {
  conversationId: string;
  status: ConversationStatus;
  /** 1-based place in the agent queue, present only while the status is `waiting_agent`. */
  queuePosition?: number;
  /** Expected wait in seconds from recent pick-up times, while the status is `waiting_agent`. */
  expectedWaitSeconds?: number;
  /** The agent who owns the conversation, while the status is `agent`. */
  agent?: { name: string };
  reason?: EscalationReason | string;
  /** The visitor's rating (1–5) of a resolved conversation, once given. */
  rating?: number;
}

export interface VisitorClientToServerEvents {
  'message:send': (payload: SendMessagePayload, ack: (result: Ack<SendMessageResult>) => void) => void;
  'history:fetch': (payload: HistoryFetchPayload, ack: (result: Ack<HistoryPage>) => void) => void;
  typing: (payload: VisitorTypingPayload) => void;
  identify: (payload: IdentifyPayload, ack: (result: Ack<IdentifyResult>) => void) => void;
  'conversation:rate': (
    payload: RateConversationPayload,
    ack: (result: Ack<RateConversationResult>) => void,
  ) => void;
}

export interface VisitorServerToClientEvents {
  session: (payload: SessionPayload) => void;
  'message:created': (message: ChatMessage) => void;
  typing: (payload: ServerTypingPayload) => void;
  'conversation:updated': (update: ConversationUpdate) => void;
}
