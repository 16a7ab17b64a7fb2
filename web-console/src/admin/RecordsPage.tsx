import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ErrorNotice } from './common.tsx';
import { adminStrings as t } from './strings.ts';
import './admin.css';

export interface RecordColumn<Item> {
  header: string;
  cell(item: Item): ComponentChildren;
}

/** What the page gives its editor: what to do once a record is saved or deleted. */
export interface EditorEvents<View> {
  onSaved(record: View, message: string): void;
  onDeleted(message: string): void;
}

export interface RecordsPageProps<Item extends { id: string }, View extends { id: string }> {
  /** The heading's id, which names the page's landmark. */
  titleId: string;
  title: string;
  newLabel: string;
  listLabel: string;
  /** Shown in place of the editor until a record is chosen. */
  emptyLabel: string;
  list(): Promise<Item[]>;
  open(item: Item): Promise<View>;
  caption?: ComponentChildren;
  /** The first column: each record's name is the button that opens it. */
  nameHeader: string;
  nameOf(item: Item): ComponentChildren;
  columns: RecordColumn<Item>[];
  editor(record: View | null, events: EditorEvents<View>): ComponentChildren;
}

/** A page of versioned records (intents, knowledge articles): the list, and the editor of the chosen or a new one. */
export function RecordsPage<Item extends { id: string }, View extends { id: string }>(
  props: RecordsPageProps<Item, View>,
) {
  const [items, setItems] = useState<Item[] | null>(null);
  const [selected, setSelected] = useState<View | 'new' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = () => props.list().then(setItems, setError);
  useEffect(() => {
    void reload();
  }, []);

  return (
    <main class="cc-admin" aria-labelledby={props.titleId}>
      <div class="cc-admin-head">
        <h2 id={props.titleId}>{props.title}</h2>
        <button
          type="button"
          class="cc-button cc-primary"
          onClick={() => {
            setNotice(null);
            setSelected('new');
          }}
        >
          {props.newLabel}
        </button>
      </div>
      {notice !== null && (
        <p class="cc-notice cc-notice-info" role="status">
          {notice}
        </p>
      )}
      {error !== null && <ErrorNotice error={error} />}
      <div class="cc-admin-columns">
        <section class="cc-admin-list" aria-label={props.listLabel}>
          {items === null ? (
            <p class="cc-muted">{t.loading}</p>
          ) : (
            <table class="cc-admin-table">
              {props.caption}
              <thead>
                <tr>
                  <th scope="col">{props.nameHeader}</th>
                  {props.columns.map((column) => (
                    <th key={column.header} scope="col">
                      {column.header}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {items.map((item) => {
                  const current = selected !== null && selected !== 'new' && selected.id === item.id;
                  return (
                    <tr key={item.id} class={current ? 'cc-admin-selected' : undefined}>
                      <th scope="row">
                        <button
                          type="button"
                          class="cc-link-button"
                          aria-current={current ? 'true' : undefined}
                          onClick={() => {
                            setNotice(null);
                            props.open(item).then(setSelected, setError);
                          }}
                        >
                          {props.nameOf(item)}
                        </button>
                      </th>
                      {props.columns.map((column) => (
                        <td key={column.header}>{column.cell(item)}</td>
                      ))}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>
        <div class="cc-admin-detail">
          {selected === null ? (
            <p class="cc-muted">{props.emptyLabel}</p>
          ) : (
            props.editor(selected === 'new' ? null : selected, {
              onSaved: (record, message) => {
                setNotice(message);
                setSelected(record);
                void reload();
              },
              onDeleted: (message) => {
                setNotice(message);
                setSelected(null);
                void reload();
              },
            })
          )}
        </div>
      </div>
    </main>
  );
}
