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

interface Delivery {
  event: DomainEventName;
  listener: EventListener<DomainEventName>;
  payload: unknown;
}

export function createEventBus(options: EventBusOptions = {}): EventBus {
  const listeners = new Map<DomainEventName, Set<EventListener<DomainEventName>>>();
  const report = options.onListenerError ?? (() => {});
  // Deliveries wait here until one setImmediate runs them all: after the current I/O phase, so the reply is
  // written first, and with one timer per turn instead of one per listener and event (a chat message emits
  // several events; at a thousand messages a second the per-delivery timers and promises showed in profiles).
  let queue: Delivery[] = [];
  let flushing: Promise<void> | null = null;
  // Async listeners still running; drain() waits for them.
  const running = new Set<Promise<void>>();

  function fail(event: DomainEventName, error: unknown) {
    try {
      report({ event, error });
    } catch {
      // A failing error reporter must not turn into an unhandled rejection either.
    }
  }

  function deliver({ event, listener, payload }: Delivery) {
    let result: void | Promise<void>;
    try {
      result = listener(payload as DomainEvents[DomainEventName]);
    } catch (error) {
      fail(event, error);
      return;
    }
    if (result instanceof Promise) {
      const settled = result.then(
        () => {},
        (error: unknown) => fail(event, error),
      );
      running.add(settled);
      void settled.then(() => running.delete(settled));
    }
  }

  function schedule() {
    flushing ??= new Promise<void>((resolve) => {
      setImmediate(() => {
        const batch = queue;
        queue = [];
        flushing = null;
        batch.forEach(deliver);
        resolve();
      });
    });
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
      if (!set || set.size === 0) return;
      for (const listener of set) queue.push({ event, listener, payload });
      schedule();
    },
    async drain() {
      // Listeners may emit further events; loop until a pass adds nothing, bounded to avoid a livelock.
      for (let pass = 0; pass < 100 && (flushing !== null || running.size > 0); pass += 1) {
        await flushing;
        await Promise.all([...running]);
      }
    },
  };
}
