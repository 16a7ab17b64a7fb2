import type {
  AgentMessage,
  AgentSelf,
  ConversationContext,
  ConversationListItem,
  InboxView,
  PrivateNote,
  TicketPriority,
} from '../../../server/contracts/agent-events.ts';

export const VIEWS: readonly InboxView[] = ['queue', 'mine', 'live', 'resolved'];

export type Connection = 'connecting' | 'online' | 'offline';

export interface Filters {
  /** Plain text matched against the visitor's name, emails, phones and the last message. */
  q: string;
  priority: TicketPriority | '';
  reason: string;
}

/** The conversation open in the middle column, as the server described it plus what arrived since. */
export interface OpenConversation {
  conversation: ConversationListItem;
  /** Messages and notes, in `seq` order (a note after the message it follows), one per id. */
  transcript: Array<AgentMessage | PrivateNote>;
  hasMoreBefore: boolean;
  context: ConversationContext;
  /** Who is typing in it now: the visitor, and other agents by name. */
  visitorTyping: boolean;
  agentsTyping: string[];
}

export interface Notice {
  kind: 'error' | 'info';
  text: string;
}

export interface ConsoleState {
  connection: Connection;
  self: AgentSelf | null;
  view: InboxView;
  filters: Filters;
  /** Each view's conversations, in the view's order. */
  lists: Record<InboxView, ConversationListItem[]>;
  /** Whether each view was loaded (an empty list then means "nothing here", not "not asked yet"). */
  loaded: Record<InboxView, boolean>;
  queue: { total: number; expectedWaitSeconds: number | null; autoAssign: boolean };
  /** Visitor messages not read yet, by conversation id. */
  unread: Record<string, number>;
  open: OpenConversation | null;
  /** The id being opened (its detail not arrived yet). */
  opening: string | null;
  notice: Notice | null;
}

export function initialState(): ConsoleState {
  return {
    connection: 'connecting',
    self: null,
    view: 'queue',
    filters: { q: '', priority: '', reason: '' },
    lists: { queue: [], mine: [], live: [], resolved: [] },
    loaded: { queue: false, mine: false, live: false, resolved: false },
    queue: { total: 0, expectedWaitSeconds: null, autoAssign: true },
    unread: {},
    open: null,
    opening: null,
    notice: null,
  };
}
