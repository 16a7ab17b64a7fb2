import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { format } from '../../i18n/index.ts';
import { formatNumber } from '../text/format.ts';
import { useEnvironment } from './context.ts';
import { SendIcon } from './icons.tsx';

/** The counter appears once the text is this close to the server's limit. */
const COUNTER_FROM = 0.8;
/** The agent sees "typing" for this long after the last keystroke. */
const TYPING_IDLE_MS = 3_000;

/** The message box: Enter sends, Shift+Enter starts a new line; a counter near the length limit. */
export function Composer({
  inputRef,
  maxLength,
}: {
  inputRef: RefObject<HTMLTextAreaElement | null> | { current: HTMLTextAreaElement | null };
  maxLength: number;
}) {
  const { strings, client } = useEnvironment();
  const [text, setText] = useState('');
  const typing = useRef<{ since: number; timer?: ReturnType<typeof setTimeout> }>({ since: 0 });

  const stopTyping = () => {
    clearTimeout(typing.current.timer);
    if (typing.current.since !== 0) client.typing(false);
    typing.current.since = 0;
  };
  useEffect(() => stopTyping, []);

  const length = text.length;
  const over = length > maxLength;
  const showCounter = length >= Math.floor(maxLength * COUNTER_FROM);
  const canSend = text.trim() !== '' && !over;

  const grow = (el: HTMLTextAreaElement) => {
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 120)}px`;
  };
  const submit = () => {
    if (!canSend) return;
    client.send(text);
    setText('');
    stopTyping();
    const el = inputRef.current;
    if (el) requestAnimationFrame(() => grow(el));
  };
  const onInput = (event: Event) => {
    const el = event.currentTarget as HTMLTextAreaElement;
    setText(el.value);
    grow(el);
    if (typing.current.since === 0) {
      typing.current.since = Date.now();
      client.typing(true);
    }
    clearTimeout(typing.current.timer);
    typing.current.timer = setTimeout(stopTyping, TYPING_IDLE_MS);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    submit();
  };

  return (
    <form
      class="cc-composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <textarea
        ref={inputRef}
        class="cc-textarea"
        rows={1}
        aria-label={strings.message}
        placeholder={strings.placeholder}
        value={text}
        aria-invalid={over}
        aria-describedby={showCounter ? 'cc-counter' : undefined}
        onInput={onInput}
        onKeyDown={onKeyDown}
      />
      <button type="submit" class="cc-send" aria-label={strings.send} disabled={!canSend}>
        <SendIcon />
      </button>
      {showCounter && (
        <p id="cc-counter" class={over ? 'cc-counter cc-over' : 'cc-counter'}>
          {over
            ? format(strings.overLimit, { count: formatNumber(length - maxLength, strings.locale) })
            : format(strings.counter, {
                count: formatNumber(length, strings.locale),
                max: formatNumber(maxLength, strings.locale),
              })}
        </p>
      )}
    </form>
  );
}
