import { useEffect, useRef, useState } from 'preact/hooks';
import type { InboxView, TicketPriority } from '../../../server/contracts/agent-events.ts';
import { VIEWS, type ConsoleState } from '../state/state.ts';
import { unreadIn } from '../state/update.ts';
import { format, strings } from '../strings.ts';
import { useEnvironment } from './context.ts';
import { ConversationRow } from './ConversationRow.tsx';
import { formatDuration } from './time.ts';

const PRIORITIES: readonly TicketPriority[] = ['urgent', 'high', 'normal', 'low'];

/** The left column: the four views as tabs, search and filters, and the selected view's conversations. */
export function Inbox({ state }: { state: ConsoleState }) {
  const { store, client } = useEnvironment();
  const tabs = useRef<Record<string, HTMLButtonElement | null>>({});
  const [query, setQuery] = useState(state.filters.q);
  const now = useNow(15_000);

  // Search as the agent types, once they pause.
  useEffect(() => {
    if (query === store.get().filters.q) return;
    const timer = setTimeout(() => {
      store.dispatch({ type: 'filters-changed', filters: { q: query } });
      void client.reload();
    }, 250);
    return () => clearTimeout(timer);
  }, [query, store, client]);

  const select = (view: InboxView, focus = false) => {
    store.dispatch({ type: 'view-selected', view });
    if (focus) tabs.current[view]?.focus();
    // Live changes keep every view current, but bot conversations are not announced message by message (too
    // many): opening a view asks for it afresh.
    client
      .loadView(view)
      .catch((error: Error) =>
        store.dispatch({ type: 'notice', notice: { kind: 'error', text: error.message } }),
      );
  };
  const onTabKey = (event: KeyboardEvent, view: InboxView) => {
    const at = VIEWS.indexOf(view);
    const to =
      event.key === 'ArrowRight' || event.key === 'ArrowDown'
        ? VIEWS[(at + 1) % VIEWS.length]
        : event.key === 'ArrowLeft' || event.key === 'ArrowUp'
          ? VIEWS[(at + VIEWS.length - 1) % VIEWS.length]
          : event.key === 'Home'
            ? VIEWS[0]
            : event.key === 'End'
              ? VIEWS[VIEWS.length - 1]
              : undefined;
    if (to === undefined) return;
    event.preventDefault();
    select(to, true);
  };
  const setFilter = (filters: Partial<ConsoleState['filters']>) => {
    store.dispatch({ type: 'filters-changed', filters });
    void client.reload();
  };
  const items = state.lists[state.view];

  return (
    <nav class="cc-inbox" aria-label={strings.inbox}>
      <div class="cc-tabs" role="tablist" aria-label={strings.inbox}>
        {VIEWS.map((view) => {
          const count = view === 'queue' ? state.queue.total : unreadIn(state, view);
          const selected = state.view === view;
          return (
            <button
              key={view}
              ref={(el) => {
                tabs.current[view] = el;
              }}
              type="button"
              role="tab"
              id={`cc-tab-${view}`}
              aria-selected={selected}
              aria-controls="cc-inbox-list"
              tabIndex={selected ? 0 : -1}
              class="cc-tab"
              onClick={() => select(view)}
              onKeyDown={(e) => onTabKey(e, view)}
            >
              {strings.views[view]}
              {count > 0 && (
                <span class={`cc-badge${view === 'queue' ? '' : ' cc-badge-unread'}`}>
                  {count}
                  <span class="cc-visually-hidden">
                    {' '}
                    {view === 'queue' ? strings.views.queue : format(strings.unread, { count })}
                  </span>
                </span>
              )}
            </button>
          );
        })}
      </div>
      <div class="cc-filters">
        <label class="cc-field cc-search">
          <span>{strings.search}</span>
          <input
            type="search"
            value={query}
            placeholder={strings.searchPlaceholder}
            onInput={(e) => setQuery(e.currentTarget.value)}
          />
        </label>
        <div class="cc-filter-row">
          <label class="cc-field">
            <span>{strings.priority}</span>
            <select
              value={state.filters.priority}
              onChange={(e) => setFilter({ priority: e.currentTarget.value as TicketPriority | '' })}
            >
              <option value="">{strings.any}</option>
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {strings.priorities[p]}
                </option>
              ))}
            </select>
          </label>
          <label class="cc-field">
            <span>{strings.reason}</span>
            <select
              value={state.filters.reason}
              onChange={(e) => setFilter({ reason: e.currentTarget.value })}
            >
              <option value="">{strings.any}</option>
              {Object.entries(strings.reasons).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      <div
        id="cc-inbox-list"
        role="tabpanel"
        aria-labelledby={`cc-tab-${state.view}`}
        class="cc-inbox-list"
        tabIndex={-1}
      >
        {state.view === 'queue' && state.queue.expectedWaitSeconds !== null && (
          <p class="cc-muted cc-expected-wait">
            {format(strings.expectedWait, { time: formatDuration(state.queue.expectedWaitSeconds) })}
          </p>
        )}
        {items.length === 0 ? (
          state.loaded[state.view] && <p class="cc-muted cc-empty">{strings.emptyView}</p>
        ) : (
          <ul class="cc-rows">
            {items.map((item) => (
              <li key={item.id}>
                <ConversationRow
                  item={item}
                  view={state.view}
                  now={now}
                  unread={state.unread[item.id] ?? 0}
                  selected={state.open?.conversation.id === item.id}
                  onOpen={() =>
                    client
                      .open(item.id)
                      .catch((error: Error) =>
                        store.dispatch({ type: 'notice', notice: { kind: 'error', text: error.message } }),
                      )
                  }
                />
              </li>
            ))}
          </ul>
        )}
      </div>
    </nav>
  );
}

/** The current time, refreshed every `everyMs`, so wait times count up on screen. */
function useNow(everyMs: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
