import { useEffect, useState } from 'preact/hooks';
import type { KnowledgeView } from '../../../server/contracts/admin.ts';
import { format as fill } from '../strings.ts';
import { knowledgeApi } from './api.ts';
import { ErrorNotice } from './common.tsx';
import { KnowledgeEditor } from './KnowledgeEditor.tsx';
import { adminStrings as t } from './strings.ts';
import './admin.css';

/** The shop's knowledge articles: the list, and the editor of the chosen or a new article. */
export function KnowledgePage() {
  const [items, setItems] = useState<KnowledgeView[] | null>(null);
  const [selected, setSelected] = useState<KnowledgeView | 'new' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = () => knowledgeApi.list().then(setItems, setError);
  useEffect(() => {
    void reload();
  }, []);

  return (
    <main class="cc-admin" aria-labelledby="cc-knowledge-title">
      <div class="cc-admin-head">
        <h2 id="cc-knowledge-title">{t.knowledge.title}</h2>
        <button
          type="button"
          class="cc-button cc-primary"
          onClick={() => {
            setNotice(null);
            setSelected('new');
          }}
        >
          {t.knowledge.newArticle}
        </button>
      </div>
      {notice !== null && (
        <p class="cc-notice cc-notice-info" role="status">
          {notice}
        </p>
      )}
      {error !== null && <ErrorNotice error={error} />}
      <div class="cc-admin-columns">
        <section class="cc-admin-list" aria-label={t.knowledge.title}>
          {items === null ? (
            <p class="cc-muted">{t.loading}</p>
          ) : (
            <table class="cc-admin-table">
              <thead>
                <tr>
                  <th scope="col">{t.knowledge.columns.title}</th>
                  <th scope="col">{t.knowledge.columns.questions}</th>
                  <th scope="col">{t.knowledge.columns.tags}</th>
                  <th scope="col">{t.knowledge.columns.active}</th>
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
                            knowledgeApi.get(item.id).then(setSelected, setError);
                          }}
                        >
                          {item.title}
                        </button>
                      </th>
                      <td>{item.questions.length}</td>
                      <td>{item.tags.join(', ')}</td>
                      <td>{item.active ? t.knowledge.yes : t.knowledge.no}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>
        <div class="cc-admin-detail">
          {selected === null ? (
            <p class="cc-muted">{t.knowledge.empty}</p>
          ) : (
            <KnowledgeEditor
              article={selected === 'new' ? null : selected}
              onSaved={(article, message) => {
                setNotice(message);
                setSelected(article);
                void reload();
              }}
              onDeleted={(title) => {
                setNotice(fill(t.knowledge.deleted, { title }));
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
