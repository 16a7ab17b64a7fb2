import type { KnowledgeContentView, KnowledgeView } from '../../../server/contracts/admin.ts';
import { format as fill } from '../strings.ts';
import { knowledgeApi } from './api.ts';
import { lines } from './edit.ts';
import { adminStrings as t } from './strings.ts';
import { VersionedEditor } from './VersionedEditor.tsx';

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
  onDeleted(message: string): void;
}

/** Create or edit one knowledge article (question variants, answer, link, tags), versioned like intents. */
export function KnowledgeEditor({ article, onSaved, onDeleted }: KnowledgeEditorProps) {
  return (
    <VersionedEditor<KnowledgeView, Draft, KnowledgeContentView>
      record={article}
      api={knowledgeApi}
      keyOf={(record) => record.id}
      draftOf={draftOf}
      contentOf={contentOf}
      title={(base) =>
        base === null
          ? t.knowledge.creating
          : fill(t.knowledge.editing, { title: base.title, version: base.version })
      }
      messages={t.knowledge}
      named={(record) => ({ title: record.title })}
      renderTheirs={(theirs) => (
        <>
          <p>{theirs.title}</p>
          <pre class="cc-pre">{theirs.questions.join('\n')}</pre>
          <p class="cc-pre">{theirs.answer}</p>
        </>
      )}
      onSaved={onSaved}
      onDeleted={onDeleted}
      fields={({ id, draft, set, patch }) => (
        <>
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
            <input
              type="text"
              value={draft.tags}
              onInput={set('tags')}
              aria-describedby={`${id}-tags-hint`}
            />
            <small id={`${id}-tags-hint`} class="cc-muted">
              {t.knowledge.tagsHint}
            </small>
          </label>
          <label class="cc-check">
            <input
              type="checkbox"
              checked={draft.active}
              onChange={(event) => patch({ active: (event.currentTarget as HTMLInputElement).checked })}
            />{' '}
            {t.knowledge.active}
          </label>
        </>
      )}
    />
  );
}
