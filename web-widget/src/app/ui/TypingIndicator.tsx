import { format } from '../../i18n/index.ts';
import { useEnvironment } from './context.ts';

export function TypingIndicator({
  typing,
  agentName,
}: {
  typing: { bot: boolean; agent: boolean };
  agentName: string | null;
}) {
  const { strings } = useEnvironment();
  const text = typing.agent
    ? format(strings.agentTyping, { name: agentName ?? strings.agent })
    : typing.bot
      ? strings.botTyping
      : null;
  return (
    <div class="cc-typing-slot" role="status">
      {text !== null && (
        <p class="cc-typing">
          <span class="cc-dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          <span class="cc-typing-text">{text}</span>
        </p>
      )}
    </div>
  );
}
