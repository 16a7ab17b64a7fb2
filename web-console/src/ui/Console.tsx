import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Session } from '../api/http.ts';
import { createConsoleClient } from '../console-client.ts';
import { createStore } from '../state/store.ts';
import { strings } from '../strings.ts';
import { Environment, useConsoleState } from './context.ts';
import { ConversationView } from './ConversationView.tsx';
import { Inbox } from './Inbox.tsx';
import { LazySection } from './LazySection.tsx';
import { INBOX, sectionFromHash, SectionNav } from './SectionNav.tsx';
import { sectionsFor } from './sections.ts';
import { announceAssignment } from './notify.ts';
import { SidePanel } from './SidePanel.tsx';
import { TopBar } from './TopBar.tsx';

export interface ConsoleProps {
  session: Session;
  onSignOut(): void;
  onSessionEnded(): void;
}

/** The signed-in console: the bar, the inbox, the open conversation and the customer beside it. */
export function Console({ session, onSignOut, onSessionEnded }: ConsoleProps) {
  const store = useMemo(() => createStore(), []);
  const [client] = useState(() =>
    createConsoleClient({
      store,
      onAssigned: (notice) =>
        announceAssignment(notice, () => void client.open(notice.conversation.id).catch(() => {})),
      onSignedOut: onSessionEnded,
    }),
  );
  useEffect(() => () => client.disconnect(), [client]);
  const state = useConsoleState(store);
  const environment = useMemo(() => ({ store, client }), [store, client]);
  const [section, setSection] = useState(() => sectionFromHash(location.hash, session.user.role));
  const page = sectionsFor(session.user.role).find((candidate) => candidate.id === section);

  return (
    <Environment.Provider value={environment}>
      <div class="cc-app">
        <TopBar state={state} session={session} onSignOut={onSignOut} />
        <SectionNav section={section} role={session.user.role} onChange={setSection} />
        {state.notice !== null && (
          <div class={`cc-notice cc-notice-${state.notice.kind}`} role="alert">
            <span>{state.notice.text}</span>
            <button
              type="button"
              class="cc-button cc-small"
              onClick={() => store.dispatch({ type: 'notice-cleared' })}
            >
              {strings.dismiss}
            </button>
          </div>
        )}
        {page !== undefined ? (
          <LazySection
            section={page}
            user={session.user}
            onOpenConversation={(id) => {
              history.replaceState(null, '', `#${INBOX}`);
              setSection(INBOX);
              client
                .open(id)
                .catch((error: Error) =>
                  store.dispatch({ type: 'notice', notice: { kind: 'error', text: error.message } }),
                );
            }}
          />
        ) : (
          <div class="cc-columns">
            <Inbox state={state} />
            <ConversationView state={state} />
            {state.open !== null && <SidePanel open={state.open} />}
          </div>
        )}
      </div>
    </Environment.Provider>
  );
}
