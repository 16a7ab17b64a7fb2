import { useEffect, useRef } from 'preact/hooks';
import {
  ENTITY_TYPES,
  INTENT_ACTIONS,
  type IntentContentView,
  type IntentView,
} from '../../../server/contracts/admin.ts';
import { format as fill } from '../strings.ts';
import { intentsApi } from './api.ts';
import { changedFields, lines } from './edit.ts';
import { adminStrings as t } from './strings.ts';
import { VersionedEditor } from './VersionedEditor.tsx';

interface Draft {
  name: string;
  action: string;
  description: string;
  examples: string;
  responses: string;
  entities: string[];
}

const draftOf = (intent: IntentView | null): Draft => ({
  name: intent?.name ?? '',
  action: intent?.action ?? 'answer',
  description: intent?.description ?? '',
  examples: intent?.examples.join('\n') ?? '',
  responses: intent?.responses.join('\n') ?? '',
  entities: intent?.entities ?? [],
});

const contentOf = (draft: Draft): IntentContentView => ({
  name: draft.name.trim(),
  action: draft.action,
  description: draft.description.trim() === '' ? null : draft.description.trim(),
  examples: lines(draft.examples),
  responses: lines(draft.responses),
  entities: draft.entities,
});

// The out-of-scope examples are a record of their own: only their examples can change, and they stay.
const isOutOfScope = (intent: IntentView | null) => intent?.kind === 'out_of_scope';

export interface IntentEditorProps {
  /** The intent being edited, or null for a new one. */
  intent: IntentView | null;
  onSaved(intent: IntentView, message: string): void;
  onDeleted(message: string): void;
}

/** Create or edit one intent: the server validates (duplicates name the other intent) and versions each save. */
export function IntentEditor({ intent, onSaved, onDeleted }: IntentEditorProps) {
  const nameField = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // "New intent" takes the keyboard straight to the first field.
    if (intent === null) nameField.current?.focus();
  }, [intent?.id, intent?.version]);

  return (
    <VersionedEditor<IntentView, Draft, IntentContentView>
      record={intent}
      api={intentsApi}
      keyOf={(record) => record.name}
      draftOf={draftOf}
      contentOf={contentOf}
      changes={(on, content, before) =>
        isOutOfScope(on) ? { examples: content.examples } : changedFields(content, before)
      }
      title={(base) =>
        base === null
          ? t.intents.creating
          : isOutOfScope(base)
            ? t.intents.outOfScope
            : fill(t.intents.editing, { name: base.name, version: base.version })
      }
      canDelete={(base) => !isOutOfScope(base)}
      messages={t.intents}
      named={(record) => ({ name: record.name })}
      renderTheirs={(theirs) => (
        <>
          <p>{theirs.name}</p>
          <pre class="cc-pre">{theirs.examples.join('\n')}</pre>
          <pre class="cc-pre">{theirs.responses.join('\n')}</pre>
        </>
      )}
      onSaved={onSaved}
      onDeleted={onDeleted}
      fields={({ id, base, draft, set, patch }) => (
        <>
          {!isOutOfScope(base) && (
            <>
              <label class="cc-field">
                <span>{t.intents.name}</span>
                <input
                  ref={nameField}
                  type="text"
                  value={draft.name}
                  onInput={set('name')}
                  required
                  autocomplete="off"
                  spellcheck={false}
                  aria-describedby={`${id}-name-hint`}
                />
                <small id={`${id}-name-hint`} class="cc-muted">
                  {t.intents.nameHint}
                </small>
              </label>
              <label class="cc-field">
                <span>{t.intents.action}</span>
                <select value={draft.action} onChange={set('action')}>
                  {INTENT_ACTIONS.map((action) => (
                    <option key={action} value={action}>
                      {action}
                    </option>
                  ))}
                </select>
              </label>
              <label class="cc-field">
                <span>{t.intents.description}</span>
                <input type="text" value={draft.description} onInput={set('description')} />
              </label>
            </>
          )}
          <label class="cc-field">
            <span>{t.intents.examples}</span>
            <textarea
              rows={10}
              value={draft.examples}
              onInput={set('examples')}
              aria-describedby={`${id}-examples-hint`}
            />
            <small id={`${id}-examples-hint`} class="cc-muted">
              {t.intents.examplesHint} {fill(t.intents.exampleCount, { count: lines(draft.examples).length })}
            </small>
          </label>
          {!isOutOfScope(base) && (
            <>
              <label class="cc-field">
                <span>{t.intents.response}</span>
                <textarea
                  rows={4}
                  value={draft.responses}
                  onInput={set('responses')}
                  aria-describedby={`${id}-response-hint`}
                />
                <small id={`${id}-response-hint`} class="cc-muted">
                  {t.intents.responseHint}
                </small>
              </label>
              <fieldset class="cc-checkboxes">
                <legend>{t.intents.entities}</legend>
                {ENTITY_TYPES.map((type) => (
                  <label key={type}>
                    <input
                      type="checkbox"
                      checked={draft.entities.includes(type)}
                      onChange={(event) =>
                        patch({
                          entities: (event.currentTarget as HTMLInputElement).checked
                            ? [...draft.entities, type]
                            : draft.entities.filter((e) => e !== type),
                        })
                      }
                    />{' '}
                    {type}
                  </label>
                ))}
              </fieldset>
            </>
          )}
        </>
      )}
    />
  );
}
