import { useEffect, useState } from 'preact/hooks';
import type { DiffView, RevisionView } from '../../../server/contracts/admin.ts';
import { format as fill } from '../strings.ts';
import { staffNames } from './api.ts';
import { dateTime, ErrorNotice } from './common.tsx';
import { adminStrings as t } from './strings.ts';

export interface VersionHistoryProps {
  /** Changes when the record is saved, so the list reloads. */
  currentVersion: number;
  load(): Promise<RevisionView<unknown>[]>;
  diff(from: number, to: number): Promise<DiffView>;
  rollback(toVersion: number): Promise<void>;
}

const shown = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** What one version changed: list fields as added and removed lines, other fields as before → after. */
export function DiffList({ diff }: { diff: DiffView }) {
  if (diff.changes.length === 0) return <p class="cc-muted">{t.history.noChanges}</p>;
  return (
    <ul class="cc-diff">
      {diff.changes.map((change) =>
        change.kind === 'list' ? (
          <li key={change.field}>
            <strong>{change.field}</strong>
            <ul>
              {change.added.map((line) => (
                <li key={`+${line}`} class="cc-diff-added">
                  <span class="cc-visually-hidden">{t.history.added}: </span>+ {line}
                </li>
              ))}
              {change.removed.map((line) => (
                <li key={`-${line}`} class="cc-diff-removed">
                  <span class="cc-visually-hidden">{t.history.removed}: </span>− {line}
                </li>
              ))}
            </ul>
          </li>
        ) : (
          <li key={change.field}>
            {fill(t.history.changed, { field: change.field, from: shown(change.from), to: shown(change.to) })}
          </li>
        ),
      )}
    </ul>
  );
}

/** Every saved version, newest first: what each changed, and a rollback (saved as a new version). */
export function VersionHistory(props: VersionHistoryProps) {
  const [items, setItems] = useState<RevisionView<unknown>[] | null>(null);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [open, setOpen] = useState<number | null>(null);
  const [diff, setDiff] = useState<DiffView | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let current = true;
    void staffNames().then((loaded) => current && setNames(loaded));
    props.load().then(
      (loaded) => current && setItems(loaded),
      (e: unknown) => current && setError(e),
    );
    return () => {
      current = false;
    };
    // Reloads after each save of the record.
  }, [props.currentVersion]);

  const showChanges = async (version: number) => {
    setOpen(version);
    setDiff(null);
    try {
      setDiff(await props.diff(version - 1, version));
    } catch (e) {
      setError(e);
    }
  };

  return (
    <details class="cc-history">
      <summary>{t.history.show}</summary>
      {error !== null && <ErrorNotice error={error} />}
      {items === null ? (
        <p class="cc-muted">{t.loading}</p>
      ) : (
        <ol class="cc-history-list">
          {items.map((item) => {
            const label = fill(t.history.version, { version: item.version });
            return (
              <li key={item.version}>
                <div class="cc-history-head">
                  <strong>{label}</strong>
                  {item.version === props.currentVersion && <span class="cc-tag">{t.history.current}</span>}
                  {item.snapshot === null && <span class="cc-tag">{t.history.deletedVersion}</span>}
                  <span class="cc-muted">
                    {item.actor === null
                      ? fill(t.history.byNobody, { at: dateTime(item.at) })
                      : fill(t.history.by, {
                          at: dateTime(item.at),
                          actor: names.get(item.actor) ?? item.actor,
                        })}
                  </span>
                </div>
                <div class="cc-actions">
                  {item.version > 1 && (
                    <button
                      type="button"
                      class="cc-button cc-small"
                      aria-expanded={open === item.version}
                      onClick={() => (open === item.version ? setOpen(null) : void showChanges(item.version))}
                    >
                      {fill(t.history.changes, { version: item.version })}
                    </button>
                  )}
                  {item.version !== props.currentVersion && item.snapshot !== null && (
                    <button
                      type="button"
                      class="cc-button cc-small"
                      onClick={() => {
                        setError(null);
                        props.rollback(item.version).catch(setError);
                      }}
                    >
                      {fill(t.history.rollback, { version: item.version })}
                    </button>
                  )}
                </div>
                {open === item.version &&
                  (diff === null ? <p class="cc-muted">{t.loading}</p> : <DiffList diff={diff} />)}
              </li>
            );
          })}
        </ol>
      )}
    </details>
  );
}
