import { useLayoutEffect, useRef } from 'preact/hooks';
import type { WidgetState } from '../store/state.ts';
import { useEnvironment } from './context.ts';
import { MessageItem, PendingItem } from './MessageItem.tsx';

/**
 * The transcript: a polite live region (role="log"), so new messages are read out without interrupting.
 * It follows new messages while the visitor is at the bottom and stays put while they read further up.
 */
export function MessageList({ state }: { state: WidgetState }) {
  const { strings, options } = useEnvironment();
  const list = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const onScroll = () => {
    const el = list.current;
    if (el) atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
  };
  useLayoutEffect(() => {
    const el = list.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [state.messages, state.pending]);

  const { messages } = state;
  return (
    // Focusable, so keyboard users can scroll it (it is a scrolling region).
    <div
      class="cc-list"
      ref={list}
      onScroll={onScroll}
      role="log"
      aria-live="polite"
      aria-label={strings.messages}
      tabIndex={0}
    >
      <p class="cc-greeting">{options.greeting ?? strings.greeting}</p>
      {messages.map((message, index) => (
        <MessageItem
          key={message.id}
          message={message}
          firstOfRun={index === 0 || !sameAuthor(messages[index - 1]!, message)}
          lastOfRun={index === messages.length - 1 || !sameAuthor(messages[index + 1]!, message)}
        />
      ))}
      {state.pending.map((pending) => (
        <PendingItem
          key={pending.clientMessageId}
          pending={pending}
          maxLength={state.maxLength}
          offline={state.connection === 'reconnecting'}
        />
      ))}
    </div>
  );
}

function sameAuthor(
  a: { sender: string; senderName?: string },
  b: { sender: string; senderName?: string },
): boolean {
  return a.sender === b.sender && a.senderName === b.senderName;
}
