import { useState } from 'preact/hooks';
import type { Presence } from '../../../server/contracts/agent-events.ts';
import type { Session } from '../api/http.ts';
import type { ConsoleState } from '../state/state.ts';
import { format, strings } from '../strings.ts';
import { useEnvironment } from './context.ts';
import { notificationsWanted, setNotificationsWanted } from './notify.ts';

const PRESENCES: readonly Presence[] = ['online', 'away', 'offline'];

export function TopBar(props: { state: ConsoleState; session: Session; onSignOut(): void }) {
  const { state, session } = props;
  const { client, store } = useEnvironment();
  const [notify, setNotify] = useState(notificationsWanted());
  const presence = state.self?.presence ?? 'offline';

  return (
    <header class="cc-topbar">
      <h1 class="cc-brand">{strings.appName}</h1>
      <span class={`cc-connection cc-connection-${state.connection}`} role="status">
        {strings.connection[state.connection]}
      </span>
      <div class="cc-topbar-end">
        <label class="cc-inline-field">
          <span>{strings.status}</span>
          <select
            class={`cc-presence cc-presence-${presence}`}
            value={presence}
            disabled={state.connection !== 'online'}
            onChange={(e) => {
              const next = e.currentTarget.value as Presence;
              client
                .setPresence(next)
                .catch((error: Error) =>
                  store.dispatch({ type: 'notice', notice: { kind: 'error', text: error.message } }),
                );
            }}
          >
            {PRESENCES.map((p) => (
              <option value={p} key={p}>
                {strings.presence[p]}
              </option>
            ))}
          </select>
        </label>
        {state.self !== null && (
          <span class="cc-load" title={strings.loadTitle}>
            {format(strings.load, { active: state.self.activeCount, capacity: state.self.capacity })}
          </span>
        )}
        <label class="cc-inline-field">
          <input
            type="checkbox"
            checked={notify}
            onChange={async (e) => {
              const wanted = e.currentTarget.checked;
              const outcome = await setNotificationsWanted(wanted);
              setNotify(wanted);
              if (outcome === 'denied') {
                store.dispatch({
                  type: 'notice',
                  notice: { kind: 'info', text: strings.notificationsBlocked },
                });
              }
            }}
          />
          <span>{strings.notifications}</span>
        </label>
        <span class="cc-user">{session.user.name}</span>
        <button type="button" class="cc-button" onClick={props.onSignOut}>
          {strings.signOut}
        </button>
      </div>
    </header>
  );
}
