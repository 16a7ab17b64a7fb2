import { createContext } from 'preact';
import { useContext, useLayoutEffect, useState } from 'preact/hooks';
import type { ConsoleClient } from '../console-client.ts';
import type { ConsoleState } from '../state/state.ts';
import type { Store } from '../state/store.ts';

export interface ConsoleEnvironment {
  store: Store;
  client: ConsoleClient;
}

export const Environment = createContext<ConsoleEnvironment | null>(null);

export function useEnvironment(): ConsoleEnvironment {
  const environment = useContext(Environment);
  if (environment === null) throw new Error('the console environment is missing');
  return environment;
}

/** The store's state, re-rendered on every change. */
export function useConsoleState(store: Store): ConsoleState {
  const [state, setState] = useState(store.get());
  useLayoutEffect(() => {
    const unsubscribe = store.subscribe((next) => setState(next));
    setState(store.get());
    return unsubscribe;
  }, [store]);
  return state;
}
