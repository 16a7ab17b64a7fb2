import { useEffect, useState } from 'preact/hooks';
import type { IntentSummaryView, IntentView } from '../../../server/contracts/admin.ts';
import { format as fill } from '../strings.ts';
import { intentsApi, modelsApi } from './api.ts';
import { percent } from './common.tsx';
import { IntentEditor } from './IntentEditor.tsx';
import { RecordsPage } from './RecordsPage.tsx';
import { adminStrings as t } from './strings.ts';

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

// The intents by name, then the out-of-scope examples.
const listIntents = () =>
  intentsApi
    .list()
    .then((all) => [...all.filter((i) => i.kind === 'intent'), ...all.filter((i) => i.kind !== 'intent')]);

/** Intents: the list with example counts and last F1, and the editor of the chosen or a new intent. */
export function IntentsPage() {
  const [evaluation, setEvaluation] = useState<LastEvaluation | null>(null);
  useEffect(() => {
    lastEvaluation().then(setEvaluation, () => setEvaluation(null));
  }, []);

  return (
    <RecordsPage<IntentSummaryView, IntentView>
      titleId="cc-intents-title"
      title={t.intents.title}
      newLabel={t.intents.newIntent}
      listLabel={t.intents.listLabel}
      emptyLabel={t.intents.empty}
      list={listIntents}
      open={(item) => intentsApi.get(item.name)}
      caption={
        evaluation !== null && (
          <caption class="cc-muted">{fill(t.intents.f1Caption, { number: evaluation.number })}</caption>
        )
      }
      nameHeader={t.intents.columns.name}
      nameOf={(item) => (item.kind === 'out_of_scope' ? t.intents.outOfScope : item.name)}
      columns={[
        { header: t.intents.columns.action, cell: (item) => item.action },
        { header: t.intents.columns.examples, cell: (item) => item.exampleCount },
        {
          header: t.intents.columns.f1,
          cell: (item) => {
            const f1 = evaluation?.f1.get(item.name);
            return f1 === undefined ? <span class="cc-muted">{t.intents.noF1}</span> : percent(f1);
          },
        },
      ]}
      editor={(intent, events) => <IntentEditor intent={intent} {...events} />}
    />
  );
}
