import { useEffect, useRef } from 'preact/hooks';
import type {
  AgentMessage,
  MessageAnalysisView,
  PrivateNote,
} from '../../../server/contracts/agent-events.ts';
import type { OpenConversation } from '../state/state.ts';
import { format, strings } from '../strings.ts';
import { CorrectionForm } from './CorrectionForm.tsx';
import { formatTime, percent } from './time.ts';

/** The conversation's messages and notes in `seq` order; new ones are announced to screen readers politely. */
export function Transcript({ open }: { open: OpenConversation }) {
  const end = useRef<HTMLDivElement>(null);
  const count = open.transcript.length;
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'end' });
  }, [count, open.conversation.id]);
  const visitorName = open.conversation.visitor.name ?? strings.visitor;

  return (
    <section class="cc-transcript" aria-label={strings.transcript}>
      {open.hasMoreBefore && <p class="cc-muted cc-center">{strings.olderMessages}</p>}
      <ol class="cc-entries" aria-live="polite" aria-relevant="additions">
        {open.transcript.map((entry) =>
          entry.kind === 'note' ? (
            <NoteItem key={`n-${entry.id}`} note={entry} />
          ) : (
            <MessageItem key={`m-${entry.id}`} message={entry} visitorName={visitorName} />
          ),
        )}
      </ol>
      <div ref={end} />
    </section>
  );
}

function MessageItem({ message, visitorName }: { message: AgentMessage; visitorName: string }) {
  if (message.sender === 'system') {
    return (
      <li class="cc-entry cc-entry-system" data-seq={message.seq}>
        <span>{message.text}</span> <time dateTime={message.createdAt}>{formatTime(message.createdAt)}</time>
      </li>
    );
  }
  const author =
    message.sender === 'visitor'
      ? visitorName
      : message.sender === 'bot'
        ? strings.bot
        : (message.senderName ?? strings.bot);
  return (
    <li class={`cc-entry cc-entry-${message.sender}`} data-seq={message.seq}>
      <div class="cc-entry-head">
        <span class="cc-author">{author}</span>
        <time dateTime={message.createdAt}>{formatTime(message.createdAt)}</time>
      </div>
      {/* Text as text: whatever a visitor typed (markup, scripts) is shown, never interpreted. */}
      <p class="cc-text">{message.text}</p>
      {message.ticket !== undefined && (
        <p class="cc-muted">
          {strings.tickets}: {message.ticket.number} · {message.ticket.status}
        </p>
      )}
      {message.sender === 'bot' && (message.botAction !== undefined || message.botIntent !== undefined) && (
        <p class="cc-bot-action">
          {message.botIntent !== undefined &&
            format(strings.botIntent, {
              intent: message.botIntent.name,
              confidence: percent(message.botIntent.confidence),
            })}
          {message.botIntent !== undefined && message.botAction !== undefined && ' · '}
          {message.botAction !== undefined && format(strings.botAction, { action: message.botAction })}
        </p>
      )}
      {message.analysis !== undefined && <Analysis analysis={message.analysis} />}
      {message.sender === 'visitor' && <CorrectionForm messageId={message.id} />}
    </li>
  );
}

/** What the NLP made of a visitor message, behind one click (a native disclosure, keyboard included). */
function Analysis({ analysis }: { analysis: MessageAnalysisView }) {
  return (
    <details class="cc-analysis">
      <summary>
        {strings.analysis}: {analysis.intent.name} ({percent(analysis.intent.confidence)})
      </summary>
      <dl>
        <dt>{strings.intent}</dt>
        <dd>
          {analysis.intent.name}, {strings.confidence} {percent(analysis.intent.confidence)}
        </dd>
        {analysis.ranking.length > 0 && (
          <>
            <dt>{strings.alternatives}</dt>
            <dd>{analysis.ranking.map((r) => `${r.name} ${percent(r.confidence)}`).join(', ')}</dd>
          </>
        )}
        <dt>{strings.entities}</dt>
        <dd>
          {analysis.entities.length === 0 ? (
            strings.noEntities
          ) : (
            <ul class="cc-entities">
              {analysis.entities.map((entity) => (
                <li key={`${entity.type}-${entity.start}`}>
                  <span class="cc-tag">{entity.type}</span> “{entity.text}”
                  {typeof entity.value === 'string' && entity.value !== entity.text && ` → ${entity.value}`}
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>{strings.sentiment}</dt>
        <dd class={`cc-sentiment-${analysis.sentiment.label}`}>
          {strings.sentimentLabels[analysis.sentiment.label] ?? analysis.sentiment.label} (
          {analysis.sentiment.score.toFixed(2)})
        </dd>
      </dl>
    </details>
  );
}

function NoteItem({ note }: { note: PrivateNote }) {
  return (
    <li class="cc-entry cc-entry-note">
      <div class="cc-entry-head">
        <span class="cc-author">{format(strings.noteBy, { name: note.author.name })}</span>
        <time dateTime={note.createdAt}>{formatTime(note.createdAt)}</time>
      </div>
      <p class="cc-text">{note.text}</p>
    </li>
  );
}
