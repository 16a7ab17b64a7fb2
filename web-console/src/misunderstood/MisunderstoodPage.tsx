import { useCallback, useEffect, useState } from 'preact/hooks';
import type {
  MisunderstoodGroupView,
  MisunderstoodInboxView,
} from '../../../server/contracts/misunderstood.ts';
import { ApiError } from '../api/http.ts';
import { format } from '../strings.ts';
import type { SectionProps } from '../ui/sections.ts';
import { addTo, dismiss, fetchInbox, fetchTargets, type Target } from './api.ts';
import { misunderstoodStrings as t } from './strings.ts';
import './misunderstood.css';

type Loaded = { inbox: MisunderstoodInboxView; targets: Target[] } | { error: string };
type Notice = { kind: 'ok' | 'error'; text: string } | null;

const targetValue = (target: Pick<Target, 'kind' | 'key'>) => `${target.kind}:${target.key}`;

/**
 * The misunderstood inbox (admins): similar messages grouped with their count and examples; each message or
 * group is added to an intent's examples or a knowledge article's question variants, or dismissed. Every
 * write goes through the server's stores (versions, validation), which answer 409 when the target changed.
 */
export function MisunderstoodPage(_props: SectionProps) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const [inbox, targets] = await Promise.all([fetchInbox(), fetchTargets()]);
      setLoaded({ inbox, targets });
    } catch (error) {
      setLoaded({ error: error instanceof Error ? error.message : String(error) });
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const run = async (action: () => Promise<string>) => {
    setBusy(true);
    try {
      setNotice({ kind: 'ok', text: await action() });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      setNotice({
        kind: 'error',
        text: error instanceof ApiError && error.status === 409 ? format(t.conflict, { message }) : message,
      });
    } finally {
      await load();
      setBusy(false);
    }
  };

  const onAdd = (target: Target, ids: string[]) =>
    run(async () => {
      const result = await addTo(target, ids);
      return format(target.kind === 'intent' ? t.addedToIntent : t.addedToArticle, {
        added: result.added.length,
        target: target.label,
        version: result.version,
      });
    });
  const onDismiss = (ids: string[]) =>
    run(async () => format(t.dismissed, { closed: (await dismiss(ids)).closed }));

  return (
    <section class="cc-misunderstood" aria-labelledby="cc-misunderstood-title">
      <div class="cc-misunderstood-head">
        <h2 id="cc-misunderstood-title">{t.title}</h2>
        <button type="button" class="cc-button" onClick={() => void load()} disabled={busy}>
          {t.refresh}
        </button>
      </div>
      <p class="cc-muted">{t.intro}</p>
      <p role="status" class={notice?.kind === 'error' ? 'cc-error' : 'cc-notice-text'}>
        {notice?.text ?? ''}
      </p>
      {loaded === null ? (
        <p class="cc-loading">{t.loading}</p>
      ) : 'error' in loaded ? (
        <p class="cc-error">{loaded.error}</p>
      ) : loaded.inbox.groups.length === 0 ? (
        <p class="cc-empty">{t.empty}</p>
      ) : (
        <>
          <p>
            {loaded.inbox.grouped < loaded.inbox.total
              ? format(t.summaryPartial, { total: loaded.inbox.total, grouped: loaded.inbox.grouped })
              : format(t.summary, { total: loaded.inbox.total, groups: loaded.inbox.groups.length })}
          </p>
          <ol class="cc-mu-groups">
            {loaded.inbox.groups.map((group) => (
              <GroupItem
                key={group.id}
                group={group}
                targets={loaded.targets}
                busy={busy}
                onAdd={onAdd}
                onDismiss={onDismiss}
              />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

interface GroupProps {
  group: MisunderstoodGroupView;
  targets: Target[];
  busy: boolean;
  onAdd(target: Target, ids: string[]): void;
  onDismiss(ids: string[]): void;
}

function GroupItem({ group, targets, busy, onAdd, onDismiss }: GroupProps) {
  const suggested =
    group.suggestedIntent === null ? '' : targetValue({ kind: 'intent', key: group.suggestedIntent });
  const [chosen, setChosen] = useState(suggested);
  const target = targets.find((candidate) => targetValue(candidate) === chosen) ?? null;
  const headingId = `cc-mu-${group.id}`;
  const selectId = `cc-mu-target-${group.id}`;
  const intents = targets.filter((candidate) => candidate.kind === 'intent');
  const articles = targets.filter((candidate) => candidate.kind === 'knowledge');

  return (
    <li class="cc-mu-group">
      <article aria-labelledby={headingId}>
        <div class="cc-mu-group-head">
          {/* Visitor text as text, never markup. */}
          <h3 id={headingId}>“{group.text}”</h3>
          <span class="cc-badge">
            {group.count === 1 ? t.oneMessage : format(t.messages, { count: group.count })}
          </span>
        </div>
        <p class="cc-mu-meta">
          {Object.entries(group.sources).map(([source, count]) => (
            <span key={source} class="cc-tag">
              {t.sources[source] ?? source} {count}
            </span>
          ))}
          {group.predictedIntent !== null && (
            <span class="cc-muted">{format(t.modelSaid, { intent: group.predictedIntent })}</span>
          )}
          {group.suggestedIntent !== null && (
            <strong>{format(t.agentsSaid, { intent: group.suggestedIntent })}</strong>
          )}
        </p>
        <div class="cc-mu-actions">
          <label class="cc-inline-field" for={selectId}>
            {t.target}
          </label>
          <select
            id={selectId}
            value={chosen}
            onChange={(event) => setChosen((event.currentTarget as HTMLSelectElement).value)}
          >
            <option value="">{t.chooseTarget}</option>
            <optgroup label={t.intents}>
              {intents.map((candidate) => (
                <option key={candidate.key} value={targetValue(candidate)}>
                  {candidate.label}
                </option>
              ))}
            </optgroup>
            <optgroup label={t.articles}>
              {articles.map((candidate) => (
                <option key={candidate.key} value={targetValue(candidate)}>
                  {candidate.label}
                </option>
              ))}
            </optgroup>
          </select>
          <button
            type="button"
            class="cc-button cc-primary"
            disabled={busy || target === null}
            onClick={() => target && onAdd(target, group.entryIds)}
          >
            {format(t.addGroup, { count: group.count })}
          </button>
          <button type="button" class="cc-button" disabled={busy} onClick={() => onDismiss(group.entryIds)}>
            {t.dismissGroup}
          </button>
        </div>
        <h4 class="cc-visually-hidden">{t.examples}</h4>
        <ul class="cc-mu-examples">
          {group.examples.map((example) => (
            <li key={example.entryIds[0]}>
              <span class="cc-mu-text">{example.text}</span>
              {example.entryIds.length > 1 && (
                <span class="cc-muted"> {format(t.times, { count: example.entryIds.length })}</span>
              )}
              <span class="cc-mu-example-actions">
                <button
                  type="button"
                  class="cc-button cc-small"
                  disabled={busy || target === null}
                  aria-label={format(t.addOneLabel, { text: example.text })}
                  onClick={() => target && onAdd(target, example.entryIds)}
                >
                  {t.addOne}
                </button>
                <button
                  type="button"
                  class="cc-button cc-small"
                  disabled={busy}
                  aria-label={format(t.dismissOneLabel, { text: example.text })}
                  onClick={() => onDismiss(example.entryIds)}
                >
                  {t.dismissOne}
                </button>
              </span>
            </li>
          ))}
        </ul>
      </article>
    </li>
  );
}
