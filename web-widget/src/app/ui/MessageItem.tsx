import type { ChatMessage, ProductSuggestion } from '../../../../server/contracts/visitor-events.ts';
import { errorText } from '../errors.ts';
import type { PendingMessage } from '../store/state.ts';
import { formatTime } from '../text/format.ts';
import { linkify } from '../text/links.ts';
import { useEnvironment } from './context.ts';
import { ProductCards } from './ProductCards.tsx';
import { TicketChip } from './TicketChip.tsx';

/** One message. Its text is always rendered as text; links are made only in the shop's (bot, agent) messages. */
/** A run of messages from one author shows the author above its first message and the time below its last. */
export function MessageItem({
  message,
  firstOfRun,
  lastOfRun,
}: {
  message: ChatMessage;
  firstOfRun: boolean;
  lastOfRun: boolean;
}) {
  const { strings } = useEnvironment();
  const time = formatTime(message.createdAt, strings.locale);
  if (message.sender === 'system') {
    return (
      <p class="cc-system" data-seq={message.seq} data-id={message.id}>
        <span>{message.text}</span> <time dateTime={message.createdAt}>{time}</time>
      </p>
    );
  }
  const name =
    message.sender === 'visitor'
      ? strings.you
      : message.sender === 'agent'
        ? (message.senderName ?? strings.agent)
        : strings.bot;
  const products = (message.suggestions ?? []).filter((s): s is ProductSuggestion => s.type === 'product');
  return (
    <div
      class={`cc-msg cc-from-${message.sender}${products.length > 0 ? ' cc-wide' : ''}`}
      data-seq={message.seq}
      data-id={message.id}
    >
      {/* Drawn at the start of a run of messages; always there for screen readers. */}
      <p class={firstOfRun && message.sender !== 'visitor' ? 'cc-sender' : 'cc-visually-hidden'}>{name}</p>
      <div class="cc-bubble">
        {message.sender === 'visitor' ? message.text : <LinkedText text={message.text} />}
      </div>
      {products.length > 0 && <ProductCards products={products} />}
      {message.ticket && <TicketChip ticket={message.ticket} />}
      <time class={lastOfRun ? 'cc-time' : 'cc-visually-hidden'} dateTime={message.createdAt}>
        {time}
      </time>
    </div>
  );
}

function LinkedText({ text }: { text: string }) {
  const { options } = useEnvironment();
  return (
    <>
      {linkify(text, `${options.serverUrl}/`).map((part, index) =>
        part.type === 'text' ? (
          part.text
        ) : (
          <a key={index} href={part.href} target="_blank" rel="noopener noreferrer">
            {part.text}
          </a>
        ),
      )}
    </>
  );
}

/**
 * A message the server has not acknowledged yet: shown where it will land, with what is happening to it
 * ("waiting for the connection" only once a connection was lost, not while the first one is made).
 */
export function PendingItem({
  pending,
  maxLength,
  offline,
}: {
  pending: PendingMessage;
  maxLength: number;
  offline: boolean;
}) {
  const { strings, client } = useEnvironment();
  return (
    <div class={`cc-msg cc-from-visitor cc-pending cc-pending-${pending.state}`} data-pending={pending.state}>
      <p class="cc-visually-hidden">{strings.you}</p>
      <div class="cc-bubble">{pending.text}</div>
      {(pending.state === 'sending' || (pending.state === 'queued' && !offline)) && (
        <p class="cc-note cc-note-sending">{strings.sending}</p>
      )}
      {pending.state === 'queued' && offline && <p class="cc-note">{strings.waitingForConnection}</p>}
      {pending.state === 'failed' && (
        <div class="cc-note cc-note-failed">
          <span>
            {strings.notSent}{' '}
            {pending.error ? errorText(pending.error, strings, maxLength) : strings.errorGeneric}
          </span>
          <span class="cc-note-actions">
            <button
              type="button"
              class="cc-link-button"
              onClick={() => client.retry(pending.clientMessageId)}
            >
              {strings.retry}
            </button>
            <button
              type="button"
              class="cc-link-button"
              onClick={() => client.discard(pending.clientMessageId)}
            >
              {strings.remove}
            </button>
          </span>
        </div>
      )}
    </div>
  );
}
