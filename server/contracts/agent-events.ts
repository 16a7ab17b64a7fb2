// The agent protocol on the socket.io namespace `/agent`, as types only: the server gateway and the console
// (web-console/) both import this file, so a renamed field breaks the build on both sides at once. The REST
// routes under /api (docs/api.md) answer with the same DTOs.
import type {
  Ack,
  ChatMessage,
  ConversationStatus,
  EscalationReason,
  Sender,
  TicketSummary,
} from './visitor-events.ts';

export type { Ack, ClientError, ConversationStatus, Sender } from './visitor-events.ts';

export const AGENT_NAMESPACE = '/agent';

/** The room every agent socket of the namespace joins: queue snapshots and inbox changes go there. */
export const QUEUE_ROOM = 'queue';

/**
 * Error codes the console branches on (all errors are `{ code, message }`; see docs/protocol.md for the full
 * catalogue). Stable: never renamed or reused.
 */
export type AgentErrorCode =
  /** The handshake or request has no staff session. */
  | 'UNAUTHENTICATED'
  | 'INVALID_TOKEN'
  | 'TOKEN_EXPIRED'
  /** A visitor's token, or an action the agent's role or ownership does not allow. */
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'INVALID_PAYLOAD'
  | 'VALIDATION_FAILED'
  /** Take over lost the race: another agent took the conversation first (`details.assignee` names them). */
  | 'CONVERSATION_TAKEN'
  /** The conversation is not in a state that allows this (e.g. resolving a bot conversation). */
  | 'ILLEGAL_TRANSITION'
  /** Taking another conversation would exceed the agent's capacity. */
  | 'AGENT_AT_CAPACITY'
  /** A transfer to an agent who is away, offline or full. */
  | 'AGENT_UNAVAILABLE'
  /** Only an online agent takes conversations, and only a resolved conversation is rated. */
  | 'CONFLICT'
  | 'MESSAGE_TOO_LONG'
  | 'RATE_LIMITED'
  | 'INTERNAL';

export type Presence = 'online' | 'away' | 'offline';

/** The four views of the inbox. */
export type InboxView =
  /** Waiting for an agent, longest waiting first. */
  | 'queue'
  /** Owned by the requesting agent, most recently active first. */
  | 'mine'
  /** The bot is answering now (to watch, or take over), most recently active first. */
  | 'live'
  /** Resolved, most recently resolved first. */
  | 'resolved';

export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent';
export type TicketStatus = 'open' | 'pending' | 'resolved' | 'closed';

export interface SentimentView {
  /** -1 (very negative) to 1 (very positive). */
  score: number;
  label: 'negative' | 'neutral' | 'positive' | string;
}

export interface AgentRef {
  id: string;
  name: string;
}

/** The signed-in agent as the server sees them (presence, capacity, load). */
export interface AgentSelf {
  id: string;
  name: string;
  email: string;
  role: 'agent' | 'admin';
  presence: Presence;
  /** Maximum concurrent conversations, set by an admin. */
  capacity: number;
  /** Conversations the agent owns now (status `agent`). */
  activeCount: number;
}

/** Another staff member, for the transfer picker. */
export interface AgentSummary extends AgentRef {
  presence: Presence;
  capacity: number;
  activeCount: number;
}

/** What the visitor told us about themselves; only `verified` details were proved (identify, shop records). */
export interface VisitorIdentity {
  contactId: string;
  /** The contact's name, or null for an anonymous visitor (the console shows "Visitor"). */
  name: string | null;
  emails: Array<{ value: string; verified: boolean }>;
  phones: Array<{ value: string; verified: boolean }>;
}

export interface MessagePreview {
  sender: Sender;
  /** At most 140 characters of the message text, as text. */
  text: string;
  seq: number;
  /** ISO 8601. */
  createdAt: string;
}

/** One row of the inbox, in every view. */
export interface ConversationListItem {
  id: string;
  status: ConversationStatus;
  visitor: VisitorIdentity;
  assignee: AgentRef | null;
  /** ISO 8601 escalation time while waiting (and kept after), null when never escalated. */
  waitingSince: string | null;
  /** 1-based place in the queue while waiting. */
  queuePosition: number | null;
  escalationReason: EscalationReason | string | null;
  /** The sentiment of the visitor's latest message, null before they wrote. */
  sentiment: SentimentView | null;
  /** The priority of the conversation's open ticket, null without one. */
  priority: TicketPriority | null;
  /** Visitor messages the requesting agent has not read (see `conversation:read`). */
  unreadCount: number;
  lastMessage: MessagePreview | null;
  /** The visitor's rating once given. */
  rating: number | null;
  /** ISO 8601. */
  updatedAt: string;
  /** ISO 8601, null unless resolved. */
  resolvedAt: string | null;
}

