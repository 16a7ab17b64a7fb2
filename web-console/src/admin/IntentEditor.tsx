import { useEffect, useId, useRef, useState } from 'preact/hooks';
import {
  ENTITY_TYPES,
  INTENT_ACTIONS,
  type IntentContentView,
  type IntentView,
} from '../../../server/contracts/admin.ts';
import { format as fill } from '../strings.ts';
import { intentsApi } from './api.ts';
import { ErrorNotice } from './common.tsx';
import { changedFields, conflictVersion, lines } from './edit.ts';
import { ConflictNotice } from './ConflictNotice.tsx';
import { adminStrings as t } from './strings.ts';
import { VersionHistory } from './VersionHistory.tsx';

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

export interface IntentEditorProps {
  /** The intent being edited, or null for a new one. */
  intent: IntentView | null;
  onSaved(intent: IntentView, message: string): void;
  onDeleted(name: string): void;
}

/** Create or edit one intent: the server validates (duplicates name the other intent) and versions each save. */
export function IntentEditor({ intent, onSaved, onDeleted }: IntentEditorProps) {
  const id = useId();
  // `base` is the version a save is based on (If-Match); `origin` the one the admin started editing from, so a
  // save after a conflict sends only the fields they changed and keeps the other admin's other edits.
  const [base, setBase] = useState<IntentView | null>(intent);
  const [origin, setOrigin] = useState<IntentView | null>(intent);
  const [draft, setDraft] = useState<Draft>(() => draftOf(intent));
  const nameField = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState<number | null>(null);

  useEffect(() => {
    setBase(intent);
    setOrigin(intent);
    setDraft(draftOf(intent));
    setError(null);
    setConflict(null);
    // "New intent" takes the keyboard straight to the first field.
    if (intent === null) nameField.current?.focus();
  }, [intent?.id, intent?.version]);

  const outOfScope = base?.kind === 'out_of_scope';
  const set = (field: keyof Draft) => (event: Event) =>
    setDraft({ ...draft, [field]: (event.currentTarget as HTMLInputElement).value });

  const save = async (on: IntentView | null = base) => {
    setBusy(true);
    setError(null);
    setConflict(null);
    try {
      const content = contentOf(draft);
      const saved =
        on === null
          ? await intentsApi.create(content)
          : await intentsApi.update(
              on.name,
              on.version,
              on.kind === 'out_of_scope'
                ? { examples: content.examples }
                : changedFields(content, origin === null ? null : contentOf(draftOf(origin))),
            );
      setBase(saved);
      setOrigin(saved);
      onSaved(
        saved,
        on === null
          ? fill(t.intents.created, { name: saved.name })
          : fill(t.intents.saved, { version: saved.version }),
      );
    } catch (e) {
      const current = conflictVersion(e);
      if (current !== null) setConflict(current);
      else setError(e);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (base === null || !confirm(fill(t.intents.confirmDelete, { name: base.name }))) return;
    try {
      await intentsApi.remove(base.name, base.version);
      onDeleted(base.name);
    } catch (e) {
      const current = conflictVersion(e);
      if (current !== null) setConflict(current);
      else setError(e);
    }
  };

  const title =
    base === null
      ? t.intents.creating
      : outOfScope
        ? t.intents.outOfScope
        : fill(t.intents.editing, { name: base.name, version: base.version });

  return (
    <section class="cc-admin-editor" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        {!outOfScope && (
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
        {!outOfScope && (
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
                      setDraft({
                        ...draft,
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
        {error !== null && <ErrorNotice error={error} />}
        {conflict !== null && base !== null && (
          <ConflictNotice<IntentView>
            yours={base.version}
            current={conflict}
            load={() => intentsApi.get(base.name)}
            render={(theirs) => (
              <>
                <p>{theirs.name}</p>
                <pre class="cc-pre">{theirs.examples.join('\n')}</pre>
                <pre class="cc-pre">{theirs.responses.join('\n')}</pre>
              </>
            )}
            onUseTheirs={(theirs) => {
              setBase(theirs);
              setOrigin(theirs);
              setDraft(draftOf(theirs));
              setConflict(null);
            }}
            onKeepMine={(theirs) => {
              setBase(theirs);
              void save(theirs);
            }}
          />
        )}
        <div class="cc-actions">
          <button type="submit" class="cc-button cc-primary" disabled={busy}>
            {busy ? t.saving : t.save}
          </button>
          {base !== null && !outOfScope && (
            <button type="button" class="cc-button cc-danger" onClick={() => void remove()}>
              {t.delete}
            </button>
          )}
        </div>
      </form>
      {base !== null && (
        <VersionHistory
          currentVersion={base.version}
          load={() => intentsApi.history(base.name)}
          diff={(from, to) => intentsApi.diff(base.name, from, to)}
          rollback={async (toVersion) => {
            const saved = await intentsApi.rollback(base.name, base.version, toVersion);
            setBase(saved);
            setOrigin(saved);
            setDraft(draftOf(saved));
            onSaved(saved, fill(t.history.rolledBack, { version: saved.version, to: toVersion }));
          }}
        />
      )}
    </section>
  );
}
