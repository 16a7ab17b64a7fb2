import type {
  AgentMessage,
  AgentSelf,
  AgentTypingNotice,
  ConversationDetail,
  ConversationListItem,
  InboxPage,
  InboxView,
  PrivateNote,
  QueueSnapshot,
  TicketView,
} from '../../../server/contracts/agent-events.ts';
import { fileItem, matchesFilters } from './inbox.ts';
import type { ConsoleState, Filters, Notice } from './state.ts';
import { mergeEntries } from './transcript.ts';

// Every change to the console's state is one of these events, applied by `update`, a pure function: the
// views only render the state, and the rules (which view a conversation is in, unread counts, transcript
// order) are tested without a browser.
export type ConsoleEvent =
  | { type: 'connecting' }
  | { type: 'connected' }
  | { type: 'disconnected' }
  | { type: 'self'; self: AgentSelf }
  | { type: 'queue-snapshot'; snapshot: QueueSnapshot }
  | { type: 'inbox-page'; page: InboxPage }
  | { type: 'inbox-changed'; item: ConversationListItem }
  | { type: 'view-selected'; view: InboxView }
  | { type: 'filters-changed'; filters: Partial<Filters> }
  | { type: 'opening'; conversationId: string }
  | { type: 'opened'; detail: ConversationDetail }
  | { type: 'closed' }
  | { type: 'message'; message: AgentMessage }
  | { type: 'note'; note: PrivateNote }
  | { type: 'typing'; notice: AgentTypingNotice }
  | { type: 'read'; conversationId: string }
  | { type: 'unassigned'; conversationId: string }
  | { type: 'ticket-saved'; ticket: TicketView }
  | { type: 'notice'; notice: Notice }
  | { type: 'notice-cleared' };

export function update(state: ConsoleState, event: ConsoleEvent): ConsoleState {
  switch (event.type) {
    case 'connecting':
      return { ...state, connection: 'connecting' };
    case 'connected':
      return { ...state, connection: 'online' };
    case 'disconnected':
      return {
        ...state,
        connection: 'offline',
        open: state.open === null ? null : { ...state.open, visitorTyping: false, agentsTyping: [] },
      };
    case 'self':
      return { ...state, self: event.self };
    case 'queue-snapshot': {
      const { items, total, expectedWaitSeconds, autoAssign } = event.snapshot;
      return {
        ...state,
        lists: { ...state.lists, queue: items.filter((item) => matchesFilters(item, state.filters)) },
        loaded: { ...state.loaded, queue: true },
        queue: { total, expectedWaitSeconds, autoAssign },
        open: refreshOpen(state.open, items),
      };
    }
    case 'inbox-page': {
      const { view, items } = event.page;
      const unread = { ...state.unread };
      for (const item of items) {
        // The stored count, except for the conversation on screen, which the agent is reading.
        unread[item.id] = item.id === state.open?.conversation.id ? 0 : item.unreadCount;
      }
      return {
        ...state,
        lists: { ...state.lists, [view]: items },
        loaded: { ...state.loaded, [view]: true },
        unread,
      };
    }
    case 'inbox-changed':
      return {
        ...state,
        lists: fileItem(state.lists, event.item, state.self?.id ?? null, state.filters),
        open: refreshOpen(state.open, [event.item]),
      };
    case 'view-selected':
      return { ...state, view: event.view };
    case 'filters-changed':
      // The views are asked for again with the new filters; until then they show what matches.
      return { ...state, filters: { ...state.filters, ...event.filters } };
    case 'opening':
      return { ...state, opening: event.conversationId };
    case 'opened': {
      const { conversation, transcript, hasMoreBefore, context } = event.detail;
      if (state.opening !== null && state.opening !== conversation.id) return state;
      return {
        ...state,
        opening: null,
        open: {
          conversation,
          transcript: mergeEntries([], transcript),
          hasMoreBefore,
          context,
          visitorTyping: false,
          agentsTyping: [],
        },
        unread: { ...state.unread, [conversation.id]: 0 },
      };
    }
    case 'closed':
      return { ...state, open: null, opening: null };
    case 'message':
      return receiveMessage(state, event.message);
    case 'note': {
      const { open } = state;
      if (open === null || open.conversation.id !== event.note.conversationId) return state;
      return { ...state, open: { ...open, transcript: mergeEntries(open.transcript, [event.note]) } };
    }
    case 'typing': {
      const { open } = state;
      const { notice } = event;
      if (open === null || open.conversation.id !== notice.conversationId) return state;
      if (notice.sender === 'visitor') return { ...state, open: { ...open, visitorTyping: notice.isTyping } };
      const name = notice.agent?.name ?? '';
      const others = open.agentsTyping.filter((n) => n !== name);
      return { ...state, open: { ...open, agentsTyping: notice.isTyping ? [...others, name] : others } };
    }
    case 'read':
      return { ...state, unread: { ...state.unread, [event.conversationId]: 0 } };
    case 'unassigned': {
      const mine = state.lists.mine.filter((item) => item.id !== event.conversationId);
      return { ...state, lists: { ...state.lists, mine } };
    }
    case 'ticket-saved': {
      const { open } = state;
      if (open === null) return state;
      const tickets = open.context.tickets.map((t) => (t.id === event.ticket.id ? event.ticket : t));
      return { ...state, open: { ...open, context: { ...open.context, tickets } } };
    }
    case 'notice':
      return { ...state, notice: event.notice };
    case 'notice-cleared':
      return state.notice === null ? state : { ...state, notice: null };
  }
}

/** The open conversation's header follows the list's changes (status, owner, priority). */
function refreshOpen(
  open: ConsoleState['open'],
  items: readonly ConversationListItem[],
): ConsoleState['open'] {
  if (open === null) return open;
  const item = items.find((i) => i.id === open.conversation.id);
  return item === undefined ? open : { ...open, conversation: item };
}

function receiveMessage(state: ConsoleState, message: AgentMessage): ConsoleState {
  const { open } = state;
  const onScreen = open !== null && open.conversation.id === message.conversationId;
  let next = state;
  if (onScreen) {
    next = {
      ...next,
      open: {
        ...open,
        transcript: mergeEntries(open.transcript, [message]),
        // A message from the visitor ends their typing.
        visitorTyping: message.sender === 'visitor' ? false : open.visitorTyping,
      },
    };
  } else if (message.sender === 'visitor') {
    next = {
      ...next,
      unread: { ...next.unread, [message.conversationId]: (next.unread[message.conversationId] ?? 0) + 1 },
    };
  }
  return next;
}

/** Unread visitor messages in a view's conversations (the badge on its tab). */
export function unreadIn(state: ConsoleState, view: InboxView): number {
  let total = 0;
  for (const item of state.lists[view]) total += state.unread[item.id] ?? 0;
  return total;
}
