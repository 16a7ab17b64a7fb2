import type { KnowledgeView } from '../../../server/contracts/admin.ts';
import { knowledgeApi } from './api.ts';
import { KnowledgeEditor } from './KnowledgeEditor.tsx';
import { RecordsPage } from './RecordsPage.tsx';
import { adminStrings as t } from './strings.ts';

/** The shop's knowledge articles: the list, and the editor of the chosen or a new article. */
export function KnowledgePage() {
  return (
    <RecordsPage<KnowledgeView, KnowledgeView>
      titleId="cc-knowledge-title"
      title={t.knowledge.title}
      newLabel={t.knowledge.newArticle}
      listLabel={t.knowledge.title}
      emptyLabel={t.knowledge.empty}
      list={() => knowledgeApi.list()}
      open={(item) => knowledgeApi.get(item.id)}
      nameHeader={t.knowledge.columns.title}
      nameOf={(item) => item.title}
      columns={[
        { header: t.knowledge.columns.questions, cell: (item) => item.questions.length },
        { header: t.knowledge.columns.tags, cell: (item) => item.tags.join(', ') },
        {
          header: t.knowledge.columns.active,
          cell: (item) => (item.active ? t.knowledge.yes : t.knowledge.no),
        },
      ]}
      editor={(article, events) => <KnowledgeEditor article={article} {...events} />}
    />
  );
}
