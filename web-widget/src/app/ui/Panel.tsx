import { useEffect } from 'preact/hooks';
import { format } from '../../i18n/index.ts';
import { expectsEmail, quickReplies, ratingRequested } from '../store/selectors.ts';
import type { WidgetState } from '../store/state.ts';
import { Composer } from './Composer.tsx';
import { ConnectionBanner } from './ConnectionBanner.tsx';
import { useEnvironment } from './context.ts';
import { EmailCapture } from './EmailCapture.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { CloseIcon } from './icons.tsx';
import { MessageList } from './MessageList.tsx';
import { QuickReplies } from './QuickReplies.tsx';
import { RatingPrompt } from './RatingPrompt.tsx';
import { StatusLine } from './StatusLine.tsx';
import { TypingIndicator } from './TypingIndicator.tsx';

/** The open chat: a non-modal dialog (the shop's page stays usable beside it on wide screens). */
export function Panel({
  state,
  focusRequests,
}: {
  state: WidgetState;
  focusRequests: { current: 'panel' | 'launcher' | null };
}) {
  const { strings, options, close, composer } = useEnvironment();
  useEffect(() => {
    if (focusRequests.current !== 'panel') return;
    focusRequests.current = null;
    composer.current?.focus();
  }, [focusRequests, composer]);

  const title = options.title ?? strings.title;
  const label = title.toLowerCase().includes(strings.chatWord.toLowerCase())
    ? title
    : format(strings.dialogLabel, { title });
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    close();
  };
  const replies = quickReplies(state);

  return (
    <section class="cc-panel" role="dialog" aria-label={label} onKeyDown={onKeyDown}>
      <header class="cc-header">
        <h2 class="cc-title">{title}</h2>
        <button type="button" class="cc-close" aria-label={strings.closeChat} onClick={close}>
          <CloseIcon />
        </button>
      </header>
      <ConnectionBanner connection={state.connection} />
      <MessageList state={state} />
      <TypingIndicator typing={state.typing} agentName={state.status?.agent?.name ?? null} />
      <StatusLine status={state.status} />
      {ratingRequested(state) && <RatingPrompt rating={state.rating} maxLength={state.maxLength} />}
      {replies.length > 0 && <QuickReplies replies={replies} />}
      {expectsEmail(state) && <EmailCapture />}
      <ErrorNotice error={state.error} maxLength={state.maxLength} />
      <Composer inputRef={composer} maxLength={state.maxLength} />
    </section>
  );
}
