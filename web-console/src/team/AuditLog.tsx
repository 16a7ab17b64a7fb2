import { useEffect, useState } from 'preact/hooks';
import { format } from '../strings.ts';
import { formatTime } from '../ui/time.ts';
import { AUDIT_PAGE_SIZE, listAudit, type AuditEventView, type AuditFilters, type UserView } from './api.ts';
import { teamStrings as t } from './strings.ts';

const NO_FILTERS: AuditFilters = { actor: '', action: '', from: '', to: '' };

/** The audit log, newest first, filtered by actor, action (or a family such as `user.`) and a range of days. */
export function AuditLog({ users, version }: { users: UserView[]; version: number }) {
  const [draft, setDraft] = useState<AuditFilters>(NO_FILTERS);
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  const [page, setPage] = useState(1);
  const [result, setResult] = useState<{ items: AuditEventView[]; total: number } | { error: string } | null>(
    null,
  );

  useEffect(() => {
    let current = true;
    listAudit(filters, page).then(
      (loaded) => current && setResult(loaded),
      (error: Error) => current && setResult({ error: error.message }),
    );
    return () => {
      current = false;
    };
  }, [filters, page, version]);

  const names = new Map(users.map((user) => [user.id, user.name]));
  const party = (p: { type: string; id: string | null }) =>
    p.type === 'user' && p.id !== null
      ? (names.get(p.id) ?? p.id)
      : `${p.type}${p.id === null ? '' : ` ${p.id}`}`;
  const field = (key: keyof AuditFilters) => (event: Event) =>
    setDraft({ ...draft, [key]: (event.currentTarget as HTMLInputElement | HTMLSelectElement).value });
  const apply = (event: Event) => {
    event.preventDefault();
    setPage(1);
    setFilters(draft);
  };
  const pages =
    result !== null && 'total' in result ? Math.max(1, Math.ceil(result.total / AUDIT_PAGE_SIZE)) : 1;

  return (
    <section aria-labelledby="cc-team-audit">
      <h3 id="cc-team-audit">{t.audit}</h3>
      <form class="cc-team-filters" onSubmit={apply}>
        <label class="cc-field">
          {t.actor}
          <select value={draft.actor} onChange={field('actor')}>
            <option value="">{t.anyone}</option>
            {users.map((user) => (
              <option key={user.id} value={user.id}>
                {user.name}
              </option>
            ))}
          </select>
        </label>
        <label class="cc-field">
          {t.action}
          <input value={draft.action} placeholder={t.actionHint} onInput={field('action')} />
        </label>
        <label class="cc-field">
          {t.from}
          <input type="date" value={draft.from} onInput={field('from')} />
        </label>
        <label class="cc-field">
          {t.to}
          <input type="date" value={draft.to} onInput={field('to')} />
        </label>
        <button type="submit" class="cc-button">
          {t.filter}
        </button>
      </form>
      {result === null ? (
        <p class="cc-loading">{t.loading}</p>
      ) : 'error' in result ? (
        <p class="cc-error">{result.error}</p>
      ) : result.items.length === 0 ? (
        <p class="cc-empty">{t.noEvents}</p>
      ) : (
        <>
          <div class="cc-page-scroll">
            <table class="cc-page-table cc-team-table">
              <thead>
                <tr>
                  <th scope="col">{t.when}</th>
                  <th scope="col">{t.actor}</th>
                  <th scope="col">{t.action}</th>
                  <th scope="col">{t.target}</th>
                  <th scope="col">{t.details}</th>
                </tr>
              </thead>
              <tbody>
                {result.items.map((event) => (
                  <tr key={event.id}>
                    <td>
                      <time dateTime={event.at}>{formatTime(event.at)}</time>
                    </td>
                    <td>{party(event.actor)}</td>
                    <td>
                      <code>{event.action}</code>
                    </td>
                    <td>{party(event.target)}</td>
                    {/* Data as text: it can hold anything a request carried. */}
                    <td class="cc-team-data">{event.data === null ? '' : JSON.stringify(event.data)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="cc-team-pager">
            <button
              type="button"
              class="cc-button cc-small"
              disabled={page <= 1}
              onClick={() => setPage(page - 1)}
            >
              {t.newer}
            </button>
            <span>{format(t.pageOf, { page, pages, total: result.total })}</span>
            <button
              type="button"
              class="cc-button cc-small"
              disabled={page >= pages}
              onClick={() => setPage(page + 1)}
            >
              {t.older}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
