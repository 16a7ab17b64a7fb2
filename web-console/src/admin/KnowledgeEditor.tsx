import { useEffect, useId, useState } from 'preact/hooks';
import type { KnowledgeContentView, KnowledgeView } from '../../../server/contracts/admin.ts';
import { format as fill } from '../strings.ts';
import { knowledgeApi } from './api.ts';
import { ErrorNotice } from './common.tsx';
import { changedFields, conflictVersion, lines } from './edit.ts';
import { ConflictNotice } from './ConflictNotice.tsx';
import { adminStrings as t } from './strings.ts';
import { VersionHistory } from './VersionHistory.tsx';

interface Draft {
  slug: string;
  title: string;
  questions: string;
  answer: string;
  link: string;
  tags: string;
  active: boolean;
}

const draftOf = (article: KnowledgeView | null): Draft => ({
  slug: article?.slug ?? '',
  title: article?.title ?? '',
  questions: article?.questions.join('\n') ?? '',
  answer: article?.answer ?? '',
  link: article?.link ?? '',
  tags: article?.tags.join(', ') ?? '',
  active: article?.active ?? true,
});

const contentOf = (draft: Draft): KnowledgeContentView => ({
  slug: draft.slug.trim(),
  title: draft.title.trim(),
  questions: lines(draft.questions),
  answer: draft.answer.trim(),
  link: draft.link.trim() === '' ? null : draft.link.trim(),
  tags: draft.tags
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== ''),
  active: draft.active,
});

export interface KnowledgeEditorProps {
  article: KnowledgeView | null;
  onSaved(article: KnowledgeView, message: string): void;
  onDeleted(title: string): void;
}

/** Create or edit one knowledge article (question variants, answer, link, tags), versioned like intents. */
export function KnowledgeEditor({ article, onSaved, onDeleted }: KnowledgeEditorProps) {
  const id = useId();
  // As in the intent editor: `base` for If-Match, `origin` to send only the fields the admin changed.
  const [base, setBase] = useState<KnowledgeView | null>(article);
  const [origin, setOrigin] = useState<KnowledgeView | null>(article);
  const [draft, setDraft] = useState<Draft>(() => draftOf(article));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState<number | null>(null);

  useEffect(() => {
    setBase(article);
    setOrigin(article);
    setDraft(draftOf(article));
    setError(null);
    setConflict(null);
  }, [article?.id, article?.version]);

  const set = (field: keyof Draft) => (event: Event) =>
    setDraft({ ...draft, [field]: (event.currentTarget as HTMLInputElement).value });

  const failed = (e: unknown) => {
    const current = conflictVersion(e);
    if (current !== null) setConflict(current);
    else setError(e);
  };

  const save = async (on: KnowledgeView | null = base) => {
    setBusy(true);
    setError(null);
    setConflict(null);
    try {
      const saved =
        on === null
          ? await knowledgeApi.create(contentOf(draft))
          : await knowledgeApi.update(
              on.id,
              on.version,
              changedFields(contentOf(draft), origin === null ? null : contentOf(draftOf(origin))),
            );
      setBase(saved);
      setOrigin(saved);
      onSaved(
        saved,
        on === null
          ? fill(t.knowledge.created, { title: saved.title })
          : fill(t.knowledge.saved, { version: saved.version }),
      );
    } catch (e) {
      failed(e);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (base === null || !confirm(fill(t.knowledge.confirmDelete, { title: base.title }))) return;
    try {
      await knowledgeApi.remove(base.id, base.version);
      onDeleted(base.title);
    } catch (e) {
      failed(e);
    }
  };

  return (
    <section class="cc-admin-editor" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        {base === null
          ? t.knowledge.creating
          : fill(t.knowledge.editing, { title: base.title, version: base.version })}
      </h3>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <label class="cc-field">
          <span>{t.knowledge.articleTitle}</span>
          <input type="text" value={draft.title} onInput={set('title')} required />
        </label>
        <label class="cc-field">
          <span>{t.knowledge.slug}</span>
          <input
            type="text"
            value={draft.slug}
            onInput={set('slug')}
            required
            spellcheck={false}
            aria-describedby={`${id}-slug-hint`}
          />
          <small id={`${id}-slug-hint`} class="cc-muted">
            {t.knowledge.slugHint}
          </small>
        </label>
        <label class="cc-field">
          <span>{t.knowledge.questions}</span>
          <textarea
            rows={6}
            value={draft.questions}
            onInput={set('questions')}
            aria-describedby={`${id}-questions-hint`}
          />
          <small id={`${id}-questions-hint`} class="cc-muted">
            {t.knowledge.questionsHint}
          </small>
        </label>
        <label class="cc-field">
          <span>{t.knowledge.answer}</span>
          <textarea rows={5} value={draft.answer} onInput={set('answer')} required />
        </label>
        <label class="cc-field">
          <span>{t.knowledge.link}</span>
          <input type="text" inputMode="url" value={draft.link} onInput={set('link')} />
        </label>
        <label class="cc-field">
          <span>{t.knowledge.tags}</span>
          <input type="text" value={draft.tags} onInput={set('tags')} aria-describedby={`${id}-tags-hint`} />
          <small id={`${id}-tags-hint`} class="cc-muted">
            {t.knowledge.tagsHint}
          </small>
        </label>
        <label class="cc-check">
          <input
            type="checkbox"
            checked={draft.active}
            onChange={(event) =>
              setDraft({ ...draft, active: (event.currentTarget as HTMLInputElement).checked })
            }
          />{' '}
          {t.knowledge.active}
        </label>
        {error !== null && <ErrorNotice error={error} />}
        {conflict !== null && base !== null && (
          <ConflictNotice<KnowledgeView>
            yours={base.version}
            current={conflict}
            load={() => knowledgeApi.get(base.id)}
            render={(theirs) => (
              <>
                <p>{theirs.title}</p>
                <pre class="cc-pre">{theirs.questions.join('\n')}</pre>
                <p class="cc-pre">{theirs.answer}</p>
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
          {base !== null && (
            <button type="button" class="cc-button cc-danger" onClick={() => void remove()}>
              {t.delete}
            </button>
          )}
        </div>
      </form>
      {base !== null && (
        <VersionHistory
          currentVersion={base.version}
          load={() => knowledgeApi.history(base.id)}
          diff={(from, to) => knowledgeApi.diff(base.id, from, to)}
          rollback={async (toVersion) => {
            const saved = await knowledgeApi.rollback(base.id, base.version, toVersion);
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
