import { useCallback, useEffect, useState } from 'preact/hooks';
import { format } from '../strings.ts';
import type { SectionProps } from '../ui/sections.ts';
import { formatTime } from '../ui/time.ts';
import { listUsers, updateUser, setPassword, type UserView } from './api.ts';
import { AuditLog } from './AuditLog.tsx';
import { NewPersonForm, OwnPasswordForm } from './PasswordForms.tsx';
import { teamStrings as t } from './strings.ts';
import './team.css';

type Notice = { kind: 'ok' | 'error'; text: string } | null;

/**
 * Team (admins): the staff accounts with their role, capacity and status, a form for a new person, your own
 * password, and the audit log. Deactivating someone ends their sessions at once (the server cuts their tokens,
 * cookie sessions and console sockets); every change is checked and audited by the server.
 */
export function TeamPage({ user }: SectionProps) {
  const [users, setUsers] = useState<UserView[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [auditVersion, setAuditVersion] = useState(0);

  const load = useCallback(async () => {
    try {
      setUsers((await listUsers()).items);
      setLoadError(null);
    } catch (error) {
      setLoadError(error instanceof Error ? error.message : String(error));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  /** Runs a change, says how it went, and reloads the people and the audit log. */
  const act = async (change: () => Promise<string>): Promise<boolean> => {
    try {
      setNotice({ kind: 'ok', text: await change() });
      return true;
    } catch (error) {
      setNotice({ kind: 'error', text: error instanceof Error ? error.message : String(error) });
      return false;
    } finally {
      await load();
      setAuditVersion((v) => v + 1);
    }
  };

  return (
    <section class="cc-page" aria-labelledby="cc-team-title">
      <h2 id="cc-team-title">{t.title}</h2>
      <p role="status" class={notice?.kind === 'error' ? 'cc-error' : 'cc-page-ok'}>
        {notice?.text ?? ''}
      </p>
      <section aria-labelledby="cc-team-people">
        <h3 id="cc-team-people">{t.people}</h3>
        {loadError !== null ? (
          <p class="cc-error">{loadError}</p>
        ) : users === null ? (
          <p class="cc-loading">{t.loading}</p>
        ) : (
          <div class="cc-page-scroll">
            <table class="cc-page-table cc-team-table">
              <thead>
                <tr>
                  <th scope="col">{t.name}</th>
                  <th scope="col">{t.email}</th>
                  <th scope="col">{t.role}</th>
                  <th scope="col">{t.capacity}</th>
                  <th scope="col">{t.status}</th>
                  <th scope="col">{t.lastLogin}</th>
                  <th scope="col">
                    <span class="cc-visually-hidden">{t.password}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {users.map((person) => (
                  <PersonRow key={person.id} person={person} self={person.id === user.id} act={act} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <div class="cc-team-forms">
        <NewPersonForm act={act} />
        <OwnPasswordForm act={act} />
      </div>
      <AuditLog users={users ?? []} version={auditVersion} />
    </section>
  );
}

interface RowProps {
  person: UserView;
  self: boolean;
  act(change: () => Promise<string>): Promise<boolean>;
}

function PersonRow({ person, self, act }: RowProps) {
  const [role, setRole] = useState(person.role);
  const [capacity, setCapacity] = useState(String(person.capacity));
  const [password, setPasswordText] = useState<string | null>(null);
  const name = person.name;
  const changed = role !== person.role || Number(capacity) !== person.capacity;

  const save = () =>
    void act(async () => {
      await updateUser(person.id, { role, capacity: Number(capacity) });
      return format(t.saved, { name });
    });
  const toggleActive = () =>
    void act(async () => {
      await updateUser(person.id, { active: !person.active });
      return format(person.active ? t.deactivated : t.reactivated, { name });
    });
  const submitPassword = (event: Event) => {
    event.preventDefault();
    if (password === null) return;
    void act(async () => {
      await setPassword(person.id, password);
      return format(t.passwordSet, { name });
    }).then((ok) => ok && setPasswordText(null));
  };

  return (
    <tr class={person.active ? '' : 'cc-team-inactive'}>
      <th scope="row">
        {name} {self && <span class="cc-muted">{t.you}</span>}
      </th>
      <td>{person.email}</td>
      <td>
        <select
          aria-label={format(t.roleFor, { name })}
          value={role}
          disabled={self}
          onChange={(event) => setRole((event.currentTarget as HTMLSelectElement).value as typeof role)}
        >
          <option value="agent">{t.roles['agent']}</option>
          <option value="admin">{t.roles['admin']}</option>
        </select>
      </td>
      <td>
        <input
          type="number"
          min={0}
          max={100}
          class="cc-team-capacity"
          aria-label={format(t.capacityFor, { name })}
          value={capacity}
          onInput={(event) => setCapacity((event.currentTarget as HTMLInputElement).value)}
        />{' '}
        <button
          type="button"
          class="cc-button cc-small"
          aria-label={format(t.saveFor, { name })}
          disabled={!changed}
          onClick={save}
        >
          {t.save}
        </button>
      </td>
      <td>
        <span class={person.active ? 'cc-team-active' : 'cc-error'}>
          {person.active ? t.active : t.inactive}
        </span>{' '}
        {!self && (
          <button
            type="button"
            class="cc-button cc-small"
            aria-label={format(person.active ? t.deactivateFor : t.reactivateFor, { name })}
            onClick={toggleActive}
          >
            {person.active ? t.deactivate : t.reactivate}
          </button>
        )}
      </td>
      <td>{person.lastLoginAt === null ? t.never : formatTime(person.lastLoginAt)}</td>
      <td>
        {password === null ? (
          <button
            type="button"
            class="cc-button cc-small"
            aria-label={format(t.setPasswordFor, { name })}
            onClick={() => setPasswordText('')}
          >
            {t.setPassword}
          </button>
        ) : (
          <form class="cc-team-inline" onSubmit={submitPassword}>
            <input
              type="password"
              autoComplete="new-password"
              aria-label={format(t.newPasswordFor, { name })}
              value={password}
              onInput={(event) => setPasswordText((event.currentTarget as HTMLInputElement).value)}
            />
            <button type="submit" class="cc-button cc-small" disabled={password === ''}>
              {t.save}
            </button>
          </form>
        )}
      </td>
    </tr>
  );
}
