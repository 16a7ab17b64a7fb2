import { useEffect, useRef, useState } from 'preact/hooks';
import type { CannedReply, ConversationListItem } from '../../../server/contracts/agent-events.ts';
import { strings } from '../strings.ts';
import { useEnvironment } from './context.ts';
import { describe } from './ConversationView.tsx';

const TYPING_IDLE_MS = 3000;

/**
 * The reply textbox: Enter sends, Shift+Enter adds a line; "Private note" turns the text into a note only
 * agents see; "/" at the start lists canned replies (arrows to choose, Enter or Tab to insert, Escape to
 * close). Replies are only possible in a conversation the agent owns; notes in any.
 */
export function ReplyBox({
  conversation,
  canReply,
}: {
  conversation: ConversationListItem;
  canReply: boolean;
}) {
  const { client, store } = useEnvironment();
  const [text, setText] = useState('');
  const [note, setNote] = useState(!canReply);
  const [busy, setBusy] = useState(false);
  const [canned, setCanned] = useState<CannedReply[] | null>(null);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);
  const typingTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const typingSent = useRef(false);
  const id = conversation.id;

  // A conversation the agent does not own takes notes only; taking it over switches back to replies.
  useEffect(() => setNote(!canReply), [canReply, id]);
  useEffect(() => {
    setText('');
    setCanned(null);
    setDismissed(false);
  }, [id]);

  const slash = !note && !dismissed && text.startsWith('/') && !text.includes('\n');
  useEffect(() => {
    if (slash && canned === null) {
      client
        .cannedReplies(id)
        .then(setCanned)
        .catch(() => setCanned([]));
    }
  }, [slash, canned, client, id]);
  const query = slash ? text.slice(1).toLowerCase() : '';
  const matches = slash
    ? (canned ?? []).filter(
        (c) => c.shortcut.toLowerCase().startsWith(query) || c.title.toLowerCase().includes(query),
      )
    : [];
  const listOpen = slash && canned !== null;

  const stopTyping = () => {
    clearTimeout(typingTimer.current);
    if (typingSent.current) {
      typingSent.current = false;
      client.typing(id, false);
    }
  };
  useEffect(() => stopTyping, [id]);

  const onInput = (value: string) => {
    setText(value);
    setActive(0);
    if (!value.startsWith('/')) setDismissed(false);
    if (note || !canReply) return;
    if (!typingSent.current && value.trim() !== '') {
      typingSent.current = true;
      client.typing(id, true);
    }
    clearTimeout(typingTimer.current);
    typingTimer.current = setTimeout(stopTyping, TYPING_IDLE_MS);
  };

  const insert = (reply: CannedReply) => {
    setText(reply.text ?? reply.template);
    setCanned(null);
    box.current?.focus();
  };

  const send = async () => {
    const body = text.trim();
    if (body === '' || busy) return;
    setBusy(true);
    stopTyping();
    try {
      if (note) await client.addNote(id, body);
      else await client.reply(id, body, crypto.randomUUID());
      setText('');
    } catch (error) {
      store.dispatch({ type: 'notice', notice: { kind: 'error', text: describe(error) } });
    } finally {
      setBusy(false);
      box.current?.focus();
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (listOpen && matches.length > 0) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : matches.length - 1;
        setActive((active + step) % matches.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        insert(matches[Math.min(active, matches.length - 1)]!);
        return;
      }
    }
    if (listOpen && event.key === 'Escape') {
      event.preventDefault();
      setDismissed(true);
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void send();
    }
  };

  const activeId =
    listOpen && matches.length > 0 ? `cc-canned-${Math.min(active, matches.length - 1)}` : undefined;
  return (
    <form
      class={`cc-reply${note ? ' cc-reply-note' : ''}`}
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      {listOpen && (
        <div class="cc-canned">
          <p class="cc-canned-title" id="cc-canned-title">
            {strings.cannedReplies}
          </p>
          {matches.length === 0 ? (
            <p class="cc-muted">{strings.noCanned}</p>
          ) : (
            <ul role="listbox" id="cc-canned-list" aria-labelledby="cc-canned-title">
              {matches.map((reply, index) => (
                <li
                  key={reply.id}
                  id={`cc-canned-${index}`}
                  role="option"
                  aria-selected={index === Math.min(active, matches.length - 1)}
                  class="cc-canned-item"
                  onMouseDown={(e) => {
                    e.preventDefault();
                    insert(reply);
                  }}
                >
                  <span class="cc-canned-shortcut">/{reply.shortcut}</span> {reply.title}
                  <span class="cc-canned-text">{reply.text ?? reply.template}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <label class="cc-field cc-reply-field">
        <span>{strings.reply}</span>
        <textarea
          ref={box}
          aria-describedby="cc-reply-hint"
          aria-controls={listOpen ? 'cc-canned-list' : undefined}
          aria-activedescendant={activeId}
          rows={3}
          maxLength={4000}
          value={text}
          onInput={(e) => onInput(e.currentTarget.value)}
          onKeyDown={onKeyDown}
          onBlur={stopTyping}
        />
      </label>
      <div class="cc-reply-bar">
        <span id="cc-reply-hint" class="cc-muted">
          {strings.replyHint}
        </span>
        <label class="cc-inline-field">
          <input
            type="checkbox"
            checked={note}
            disabled={!canReply}
            onChange={(e) => setNote(e.currentTarget.checked)}
          />
          <span>{strings.privateNote}</span>
        </label>
        <button type="submit" class="cc-button cc-primary" disabled={busy || text.trim() === ''}>
          {strings.send}
        </button>
      </div>
    </form>
  );
}
