import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Store } from '../store/store.ts';
import { unreadCount } from '../store/selectors.ts';
import type { WidgetState } from '../store/state.ts';
import { Environment, type WidgetEnvironment } from './context.ts';
import { Launcher } from './Launcher.tsx';
import { Panel } from './Panel.tsx';

export interface WidgetProps {
  store: Store;
  environment: WidgetEnvironment;
  /** Set by an open or close the visitor (or the shop's code) asked for, so focus follows it; a panel
   *  restored open after a page navigation leaves the page's focus alone. */
  focusRequests: { current: 'panel' | 'launcher' | null };
}

/** The whole widget: the launcher, and the chat panel while open. Renders the store, nothing else. */
export function Widget({ store, environment, focusRequests }: WidgetProps) {
  const [state, setState] = useState<WidgetState>(store.get());
  useLayoutEffect(() => {
    const unsubscribe = store.subscribe((next) => setState(next));
    // Whatever changed between the first render and this subscription (an open() queued before the app
    // arrived) is picked up now.
    setState(store.get());
    return unsubscribe;
  }, [store]);
  const launcher = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!state.open && focusRequests.current === 'launcher') {
      focusRequests.current = null;
      launcher.current?.focus();
    }
  }, [state.open, focusRequests]);

  return (
    <Environment.Provider value={environment}>
      <div class={`cc-root cc-${environment.options.position}`} lang={environment.strings.locale}>
        {!state.open && <Launcher buttonRef={launcher} unread={unreadCount(state)} />}
        {state.open && <Panel state={state} focusRequests={focusRequests} />}
      </div>
    </Environment.Provider>
  );
}
