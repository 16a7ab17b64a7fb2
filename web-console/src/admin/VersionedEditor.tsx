import type { ComponentChildren } from 'preact';
import { useEffect, useId, useState } from 'preact/hooks';
import { format as fill } from '../strings.ts';
import type { VersionedRecordApi } from './api.ts';
import { ErrorNotice } from './common.tsx';
import { changedFields, conflictVersion } from './edit.ts';
import { ConflictNotice } from './ConflictNotice.tsx';
import { adminStrings as t } from './strings.ts';
import { VersionHistory } from './VersionHistory.tsx';

/** What the fields of one kind of record are given to render and edit the draft. */
export interface DraftFields<View, Draft> {
  /** A per-editor prefix for element ids (hints linked with aria-describedby). */
  id: string;
  /** The stored version being edited, or null for a new record. */
  base: View | null;
  draft: Draft;
  /** An input's handler that copies its value into one field of the draft. */
  set(field: keyof Draft): (event: Event) => void;
  patch(changes: Partial<Draft>): void;
}

/** A kind's messages; `{version}` and the placeholders of `named` are filled in. */
export interface RecordMessages {
  created: string;
  saved: string;
  deleted: string;
  confirmDelete: string;
}

export interface VersionedEditorProps<View extends { id: string; version: number }, Draft, Content> {
  /** The record being edited, or null for a new one. */
  record: View | null;
  api: VersionedRecordApi<unknown, View, Content>;
  /** The record's address in `api` (an intent's name, an article's id). */
  keyOf(record: View): string;
  draftOf(record: View | null): Draft;
  contentOf(draft: Draft): Content;
  /** What an update sends; by default only the fields changed since the version the admin started from. */
  changes?(on: View, content: Content, before: Content | null): Partial<Content>;
  title(base: View | null): string;
  canDelete?(base: View): boolean;
  messages: RecordMessages;
  /** The placeholders that name a record in `messages` (`{name}`, `{title}`). */
  named(record: View): Record<string, string>;
  /** Their version, shown in a conflict next to the admin's own text. */
  renderTheirs(theirs: View): ComponentChildren;
  fields(editing: DraftFields<View, Draft>): ComponentChildren;
  onSaved(record: View, message: string): void;
  onDeleted(message: string): void;
}

/**
 * Create or edit one versioned record (intent, knowledge article): the server validates and versions each save,
 * each write names the version it edited, and a 409 shows the other admin's version without losing the text.
 */
export function VersionedEditor<View extends { id: string; version: number }, Draft, Content extends object>(
  props: VersionedEditorProps<View, Draft, Content>,
) {
  const { record, api, keyOf, draftOf, contentOf, messages, named } = props;
  const id = useId();
  // `base` is the version a save is based on (If-Match); `origin` the one the admin started editing from, so a
  // save after a conflict sends only the fields they changed and keeps the other admin's other edits.
  const [base, setBase] = useState<View | null>(record);
  const [origin, setOrigin] = useState<View | null>(record);
  const [draft, setDraft] = useState<Draft>(() => draftOf(record));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState<number | null>(null);

  const start = (from: View | null) => {
    setBase(from);
    setOrigin(from);
    setDraft(draftOf(from));
  };

  useEffect(() => {
    start(record);
    setError(null);
    setConflict(null);
  }, [record?.id, record?.version]);

  const set = (field: keyof Draft) => (event: Event) =>
    setDraft({ ...draft, [field]: (event.currentTarget as HTMLInputElement).value });

  const failed = (e: unknown) => {
    const current = conflictVersion(e);
    if (current !== null) setConflict(current);
    else setError(e);
  };

  const save = async (on: View | null = base) => {
    setBusy(true);
    setError(null);
    setConflict(null);
    try {
      const content = contentOf(draft);
      const before = origin === null ? null : contentOf(draftOf(origin));
      const saved =
        on === null
          ? await api.create(content)
          : await api.update(
              keyOf(on),
              on.version,
              props.changes ? props.changes(on, content, before) : changedFields(content, before),
            );
      setBase(saved);
      setOrigin(saved);
      props.onSaved(
        saved,
        on === null ? fill(messages.created, named(saved)) : fill(messages.saved, { version: saved.version }),
      );
    } catch (e) {
      failed(e);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (base === null || !confirm(fill(messages.confirmDelete, named(base)))) return;
    try {
      await api.remove(keyOf(base), base.version);
      props.onDeleted(fill(messages.deleted, named(base)));
    } catch (e) {
      failed(e);
    }
  };

  return (
    <section class="cc-admin-editor" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{props.title(base)}</h3>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        {props.fields({ id, base, draft, set, patch: (changes) => setDraft({ ...draft, ...changes }) })}
        {error !== null && <ErrorNotice error={error} />}
        {conflict !== null && base !== null && (
          <ConflictNotice<View>
            yours={base.version}
            current={conflict}
            load={() => api.get(keyOf(base))}
            render={props.renderTheirs}
            onUseTheirs={(theirs) => {
              start(theirs);
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
          {base !== null && (props.canDelete?.(base) ?? true) && (
            <button type="button" class="cc-button cc-danger" onClick={() => void remove()}>
              {t.delete}
            </button>
          )}
        </div>
      </form>
      {base !== null && (
        <VersionHistory
          currentVersion={base.version}
          load={() => api.history(keyOf(base))}
          diff={(from, to) => api.diff(keyOf(base), from, to)}
          rollback={async (toVersion) => {
            const saved = await api.rollback(keyOf(base), base.version, toVersion);
            start(saved);
            props.onSaved(saved, fill(t.history.rolledBack, { version: saved.version, to: toVersion }));
          }}
        />
      )}
    </section>
  );
}
