import type { WidgetState } from './state.ts';
import { update, type WidgetEvent } from './update.ts';

export interface Store {
  get(): WidgetState;
  dispatch(event: WidgetEvent): void;
  /** Called after every change; returns the unsubscribe function. */
  subscribe(listener: (state: WidgetState, previous: WidgetState) => void): () => void;
}

export function createStore(initial: WidgetState): Store {
  let state = initial;
  const listeners = new Set<(state: WidgetState, previous: WidgetState) => void>();
  return {
    get: () => state,
    dispatch(event) {
      const previous = state;
      state = update(state, event);
      if (state !== previous) for (const listener of [...listeners]) listener(state, previous);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
