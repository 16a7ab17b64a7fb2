import { useState } from 'preact/hooks';
import { api, ApiError } from '../api/http.ts';
import { format, strings } from '../strings.ts';

/** The intent names, fetched once per page when an agent first opens a correction. */
let intentNames: Promise<string[]> | null = null;
const loadIntentNames = () =>
  (intentNames ??= api<{ items: string[] }>('GET', '/api/misunderstood/intents').then(
    (body) => body.items,
    (error: unknown) => {
      intentNames = null;
      throw error;
    },
  ));

type Status =
  | { kind: 'idle' }
  | { kind: 'sending' }
  | { kind: 'sent'; intent: string }
  | { kind: 'error'; message: string };

/**
 * "The bot got this wrong: intent should be X" on a visitor message: the message goes to the admins'
 * misunderstood inbox with the agent's intent as the suggestion (POST /api/misunderstood/corrections).
 */
export function CorrectionForm({ messageId }: { messageId: string }) {
  const [names, setNames] = useState<string[] | null>(null);
  const [intent, setIntent] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const selectId = `cc-correct-${messageId}`;

  const onToggle = (event: Event) => {
    if (!(event.currentTarget as HTMLDetailsElement).open || names !== null) return;
    loadIntentNames().then(setNames, (error: Error) => setStatus({ kind: 'error', message: error.message }));
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (intent === '') return;
    setStatus({ kind: 'sending' });
    try {
      await api('POST', '/api/misunderstood/corrections', { messageId, intent });
      setStatus({ kind: 'sent', intent });
    } catch (error) {
      setStatus({ kind: 'error', message: error instanceof ApiError ? error.message : String(error) });
    }
  };

  return (
    <details class="cc-correction" onToggle={onToggle}>
      <summary>{strings.wrongIntent}</summary>
      <form onSubmit={submit}>
        <label class="cc-inline-field" for={selectId}>
          {strings.intentShouldBe}
        </label>
        <select
          id={selectId}
          value={intent}
          disabled={names === null}
          onChange={(event) => setIntent((event.currentTarget as HTMLSelectElement).value)}
        >
          <option value="">{strings.chooseIntent}</option>
          {(names ?? []).map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <button
          type="submit"
          class="cc-button cc-small"
          disabled={intent === '' || status.kind === 'sending'}
        >
          {strings.reportWrongIntent}
        </button>
        <span role="status" class={status.kind === 'error' ? 'cc-error' : 'cc-muted'}>
          {status.kind === 'sent' && format(strings.wrongIntentReported, { intent: status.intent })}
          {status.kind === 'error' && status.message}
        </span>
      </form>
    </details>
  );
}
