import type { RefObject } from 'preact';
import { format } from '../../i18n/index.ts';
import { useEnvironment } from './context.ts';
import { ChatIcon } from './icons.tsx';

/**
 * The round button in the corner. Its name stays "Open chat"; the unread count is its description, so it is
 * read after the name ("Open chat, button, 2 unread messages") and the badge itself is only drawn.
 */
export function Launcher({
  unread,
  buttonRef,
}: {
  unread: number;
  buttonRef: RefObject<HTMLButtonElement | null>;
}) {
  const { strings, open, client } = useEnvironment();
  return (
    <div class="cc-launcher-wrap">
      <button
        type="button"
        class="cc-launcher"
        ref={buttonRef}
        onClick={open}
        // About to open: fetch the connection code now rather than after the click.
        onPointerEnter={client.prepare}
        onFocus={client.prepare}
        aria-label={strings.openChat}
        aria-describedby={unread > 0 ? 'cc-unread' : undefined}
      >
        <ChatIcon />
      </button>
      {unread > 0 && (
        <>
          <span class="cc-badge" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
          <span id="cc-unread" hidden>
            {unread === 1 ? strings.unreadOne : format(strings.unreadMany, { count: unread })}
          </span>
        </>
      )}
    </div>
  );
}
