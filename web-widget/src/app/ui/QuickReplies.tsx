import type { QuickReplySuggestion } from '../../../../server/contracts/visitor-events.ts';
import { useEnvironment } from './context.ts';

/** Buttons named by their text; pressing one sends that text as the visitor's message. */
export function QuickReplies({ replies }: { replies: QuickReplySuggestion[] }) {
  const { client, composer } = useEnvironment();
  return (
    <div class="cc-quick">
      {replies.map((reply) => (
        <button
          type="button"
          class="cc-chip"
          key={reply.text}
          onClick={() => {
            client.send(reply.text);
            // The chips go away once answered: focus moves on to the message box rather than to the page.
            composer.current?.focus();
          }}
        >
          {reply.text}
        </button>
      ))}
    </div>
  );
}
