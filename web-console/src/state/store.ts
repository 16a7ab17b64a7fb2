import { initialState, type ConsoleState } from './state.ts';
import { update, type ConsoleEvent } from './update.ts';

export type Listener = (state: ConsoleState, previous: ConsoleState) => void;

/** The console's one store: state changes only through `dispatch`, applied by the pure `update`. */
export interface Store {
  get(): ConsoleState;
  dispatch(event: ConsoleEvent): void;
  subscribe(listener: Listener): () => void;
}

export function createStore(state: ConsoleState = initialState()): Store {
  const listeners = new Set<Listener>();
  return {
    get: () => state,
    dispatch(event) {
      const previous = state;
      state = update(state, event);
      if (state !== previous) for (const listener of [...listeners]) listener(state, previous);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
