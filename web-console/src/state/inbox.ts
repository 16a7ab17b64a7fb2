import type { ConversationListItem, InboxView } from '../../../server/contracts/agent-events.ts';
import type { Filters } from './state.ts';

/** The view a conversation belongs in, for this agent; null for one that belongs in none (someone else's). */
export function viewOf(item: ConversationListItem, selfId: string | null): InboxView | null {
  switch (item.status) {
    case 'waiting_agent':
      return 'queue';
    case 'agent':
      return item.assignee !== null && item.assignee.id === selfId ? 'mine' : null;
    case 'bot':
      return 'live';
    case 'resolved':
      return 'resolved';
    default:
      return null;
  }
}

const time = (iso: string | null) => (iso === null ? 0 : Date.parse(iso));

/** The order of each view, as the server sorts it: the queue oldest first, the others newest first. */
export function compareIn(view: InboxView) {
  return (a: ConversationListItem, b: ConversationListItem): number => {
    switch (view) {
      case 'queue':
        return time(a.waitingSince ?? a.updatedAt) - time(b.waitingSince ?? b.updatedAt) || cmp(a.id, b.id);
      case 'resolved':
        return time(b.resolvedAt ?? b.updatedAt) - time(a.resolvedAt ?? a.updatedAt) || cmp(a.id, b.id);
      default:
        return time(b.updatedAt) - time(a.updatedAt) || cmp(a.id, b.id);
    }
  };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The same test the server applies to `inbox:list`, so a live change never shows a row the filter hides. */
export function matchesFilters(item: ConversationListItem, filters: Filters): boolean {
  if (filters.priority !== '' && item.priority !== filters.priority) return false;
  if (filters.reason !== '' && item.escalationReason !== filters.reason) return false;
  const q = filters.q.trim().toLowerCase();
  if (q === '') return true;
  const haystack = [
    item.visitor.name ?? '',
    ...item.visitor.emails.map((e) => e.value),
    ...item.visitor.phones.map((p) => p.value),
    item.lastMessage?.text ?? '',
  ];
  return haystack.some((text) => text.toLowerCase().includes(q));
}

/**
 * Files a changed conversation into the views: out of every view it left, into (or updated in) the one it
 * belongs in now, at its place in that view's order.
 */
export function fileItem(
  lists: Record<InboxView, ConversationListItem[]>,
  item: ConversationListItem,
  selfId: string | null,
  filters: Filters,
): Record<InboxView, ConversationListItem[]> {
  const target = viewOf(item, selfId);
  const next = { ...lists };
  for (const view of Object.keys(lists) as InboxView[]) {
    const without = lists[view].filter((existing) => existing.id !== item.id);
    if (view === target && matchesFilters(item, filters)) {
      next[view] = [...without, item].sort(compareIn(view));
    } else if (without.length !== lists[view].length) {
      next[view] = without;
    }
  }
  return next;
}
