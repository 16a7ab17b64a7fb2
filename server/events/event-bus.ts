import type { DomainEventName, DomainEvents } from './domain-events.ts';

export type EventListener<K extends DomainEventName> = (payload: DomainEvents[K]) => void | Promise<void>;

export interface ListenerErrorReport {
  event: DomainEventName;
  error: unknown;
}

export interface EventBus {
  on<K extends DomainEventName>(event: K, listener: EventListener<K>): () => void;
  /** Schedules the listeners and returns at once: the caller (the reply path) never waits for them. */
  emit<K extends DomainEventName>(event: K, payload: DomainEvents[K]): void;
  /** Resolves when every listener scheduled so far (and any they scheduled) has finished. */
  drain(): Promise<void>;
}

export interface EventBusOptions {
  onListenerError?: (report: ListenerErrorReport) => void;
}

export function createEventBus(options: EventBusOptions = {}): EventBus {
  const listeners = new Map<DomainEventName, Set<EventListener<DomainEventName>>>();
  const pending = new Set<Promise<void>>();
  const report = options.onListenerError ?? (() => {});

  function runOne<K extends DomainEventName>(event: K, listener: EventListener<K>, payload: DomainEvents[K]) {
    // setImmediate puts the listener after the current I/O phase, so the reply is written first.
    const run = new Promise<void>((resolve) => {
      setImmediate(() => {
        Promise.resolve()
          .then(() => listener(payload))
          .catch((error: unknown) => {
            try {
              report({ event, error });
            } catch {
              // A failing error reporter must not turn into an unhandled rejection either.
            }
          })
          .finally(resolve);
      });
    });
    pending.add(run);
    void run.then(() => pending.delete(run));
  }

  return {
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      const stored = listener as EventListener<DomainEventName>;
      set.add(stored);
      return () => {
        set.delete(stored);
      };
    },
    emit(event, payload) {
      const set = listeners.get(event);
      if (!set) return;
      for (const listener of set) runOne(event, listener as EventListener<typeof event>, payload);
    },
    async drain() {
      // Listeners may emit further events; loop until a pass adds nothing, bounded to avoid a livelock.
      for (let pass = 0; pass < 100 && pending.size > 0; pass += 1) {
        await Promise.all([...pending]);
      }
    },
  };
}
