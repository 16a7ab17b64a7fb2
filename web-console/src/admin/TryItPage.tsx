import type { ComponentChildren } from 'preact';
import { useEffect, useId, useState } from 'preact/hooks';
import type { ModelVersionView, TryResultView } from '../../../server/contracts/admin.ts';
import { format as fill } from '../strings.ts';
import { modelsApi } from './api.ts';
import { ErrorNotice, percent } from './common.tsx';
import { adminStrings as t } from './strings.ts';
import './admin.css';

/** The sentence with each entity as a highlighted span (all of it rendered as text, never as HTML). */
function Highlighted({ result }: { result: TryResultView }) {
  const parts: ComponentChildren[] = [];
  let at = 0;
  const spans = [...result.entities].sort((a, b) => a.start - b.start);
  for (const [index, entity] of spans.entries()) {
    if (entity.start < at) continue;
    if (entity.start > at) parts.push(result.text.slice(at, entity.start));
    parts.push(
      <mark key={index} class="cc-entity" title={entity.type}>
        {result.text.slice(entity.start, entity.end)}
        <span class="cc-entity-type"> {entity.type}</span>
      </mark>,
    );
    at = entity.end;
  }
  parts.push(result.text.slice(at));
  return <p class="cc-highlighted">{parts}</p>;
}

function Analysis({ title, result }: { title: string; result: TryResultView }) {
  const id = useId();
  return (
    <section class="cc-try-result" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      <p class={`cc-oos-decision${result.outOfScope.decision ? ' cc-oos-yes' : ''}`}>
        {result.outOfScope.decision
          ? t.tryIt.outOfScopeDecision
          : fill(t.tryIt.inScope, { intent: result.intent.name })}
      </p>
      <h4>{t.tryIt.ranking}</h4>
      <ol class="cc-ranking">
        {result.ranking.slice(0, 6).map((entry) => (
          <li key={entry.name}>
            <span class="cc-ranking-name">{entry.name}</span>
            <span class="cc-bar" aria-hidden="true">
              <span style={{ width: `${Math.round(entry.confidence * 100)}%` }} />
            </span>
            <span class="cc-ranking-value">{percent(entry.confidence)}</span>
          </li>
        ))}
      </ol>
      <h4>{t.tryIt.entities}</h4>
      {result.entities.length === 0 ? (
        <p class="cc-muted">{t.tryIt.noEntities}</p>
      ) : (
        <Highlighted result={result} />
      )}
      <h4>{t.tryIt.sentiment}</h4>
      <p>
        {result.sentiment.label} ({result.sentiment.score.toFixed(2)})
      </p>
      <h4>{t.tryIt.tokens}</h4>
      <div class="cc-table-scroll">
        <table class="cc-admin-table cc-tokens">
          <thead>
            <tr>
              <th scope="col">{t.tryIt.token}</th>
              <th scope="col">{t.tryIt.pos}</th>
              <th scope="col">{t.tryIt.lemma}</th>
            </tr>
          </thead>
          <tbody>
            {result.tokens.map((token) => (
              <tr key={token.start}>
                <td>{token.text}</td>
                <td>{token.pos}</td>
                <td>{token.lemma}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** "Try it": one sentence through the deployed model and a candidate, side by side. */
export function TryItPage() {
  const [text, setText] = useState('');
  const [versions, setVersions] = useState<ModelVersionView[]>([]);
  const [candidate, setCandidate] = useState('');
  // Each model's answer shows when it comes: a candidate's first analysis loads its model on a thread first.
  const [deployed, setDeployed] = useState<TryResultView | null>(null);
  const [other, setOther] = useState<TryResultView | 'loading' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    modelsApi.list().then(({ items }) => {
      setVersions(items);
      // The newest version that is not deployed is the candidate people want to compare.
      const newest = items.find((v) => !v.deployed) ?? items[0];
      if (newest) setCandidate(newest.id);
    }, setError);
  }, []);

  const analyse = async () => {
    if (text.trim() === '') return;
    setBusy(true);
    setError(null);
    setDeployed(null);
    setOther(candidate === '' ? null : 'loading');
    try {
      await Promise.all([
        modelsApi.tryIt(text, 'deployed').then(setDeployed),
        candidate === '' ? null : modelsApi.tryIt(text, `candidate:${candidate}`).then(setOther),
      ]);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const chosen = versions.find((v) => v.id === candidate);

  return (
    <main class="cc-admin" aria-labelledby="cc-try-title">
      <div class="cc-admin-head">
        <h2 id="cc-try-title">{t.tryIt.title}</h2>
      </div>
      <form
        class="cc-try-form"
        onSubmit={(event) => {
          event.preventDefault();
          void analyse();
        }}
      >
        <label class="cc-field cc-grow">
          <span>{t.tryIt.sentence}</span>
          <input
            type="text"
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
            placeholder={t.tryIt.hint}
            maxLength={2000}
          />
        </label>
        <label class="cc-field">
          <span>{t.tryIt.candidate}</span>
          <select value={candidate} onChange={(e) => setCandidate(e.currentTarget.value)}>
            {versions.length === 0 && <option value="">{t.tryIt.noCandidate}</option>}
            {versions.map((v) => (
              <option key={v.id} value={v.id}>
                {fill(t.tryIt.candidateModel, { number: v.number })}
                {v.deployed ? ` (${t.training.deployedBadge})` : ''}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="cc-button cc-primary" disabled={busy || text.trim() === ''}>
          {t.tryIt.analyse}
        </button>
      </form>
      {error !== null && <ErrorNotice error={error} />}
      {(deployed !== null || other !== null) && (
        <div class="cc-try-columns">
          {deployed === null ? (
            <p class="cc-muted">{t.loading}</p>
          ) : (
            <Analysis title={t.tryIt.deployed} result={deployed} />
          )}
          {other === 'loading' ? (
            <p class="cc-muted">{t.tryIt.loadingCandidate}</p>
          ) : (
            other !== null &&
            chosen !== undefined && (
              <Analysis title={fill(t.tryIt.candidateModel, { number: chosen.number })} result={other} />
            )
          )}
        </div>
      )}
    </main>
  );
}
