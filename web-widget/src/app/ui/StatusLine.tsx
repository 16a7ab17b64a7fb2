import type { ConversationUpdate } from '../../../../server/contracts/visitor-events.ts';
import { statusText } from '../text/status-text.ts';
import { useEnvironment } from './context.ts';

export function StatusLine({ status }: { status: ConversationUpdate | null }) {
  const { strings } = useEnvironment();
  const text = statusText(status, strings);
  return (
    <div class="cc-status-slot" role="status">
      {text !== null && <p class={`cc-status cc-status-${status!.status}`}>{text}</p>}
    </div>
  );
}
