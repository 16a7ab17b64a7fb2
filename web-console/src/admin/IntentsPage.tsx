import { useEffect, useState } from 'preact/hooks';
import type { IntentSummaryView, IntentView } from '../../../server/contracts/admin.ts';
import { format as fill } from '../strings.ts';
import { intentsApi, modelsApi } from './api.ts';
import { ErrorNotice, percent } from './common.tsx';
import { IntentEditor } from './IntentEditor.tsx';
import { adminStrings as t } from './strings.ts';
import './admin.css';

interface LastEvaluation {
  number: number;
  f1: Map<string, number>;
}

/** The newest trained model's per-intent F1 (the "last evaluation" column), or null before any training. */
async function lastEvaluation(): Promise<LastEvaluation | null> {
  const { items } = await modelsApi.list();
  const newest = items[0];
  if (newest === undefined) return null;
  const version = await modelsApi.get(newest.id);
  return { number: version.number, f1: new Map(version.report.perIntent.map((m) => [m.label, m.f1])) };
}

/** Intents: the list with example counts and last F1, and the editor of the chosen or a new intent. */
export function IntentsPage() {
  const [items, setItems] = useState<IntentSummaryView[] | null>(null);
  const [evaluation, setEvaluation] = useState<LastEvaluation | null>(null);
  const [selected, setSelected] = useState<IntentView | 'new' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  // The intents by name, then the out-of-scope examples.
  const reload = () =>
    intentsApi.list().then(
      (all) =>
        setItems([...all.filter((i) => i.kind === 'intent'), ...all.filter((i) => i.kind !== 'intent')]),
      (e: unknown) => {
        setError(e);
      },
    );
  useEffect(() => {
    void reload();
    lastEvaluation().then(setEvaluation, () => setEvaluation(null));
  }, []);

  const open = async (name: string) => {
    setNotice(null);
    try {
      setSelected(await intentsApi.get(name));
    } catch (e) {
      setError(e);
    }
  };

  return (
    <main class="cc-admin" aria-labelledby="cc-intents-title">
      <div class="cc-admin-head">
        <h2 id="cc-intents-title">{t.intents.title}</h2>
        <button
          type="button"
          class="cc-button cc-primary"
          onClick={() => {
            setNotice(null);
            setSelected('new');
          }}
        >
          {t.intents.newIntent}
        </button>
      </div>
      {notice !== null && (
        <p class="cc-notice cc-notice-info" role="status">
          {notice}
        </p>
      )}
      {error !== null && <ErrorNotice error={error} />}
      <div class="cc-admin-columns">
        <section class="cc-admin-list" aria-label={t.intents.listLabel}>
          {items === null ? (
            <p class="cc-muted">{t.loading}</p>
          ) : (
            <table class="cc-admin-table">
              {evaluation !== null && (
                <caption class="cc-muted">{fill(t.intents.f1Caption, { number: evaluation.number })}</caption>
              )}
              <thead>
                <tr>
                  <th scope="col">{t.intents.columns.name}</th>
                  <th scope="col">{t.intents.columns.action}</th>
                  <th scope="col">{t.intents.columns.examples}</th>
                  <th scope="col">{t.intents.columns.f1}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => {
                  const current = selected !== null && selected !== 'new' && selected.id === item.id;
                  const f1 = evaluation?.f1.get(item.name);
                  return (
                    <tr key={item.id} class={current ? 'cc-admin-selected' : undefined}>
                      <th scope="row">
                        <button
                          type="button"
                          class="cc-link-button"
                          aria-current={current ? 'true' : undefined}
                          onClick={() => void open(item.name)}
                        >
                          {item.kind === 'out_of_scope' ? t.intents.outOfScope : item.name}
                        </button>
                      </th>
                      <td>{item.action}</td>
                      <td>{item.exampleCount}</td>
                      <td>
                        {f1 === undefined ? <span class="cc-muted">{t.intents.noF1}</span> : percent(f1)}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>
        <div class="cc-admin-detail">
          {selected === null ? (
            <p class="cc-muted">{t.intents.empty}</p>
          ) : (
            <IntentEditor
              intent={selected === 'new' ? null : selected}
              onSaved={(intent, message) => {
                setNotice(message);
                setSelected(intent);
                void reload();
              }}
              onDeleted={(name) => {
                setNotice(fill(t.intents.deleted, { name }));
                setSelected(null);
                void reload();
              }}
            />
          )}
        </div>
      </div>
    </main>
  );
}
