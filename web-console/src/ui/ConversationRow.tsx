import type { ConversationListItem, InboxView } from '../../../server/contracts/agent-events.ts';
import { format, strings } from '../strings.ts';
import { formatDuration, formatTime } from './time.ts';

export interface ConversationRowProps {
  item: ConversationListItem;
  view: InboxView;
  now: number;
  unread: number;
  selected: boolean;
  onOpen(): void;
}

/** One conversation in the inbox: who, how long waiting or when, why, mood, priority, last words. */
export function ConversationRow({ item, view, now, unread, selected, onOpen }: ConversationRowProps) {
  const name = item.visitor.name ?? item.visitor.emails[0]?.value ?? strings.visitor;
  const waitedSeconds = item.waitingSince === null ? null : (now - Date.parse(item.waitingSince)) / 1000;
  return (
    <button
      type="button"
      class={`cc-row${selected ? ' cc-row-selected' : ''}`}
      aria-current={selected ? 'true' : undefined}
      data-conversation-id={item.id}
      onClick={onOpen}
    >
      <span class="cc-row-top">
        <span class="cc-row-name">{name}</span>
        {unread > 0 && (
          <span class="cc-badge cc-badge-unread">
            {unread}
            <span class="cc-visually-hidden"> {format(strings.unread, { count: unread })}</span>
          </span>
        )}
        <span class="cc-row-time">
          {view === 'queue' && waitedSeconds !== null
            ? format(strings.waiting, { time: formatDuration(waitedSeconds) })
            : formatTime(item.resolvedAt ?? item.updatedAt)}
        </span>
      </span>
      <span class="cc-row-tags">
        {view === 'queue' && item.queuePosition !== null && (
          <span class="cc-tag">{format(strings.queuePosition, { position: item.queuePosition })}</span>
        )}
        {item.escalationReason !== null && (
          <span class="cc-tag cc-tag-reason">
            {strings.reasons[item.escalationReason] ?? item.escalationReason}
          </span>
        )}
        {item.sentiment !== null && (
          <span class={`cc-tag cc-sentiment-${item.sentiment.label}`}>
            {strings.sentiment}: {strings.sentimentLabels[item.sentiment.label] ?? item.sentiment.label}
          </span>
        )}
        {item.priority !== null && (
          <span class={`cc-tag cc-priority-${item.priority}`}>
            {strings.priority}: {strings.priorities[item.priority]}
          </span>
        )}
        {view === 'live' || view === 'resolved' || item.assignee === null ? null : (
          <span class="cc-tag">{format(strings.assignedTo, { name: item.assignee.name })}</span>
        )}
      </span>
      {item.lastMessage !== null && <span class="cc-row-preview">{item.lastMessage.text}</span>}
    </button>
  );
}