export interface EntityView {
  type: string;
  /** The matched text as typed, and its character offsets in the message. */
  text: string;
  start: number;
  end: number;
  /** The normalised value (a string, or a structured value such as `{ id, name }`). */
  value: unknown;
}

/** What the NLP made of a visitor message. */
export interface MessageAnalysisView {
  intent: { name: string; confidence: number };
  /** The next-best intents, best first (up to 3). */
  ranking: Array<{ name: string; confidence: number }>;
  entities: EntityView[];
  sentiment: SentimentView;
}

/** A transcript message as an agent sees it: the visitor's view plus the analysis and the bot's action. */
export interface AgentMessage extends ChatMessage {
  kind: 'message';
  /** Visitor messages only. */
  analysis?: MessageAnalysisView;
  /** Bot messages only: the intent the bot answered and with what confidence. */
  botIntent?: { name: string; confidence: number };
  /** Bot messages only: the action the bot took for the visitor message it answers (`escalate`, `order_status`…). */
  botAction?: string;
  /** Agent messages: who wrote it. */
  senderId?: string;
}

/** A private note: never sent to the visitor. Placed in the transcript after message `afterSeq`. */
export interface PrivateNote {
  kind: 'note';
  id: string;
  conversationId: string;
  afterSeq: number;
  author: AgentRef;
  text: string;
  /** ISO 8601. */
  createdAt: string;
}

export type TranscriptEntry = AgentMessage | PrivateNote;

export interface OrderSummary {
  id: string;
  number: string;
  status: string;
  items: Array<{ name: string; sku: string; quantity: number; price: number }>;
  total: number;
  currency: string;
  /** ISO 8601. */
  placedAt: string;
  trackingNumber: string | null;
}

export interface TicketView extends TicketSummary {
  id: string;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  assignee: AgentRef | null;
  conversationId: string | null;
  /** ISO 8601. */
  updatedAt: string;
}

export interface PastConversation {
  id: string;
  status: ConversationStatus;
  /** ISO 8601. */
  updatedAt: string;
  lastMessage: MessagePreview | null;
}

/** The side panel: who the visitor is and what they have with the shop. */
export interface ConversationContext {
  contact: VisitorIdentity & { attributes: Record<string, unknown> };
  orders: OrderSummary[];
  tickets: TicketView[];
  pastConversations: PastConversation[];
}

export interface ConversationDetail {
  conversation: ConversationListItem;
  /** Messages and notes in `seq` order (a note sorts after the message it follows). */
  transcript: TranscriptEntry[];
  /** True when older messages exist before the first one returned. */
  hasMoreBefore: boolean;
  context: ConversationContext;
}

/** A canned reply; `{placeholder}` names are filled in for a conversation (unknown ones stay as typed). */
export interface CannedReply {
  id: string;
  /** Typed after "/" in the reply box. */
  shortcut: string;
  title: string;
  /** The template, e.g. "Hi {visitor_name}, I'm {agent_name}." */
  template: string;
  /** The template filled in for the conversation given to `canned:list`, absent without one. */
  text?: string;
}

/** Placeholders every canned reply may use. */
export const CANNED_PLACEHOLDERS = ['visitor_name', 'agent_name', 'order_number', 'ticket_number'] as const;

// ── Client → server payloads ─────────────────────────────────────────────────────────────────────────────────

export interface AgentHandshakeAuth {
  /** The bearer token from POST /api/auth/login (scripts); the console's session cookie also works. */
  token?: string;
}

export interface PresencePayload {
  presence: Presence;
}

export interface InboxListPayload {
  view: InboxView;
  /** Matches the visitor's name, email or phone, or the last message (case-insensitive, plain text). */
  q?: string;
  /** Filters. */
  priority?: TicketPriority;
  reason?: string;
  /** Default 50, at most 100. */
  limit?: number;
}

export interface InboxPage {
  view: InboxView;
  items: ConversationListItem[];
}

export interface ConversationRef {
  conversationId: string;
}

export interface AgentReplyPayload {
  conversationId: string;
  /** Chosen by the console so a resent reply is stored once. */
  clientMessageId: string;
  text: string;
}

export interface NotePayload {
  conversationId: string;
  text: string;
}

export interface AgentTypingPayload {
  conversationId: string;
  isTyping: boolean;
}

export interface ReadPayload {
  conversationId: string;
  /** The highest `seq` the agent has seen. */
  seq: number;
}

export interface TransferPayload {
  conversationId: string;
  agentId: string;
  /** Shown to the receiving agent as a private note. */
  note?: string;
}

export interface CannedListPayload {
  /** Fill the placeholders for this conversation. */
  conversationId?: string;
}

// ── Server → client payloads ─────────────────────────────────────────────────────────────────────────────────

/** The waiting conversations, oldest first; sent on connect and after every change to the queue. */
export interface QueueSnapshot {
  items: ConversationListItem[];
  /** All waiting conversations (the snapshot carries at most 100). */
  total: number;
  /** Expected wait in seconds for a newcomer, from recent pick-up times; null without data. */
  expectedWaitSeconds: number | null;
  /** True when routing assigns conversations; false when agents pick from the queue (ROUTING_MODE=manual). */
  autoAssign: boolean;
}

/** Why a conversation was assigned to an agent. */
export type AssignmentCause = 'routing' | 'takeover' | 'transfer';

export interface AssignmentNotice {
  conversation: ConversationListItem;
  cause: AssignmentCause;
  /** For transfers: who handed it over. */
  by?: AgentRef;
}

export interface AgentTypingNotice {
  conversationId: string;
  /** `visitor` while the visitor types; `agent` when another agent types in a conversation you watch. */
  sender: 'visitor' | 'agent';
  isTyping: boolean;
  agent?: AgentRef;
}

export interface AgentClientToServerEvents {
  'presence:set': (payload: PresencePayload, ack: (result: Ack<AgentSelf>) => void) => void;
  /** Keeps the socket's presence alive; the server answers with the current self (capacity, load). */
  'presence:heartbeat': (payload: Record<string, never>, ack: (result: Ack<AgentSelf>) => void) => void;
  'inbox:list': (payload: InboxListPayload, ack: (result: Ack<InboxPage>) => void) => void;
  /** Opens a conversation: returns its detail and subscribes the socket to its messages and typing. */
  'conversation:open': (payload: ConversationRef, ack: (result: Ack<ConversationDetail>) => void) => void;
  /** Stops watching a conversation opened earlier. */
  'conversation:close': (payload: ConversationRef, ack: (result: Ack<null>) => void) => void;
  /** Compare-and-set: one agent wins; the others get CONVERSATION_TAKEN. */
  'conversation:takeover': (
    payload: ConversationRef,
    ack: (result: Ack<ConversationListItem>) => void,
  ) => void;
  'conversation:transfer': (
    payload: TransferPayload,
    ack: (result: Ack<ConversationListItem>) => void,
  ) => void;
  /** The visitor is asked to rate the conversation. */
  'conversation:resolve': (
    payload: ConversationRef,
    ack: (result: Ack<ConversationListItem>) => void,
  ) => void;
  'conversation:handback': (
    payload: ConversationRef,
    ack: (result: Ack<ConversationListItem>) => void,
  ) => void;
  'conversation:read': (payload: ReadPayload, ack: (result: Ack<null>) => void) => void;
  'message:reply': (payload: AgentReplyPayload, ack: (result: Ack<AgentMessage>) => void) => void;
  'note:add': (payload: NotePayload, ack: (result: Ack<PrivateNote>) => void) => void;
  typing: (payload: AgentTypingPayload) => void;
  'canned:list': (payload: CannedListPayload, ack: (result: Ack<CannedReply[]>) => void) => void;
  'agents:list': (payload: Record<string, never>, ack: (result: Ack<AgentSummary[]>) => void) => void;
}

export interface AgentServerToClientEvents {
  /** Sent once on connect, then whenever presence, capacity or load changes. */
  'agent:self': (self: AgentSelf) => void;
  'queue:snapshot': (snapshot: QueueSnapshot) => void;
  /** A conversation changed (status, owner, last message, priority…); the console files it into its views. */
  'inbox:changed': (item: ConversationListItem) => void;
  /** A conversation is now yours. */
  'conversation:assigned': (notice: AssignmentNotice) => void;
  /** A conversation you owned went to someone else (transfer) or back to the queue/bot. */
  'conversation:unassigned': (payload: { conversationId: string }) => void;
  /** A message in a conversation you opened (or own). */
  'message:created': (message: AgentMessage) => void;
  /** A private note in a conversation you opened (or own). */
  'note:created': (note: PrivateNote) => void;
  typing: (notice: AgentTypingNotice) => void;
}
